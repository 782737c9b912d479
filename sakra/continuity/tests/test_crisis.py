import datetime
import io
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, connections, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.actions.models import Action
from sakra.core.choices import PrintStatus
from sakra.core.models import PrintJob
from sakra.core.tasks import make_print
from sakra.incidents.models import OnCallShift
from sakra.testing import count_queries

from .. import services
from ..choices import CrisisStatus, EntryKind
from ..models import Crisis, CrisisTemplate, LogEntry
from ..prints import CRISIS_LOG

pytestmark = pytest.mark.django_db


def _now(minutes=0):
    return timezone.now() + datetime.timedelta(minutes=minutes)


def _write(crisis, by, text="Rapport", **extra):
    extra.setdefault("happened_at", _now(-5))
    return services.append_entry(crisis, by=by, kind=EntryKind.EVENT, text=text, **extra)


# --- opening ----------------------------------------------------------------------------------


def test_a_template_fills_in_the_roles_and_the_checklist(org, chief):
    template = CrisisTemplate.objects.create(
        name="Elavbrott", roles=["Stabschef", "Loggförare"], checklist=["Kontrollera reservkraft"]
    )
    crisis = services.open_crisis(by=chief, title="El", unit=org.alfa, template=template)
    assert crisis.roles == ["Stabschef", "Loggförare"]
    assert crisis.checklist == [{"item": "Kontrollera reservkraft", "done": False}]
    opener = crisis.staff.get()
    assert (opener.person, opener.role, opener.ends_at) == (chief, "Stabschef", None)


def test_the_person_on_duty_opens_a_crisis_in_their_administration(org):
    partner = org.user(Role.SECURITY_PARTNER)
    with pytest.raises(PermissionDenied):
        services.open_crisis(by=partner, title="Hot", unit=org.alfa)
    OnCallShift.objects.create(
        person=partner, administration=org.alfa, starts_at=_now(-60), ends_at=_now(60)
    )
    assert services.may_open_crisis(partner)
    crisis = services.open_crisis(by=partner, title="Hot")  # no unit: the shift's administration
    assert crisis.unit == org.alfa
    with pytest.raises(PermissionDenied):
        services.open_crisis(by=partner, title="Hot", unit=org.beta_unit)
    assert not services.may_open_crisis(org.user(Role.SECURITY_COORDINATOR))


# --- the log ----------------------------------------------------------------------------------


def test_an_entry_has_two_times_and_never_happens_in_the_future(side, chief):
    earlier = _now(-120)
    entry = _write(side.crisis, chief, happened_at=earlier)
    assert entry.happened_at == earlier
    assert abs(entry.recorded_at - timezone.now()) < datetime.timedelta(seconds=30)
    with pytest.raises(ValidationError) as refused:
        _write(side.crisis, chief, happened_at=_now(5))
    assert "happened_at" in refused.value.message_dict


def test_a_decision_says_who_decided_and_on_what_basis(side, chief):
    with pytest.raises(ValidationError):
        services.append_entry(side.crisis, by=chief, kind=EntryKind.DECISION, text="Evakuera",
                              happened_at=_now(-1), decided_by="Karin")  # fmt: skip
    entry = services.append_entry(
        side.crisis, by=chief, kind=EntryKind.DECISION, text="Evakuera", happened_at=_now(-1),
        decided_by="Karin Ström", basis="Rökutveckling",
    )  # fmt: skip
    assert entry.basis == "Rökutveckling"


def test_the_log_keeper_writes_and_a_former_one_no_longer_does(org, side, chief):
    keeper, successor = org.user(), org.user()
    with pytest.raises(PermissionDenied):
        _write(side.crisis, keeper)
    services.assign_role(side.crisis, by=chief, person=keeper, role="Loggförare")
    assert _write(side.crisis, keeper).author == keeper
    services.assign_role(side.crisis, by=chief, person=successor, role="Loggförare")
    with pytest.raises(PermissionDenied):
        _write(side.crisis, keeper)
    assert _write(side.crisis, successor).author == successor
    # Both held the role, one after the other; the former still reads the crisis.
    held = list(side.crisis.staff.filter(role="Loggförare").values_list("person", "ends_at"))
    assert held[0][0] == keeper.pk and held[0][1] is not None and held[1] == (successor.pk, None)
    assert Crisis.objects.for_user(keeper).filter(pk=side.crisis.pk).exists()


def test_staff_see_the_crisis_they_are_in_and_no_other(org, side, chief):
    member = org.user()
    services.assign_role(side.crisis, by=chief, person=member, role="Kommunikation")
    other = services.open_crisis(by=chief, title="Annan", unit=org.alfa_unit)
    assert list(Crisis.objects.for_user(member)) == [side.crisis]
    assert set(LogEntry.objects.for_user(member)) == {side.entry}
    assert set(Crisis.objects.for_user(org.user(Role.AUDITOR))) == {side.crisis, other}
    assert not Crisis.objects.for_user(org.user(Role.SECURITY_COORDINATOR)).exists()


def test_a_correction_points_at_the_entry_it_corrects(org, side, chief):
    correction = _write(side.crisis, chief, text="Rättelse: 10.05", corrects=side.entry)
    side.entry.refresh_from_db()
    assert side.entry.text == "Strömmen gick"
    assert list(side.entry.corrections.all()) == [correction]
    other = services.open_crisis(by=chief, title="Annan", unit=org.alfa_unit)
    with pytest.raises(ValidationError):
        _write(other, chief, corrects=side.entry)


def test_the_database_refuses_to_change_or_remove_an_entry(side):
    side.entry.text = "Ändrad"
    with pytest.raises(DatabaseError), transaction.atomic():
        side.entry.save()
    with pytest.raises(DatabaseError), transaction.atomic():
        LogEntry.objects.filter(pk=side.entry.pk).update(text="Ändrad")
    with pytest.raises(DatabaseError), transaction.atomic():
        LogEntry.objects.filter(pk=side.entry.pk)._raw_delete(connection.alias)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE continuity_logentry SET recorded_at = happened_at")
    side.entry.refresh_from_db()
    assert side.entry.text == "Strömmen gick"
    assert LogEntry.objects.count() == 1


def test_no_page_and_no_api_operation_edits_an_entry(side, chief):
    client = Client()
    client.force_login(chief)
    url = f"/api/v1/continuity/crises/{side.crisis.pk}/log"
    for method in ("put", "patch", "delete"):
        assert getattr(client, method)(url, {"text": "Ändrad"}, content_type="application/json"
                                       ).status_code == 405  # fmt: skip
        assert getattr(client, method)(f"{url}/{side.entry.pk}").status_code == 404
    assert client.post(f"/kontinuitet/kriser/{side.crisis.pk}/logg/{side.entry.pk}/").status_code \
        == 404  # fmt: skip
    side.entry.refresh_from_db()
    assert side.entry.text == "Strömmen gick"


def test_the_api_reads_and_appends_in_order(org, side, chief):
    client = Client()
    client.force_login(chief)
    url = f"/api/v1/continuity/crises/{side.crisis.pk}/log"
    earlier = (timezone.now() - datetime.timedelta(hours=2)).isoformat()
    response = client.post(url, {"kind": "event", "text": "Tidigare", "happened_at": earlier},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 201, response.content
    future = (timezone.now() + datetime.timedelta(hours=2)).isoformat()
    refused = client.post(url, {"kind": "event", "text": "Sen", "happened_at": future},
                          content_type="application/json")  # fmt: skip
    assert refused.status_code == 422
    texts = [row["text"] for row in client.get(url).json()["items"]]
    assert texts == ["Tidigare", "Strömmen gick"]
    stranger = Client()
    stranger.force_login(org.user(Role.SECURITY_COORDINATOR))
    assert stranger.get(url).status_code == 404


def test_closing_stands_the_staff_down_and_the_evaluation_yields_actions(org, side, chief):
    member = org.user()
    services.assign_role(side.crisis, by=chief, person=member, role="Loggförare")
    with pytest.raises(PermissionDenied):
        services.close_crisis(side.crisis, by=member, version=side.crisis.version, evaluation="x")
    crisis = services.close_crisis(
        side.crisis, by=chief, version=side.crisis.version, evaluation="Bränsleavtal saknas"
    )
    assert crisis.status == CrisisStatus.CLOSED
    assert not crisis.staff.filter(ends_at__isnull=True).exists()
    with pytest.raises(ValidationError):
        _write(crisis, chief)
    client = Client()
    client.force_login(chief)
    page = client.get(crisis.get_absolute_url()).content.decode()
    assert "Bränsleavtal saknas" in page and "?source=" in page
    from sakra.actions.services import create_action

    create_action(by=chief, source=crisis, title="Avtal", owner=chief,
                  due_date=timezone.localdate() + datetime.timedelta(days=30))  # fmt: skip
    assert Action.objects.for_source(crisis).count() == 1


def test_the_pdf_is_ordered_by_when_it_happened(
    side, chief, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    _write(side.crisis, chief, text="Först", happened_at=_now(-600))
    entries = list(side.crisis.entries.in_order().values_list("text", flat=True))
    assert entries == ["Först", "Strömmen gick"]
    client = Client()
    client.force_login(chief)
    # The page asks; the worker makes it (core's task, run here in place of the worker).
    with django_capture_on_commit_callbacks(execute=False) as enqueued:
        client.post(reverse("continuity:crisis-print", args=[side.crisis.pk]))
    job = PrintJob.objects.of(CRISIS_LOG, side.crisis).get()
    assert len(enqueued) == 1 and job.status == PrintStatus.QUEUED
    make_print.call(job.pk)
    job.refresh_from_db()
    assert job.status == PrintStatus.DONE
    response = client.get(reverse("print-file", args=[job.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    from pypdf import PdfReader

    content = b"".join(response.streaming_content)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    text = " ".join(text.split())
    assert text.index("Först") < text.index("Strömmen gick")
    # Every entry with when it happened, when it was recorded, and who wrote it.
    first = side.crisis.entries.get(text="Först")
    happened = timezone.localtime(first.happened_at).strftime("%Y-%m-%d %H:%M")
    recorded = timezone.localtime(first.recorded_at).strftime("%Y-%m-%d %H:%M:%S")
    assert f"{happened} · Händelse · Skriven av {chief.full_name} · Registrerad {recorded}" in text


def test_two_people_write_through_the_page_at_once(org, side, chief):
    member = org.user()
    services.assign_role(side.crisis, by=chief, person=member, role="Loggförare")
    moment = timezone.localtime(_now(-3)).strftime("%Y-%m-%dT%H:%M")
    for user, text in ((chief, "Från chefen"), (member, "Från loggföraren")):
        client = Client()
        client.force_login(user)
        response = client.post(
            reverse("continuity:crisis-entry", args=[side.crisis.pk]),
            {"kind": "event", "happened_at": moment, "text": text},
        )
        assert response.status_code == 302
    assert side.crisis.entries.count() == 3


def _fill(crisis, author, n: int) -> None:
    """`n` entries that happened a minute apart, before the crisis's first one."""
    start = _now(-n - 20)
    LogEntry.objects.bulk_create(
        LogEntry(crisis=crisis, kind=EntryKind.EVENT, text=f"Post {i}", author=author,
                 happened_at=start + datetime.timedelta(minutes=i))
        for i in range(n)
    )  # fmt: skip


def test_the_log_page_reads_as_many_queries_at_1_entry_as_at_120(org, side, chief):
    writer = org.user()
    services.assign_role(side.crisis, by=chief, person=writer, role="Loggförare")
    client = Client()
    client.force_login(chief)
    url = side.crisis.get_absolute_url()
    client.get(url)
    with count_queries() as short:
        assert client.get(url).status_code == 200
    _fill(side.crisis, writer, 120)
    with count_queries() as long:
        page = client.get(url)
    assert len(long) == len(short), [q["sql"] for q in long.captured_queries]
    assert page.content.decode().count('<tr id="entry-') == 21  # the last of three pages


def test_the_log_page_shows_the_newest_entries_and_an_entry_lands_on_its_page(side, chief):
    _fill(side.crisis, chief, 120)
    client = Client()
    client.force_login(chief)
    url = side.crisis.get_absolute_url()
    newest = client.get(url).content.decode()
    assert "Strömmen gick" in newest and ">Post 0<" not in newest and "Sida 3 av 3" in newest
    assert ">Post 0<" in client.get(f"{url}?page=1").content.decode()
    # An entry that happened before the others is on the first page, and the answer goes there.
    early = timezone.localtime(_now(-600)).strftime("%Y-%m-%dT%H:%M")
    answer = client.post(reverse("continuity:crisis-entry", args=[side.crisis.pk]),
                         {"kind": "event", "happened_at": early, "text": "Tidig"})  # fmt: skip
    entry = side.crisis.entries.get(text="Tidig")
    assert answer["Location"] == f"{url}?page=1#entry-{entry.pk}"


def test_a_correction_names_the_entry_by_its_number(org, side, chief):
    other = services.open_crisis(by=chief, title="Annan", unit=org.alfa_unit)
    stranger = _write(other, chief, text="Annan kris")
    client = Client()
    client.force_login(chief)
    url = reverse("continuity:crisis-entry", args=[side.crisis.pk])
    moment = timezone.localtime(_now(-1)).strftime("%Y-%m-%dT%H:%M")
    form = {"kind": "event", "happened_at": moment, "text": "Rättelse"}
    page = client.get(side.crisis.get_absolute_url()).content.decode()
    assert 'type="number" name="corrects"' in page
    refused = client.post(url, {**form, "corrects": stranger.pk})
    assert refused.status_code == 422
    assert "Ingen post i den här krisens logg har det numret." in refused.content.decode()
    assert client.post(url, {**form, "corrects": side.entry.pk}).status_code == 302
    assert list(side.entry.corrections.values_list("text", flat=True)) == ["Rättelse"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a database server")
@pytest.mark.django_db(transaction=True)
def test_ten_people_writing_at_once_lose_no_entry(org):
    chief = org.user(Role.SECURITY_CHIEF)
    crisis = services.open_crisis(by=chief, title="Samtidigt", unit=org.alfa)
    writers = [org.user() for _n in range(10)]
    for n, person in enumerate(writers):
        services.assign_role(crisis, by=chief, person=person, role=f"Roll {n}")
    barrier, errors = threading.Barrier(10), []

    def write(person):
        try:
            barrier.wait()
            for n in range(10):
                _write(crisis, person, text=f"{person.pk}-{n}")
        except Exception as exc:  # surfaced by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(person,)) for person in writers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert crisis.entries.count() == 100


def test_a_page_of_the_log_is_kept_by_its_rows_so_a_renamed_author_shows_at_once(org, side, chief):
    """Pages of the log are kept per process by their rows (docs/adr/0004): whatever the
    table shows must be in the rows, so a change to any of it is a new page."""
    from ..views.crisis import LOG_PAGES

    LOG_PAGES.clear()
    client = Client()
    client.force_login(chief)
    url = side.crisis.get_absolute_url()
    client.get(url)
    client.get(url)
    assert len(LOG_PAGES) == 1
    chief.full_name = "Omdöpt Chef"
    chief.save(update_fields=["full_name"])
    assert "Omdöpt Chef" in client.get(url).content.decode()
    client.cookies["django_language"] = "en"
    assert "Written by" in client.get(url).content.decode() and len(LOG_PAGES) == 3


def test_the_log_table_reads_nothing_but_its_rows():
    from django.template.loader import get_template

    from sakra.testing import Recording

    from ..views.crisis import log_rows

    moment = timezone.now()
    values = [
        (7, moment, moment, EntryKind.DECISION, "Stäng akuten", "Eva Ek", 3, "Chefen", "Brand")
    ]
    context = Recording({"entries": log_rows(values)})
    html = get_template("continuity/_log_table.html").template.render(context)
    assert "Stäng akuten" in html and "Eva Ek" in html and "Chefen" in html
    assert context.looked_up <= {"entries", "entry", "forloop", "n"}


def test_the_summary_form_offers_the_summary_as_it_is_now(side, chief):
    client = Client()
    client.force_login(chief)
    url = side.crisis.get_absolute_url()
    assert client.get(url).status_code == 200
    crisis = Crisis.objects.get(pk=side.crisis.pk)
    services.update_summary(
        crisis, by=chief, summary="Läget 10.00: stabilt", version=crisis.version
    )
    page = client.get(url).content.decode()
    assert "Läget 10.00: stabilt</textarea>" in page
    assert f'name="version" value="{crisis.version + 1}"' in page


def test_the_page_says_who_opened_the_crisis_and_when(side, chief):
    client = Client()
    client.force_login(chief)
    page = client.get(side.crisis.get_absolute_url()).content.decode()
    opened = timezone.localtime(side.crisis.opened_at).strftime("%Y-%m-%d %H:%M")
    assert f"Öppnad {opened} av {chief.full_name}" in page  # "by" is not "senast" (due by)


def test_closing_through_the_page_asks_to_be_sure_first(side, chief):
    client = Client()
    client.force_login(chief)
    url = reverse("continuity:crisis-close", args=[side.crisis.pk])
    form = {"version": side.crisis.version, "evaluation": "Bränsleavtal saknas"}
    refused = client.post(url, form)
    assert refused.status_code == 422
    assert "Kryssa i rutan för att stänga krisen." in refused.content.decode()
    assert Crisis.objects.get(pk=side.crisis.pk).status == CrisisStatus.OPEN
    assert client.post(url, {**form, "confirm": "on"}).status_code == 302
    assert Crisis.objects.get(pk=side.crisis.pk).status == CrisisStatus.CLOSED
