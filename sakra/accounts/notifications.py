"""What a notification is, stored as its kind and arguments, and worded in the reader's
language when shown.

An app declares its kinds in its `notifications.py` (this module holds accounts' own):

    OWNER = Kind("actions.owner", subject=_("You own a new action: {title}"),
                 body=_("Due date: {date}."))
    notify([person], OWNER(title=action.title, date=action.due_date.isoformat()), url=...)

`subject` and `body` are lazy translations with `{placeholders}`. An argument that reads the
same in every language (a title, a reference, a date) is stored as it is; one that does not (a
choice's label, a category's name, any model whose name follows the language) is stored as its
text in each of the site's languages, and `each_language(func)` stores what `func` returns in
each. The notification keeps the text in the region's language too: the e-mail is sent in it,
and a row whose kind is unknown (written before kinds, or a kind since removed) shows it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

#: Every kind by its key; filled as the apps' `notifications.py` are imported (`kind_of`).
_KINDS: dict[str, Kind] = {}
_LOADED = False


@dataclass(frozen=True)
class PerLanguage:
    """An argument computed once per language."""

    compute: Callable[[], Any]


def each_language(compute: Callable[[], Any]) -> PerLanguage:
    """An argument whose text `compute` gives in the language active when it is called:
    `each_language(lambda: role.label.lower())`."""
    return PerLanguage(compute)


@dataclass(frozen=True)
class Message:
    """One kind with its arguments, ready to store."""

    kind: Kind
    args: dict

    def subject(self) -> str:
        return _format(self.kind.subject, self.args)

    def body(self) -> str:
        return _format(self.kind.body, self.args) if self.kind.body is not None else ""


@dataclass(frozen=True)
class Kind:
    """A kind of notification: its key (stored on each row) and its texts."""

    key: str
    subject: Promise
    body: Promise | None = None

    def __post_init__(self):
        if _KINDS.setdefault(self.key, self) is not self:
            raise ValueError(f"Two notification kinds are called {self.key!r}.")

    def __call__(self, **args) -> Message:
        return Message(self, {name: _stored(value) for name, value in args.items()})


def _languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _stored(value):
    """The argument as JSON: plain text and numbers as they are, anything else as its text
    in each of the site's languages."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    compute = value.compute if isinstance(value, PerLanguage) else lambda: str(value)
    texts = {}
    for code in _languages():
        with translation.override(code):
            texts[code] = str(compute())
    return {"i18n": texts}


def _shown(value):
    if not (isinstance(value, dict) and isinstance(value.get("i18n"), dict)):
        return value
    texts = value["i18n"]
    language = translation.get_language() or settings.LANGUAGE_CODE
    for code in (language, language.split("-")[0], settings.LANGUAGE_CODE):
        if code in texts:
            return texts[code]
    return next(iter(texts.values()), "")


def _format(text: Promise, args: dict) -> str:
    return str(text).format(**{name: _shown(value) for name, value in args.items()})


def kind_of(key: str) -> Kind | None:
    """The kind called `key`, once every app's `notifications.py` has been read."""
    global _LOADED
    if not _LOADED:
        from sakra.core.hooks import app_modules

        for _module in app_modules("notifications"):
            pass
        _LOADED = True
    return _KINDS.get(key)


def stored_text(message: Message) -> tuple[str, str]:
    """The subject and body in the region's language, as the row and its e-mail keep them."""
    with translation.override(settings.LANGUAGE_CODE):
        return message.subject(), message.body()


def worded(notification) -> tuple[str, str]:
    """The notification's subject and body in the reader's language (the one active now)."""
    kind = kind_of(notification.kind) if notification.kind else None
    if kind is None:
        return notification.subject, notification.body
    message = Message(kind, notification.args or {})
    try:
        subject = message.subject()
        body = message.body() if kind.body is not None else notification.body
    except (KeyError, IndexError, ValueError):
        # The kind's text now asks for an argument this row was not stored with.
        return notification.subject, notification.body
    limit = notification._meta.get_field("subject").max_length
    return Truncator(subject).chars(limit), body


# --- accounts' own kinds ------------------------------------------------------------------

APPOINTED = Kind(
    "accounts.appointed",
    subject=_("You are appointed {role}"),
    body=_("{scope}, from {start}. Reason: {reason}"),
)
ROLE_ENDS = Kind(
    "accounts.role-ends",
    subject=_("Your role as {role} ends"),
    body=_("{scope}, on {end}. Reason: {reason}"),
)
