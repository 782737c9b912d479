"""Extension points that let each app plug in without `core` knowing any domain.

An app may provide:
- `demo.py` with `load() -> list[str]`: demo data, idempotent; returns lines to print.
- `tasks.py` with `PERIODIC`: tasks the workers enqueue once a minute in all (each idempotent).
- `inbox.py` with `sections(user) -> list[InboxSection]`: its share of "Mina uppgifter",
  in a constant number of queries.
- `periods.py` with `closed_years() -> frozenset[int]`: years that are closed (their annual
  report approved); nothing may be added to a closed year.
- `privacy.py` with `redact_audit(user, entries)`: blank (in memory) what `user` may not read
  in audit entries about the app's records (a restricted record's personal data); and
  `audit_search_hidden(user) -> Q`: the entries a search by person or name leaves out.
- `notifications.py` with the kinds of notification it sends (`sakra.accounts.notifications.Kind`):
  read once, so that a stored notification of any app is worded in its reader's language.
- `my_page.py` with `settings(user) -> list[MyPageSetting]`: the app's personal settings that
  Min sida lists (what the person chose, and the page where they change it).
- `prints.py` with `KINDS`: the documents the worker makes of its objects (`sakra.core.prints`).
- `start_page(user) -> str | None` on its AppConfig: the URL name of the page a signed-in
  person lands on, or None to leave them to the next app (and finally to Min sida).
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib import import_module
from types import ModuleType

from django.apps import apps
from django.db import IntegrityError, transaction


def app_modules(name: str) -> Iterator[ModuleType]:
    """The `name` module of every Sakra app that has one, in INSTALLED_APPS order."""
    for config in apps.get_app_configs():
        if not config.name.startswith("sakra."):
            continue
        try:
            yield import_module(f"{config.name}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.{name}":
                raise


def start_page(user) -> str | None:
    """The URL name of `user`'s start page from the first app that names one, else None."""
    for config in apps.get_app_configs():
        choose = getattr(config, "start_page", None)
        if config.name.startswith("sakra.") and callable(choose):
            name = choose(user)
            if name:
                return name
    return None


def year_is_closed(year: int) -> bool:
    """Whether any app says `year` is closed (`periods.py`: `closed_years()`)."""
    return any(year in module.closed_years() for module in app_modules("periods"))


def periodic_tasks() -> list:
    """Every app's periodic tasks (`tasks.py`: `PERIODIC`)."""
    return [task for module in app_modules("tasks") for task in getattr(module, "PERIODIC", ())]


def enqueue_periodic_tasks(period: datetime | None = None, *, worker_id: str = "") -> int:
    """Enqueue every app's periodic tasks; returns how many this call enqueued.

    With a `period` (its start), each task is enqueued once for that period however many
    workers call this: the claim row and the task are written in one transaction, and the
    unique (job, period) pair refuses a second worker's claim. Without one, every task is
    enqueued (`sakra worker` always passes the period).
    """
    from .models import PeriodicRun

    count = 0
    for task in periodic_tasks():
        if period is None:
            task.enqueue()
            count += 1
            continue
        try:
            with transaction.atomic():
                PeriodicRun.objects.create(job=task.module_path, period=period, worker_id=worker_id)
                task.enqueue()
        except IntegrityError:
            continue  # another worker enqueued it for this period
        count += 1
    return count


def redact_audit_entries(user, entries) -> list:
    """The audit entries with what `user` may not read blanked by every app's `privacy.py`."""
    entries = list(entries)
    if entries:
        for module in app_modules("privacy"):
            module.redact_audit(user, entries)
    return entries


def audit_search_hidden(user) -> list:
    """Conditions (on auditlog's LogEntry) of the entries a search by person or object name
    must not count for `user`, from every app's `privacy.py`."""
    return [module.audit_search_hidden(user) for module in app_modules("privacy")]


@dataclass(frozen=True)
class InboxItem:
    """One thing waiting for a person, linking to where they act on it."""

    title: str
    url: str
    detail: str = ""
    due: date | None = None
    overdue: bool = False


@dataclass(frozen=True)
class InboxSection:
    """A module's share of "Mina uppgifter": a few items, the full count and a link to all."""

    key: str
    title: str
    items: list[InboxItem] = field(default_factory=list)
    count: int = 0
    url: str = ""
    #: Waits on someone's safety (an acute report): shown first whenever it holds anything.
    urgent: bool = False


def inbox_sections(user) -> list[InboxSection]:
    """Everything waiting for `user`, from every app's `inbox.py` (`sections(user)`)."""
    sections: list[InboxSection] = []
    for module in app_modules("inbox"):
        sections.extend(module.sections(user))
    return sorted(sections, key=lambda section: not (section.urgent and section.count))


@dataclass(frozen=True)
class MyPageSetting:
    """A personal setting an app offers on Min sida: what it is, what is chosen, where to
    change it."""

    title: str
    value: str
    url: str


def my_page_settings(user) -> list[MyPageSetting]:
    """Every app's personal settings for `user` (`my_page.py`: `settings(user)`)."""
    return [item for module in app_modules("my_page") for item in module.settings(user)]
