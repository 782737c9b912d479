"""The rows behind a goal's number, listed per viewer.

A goal's number counts every row in the goal's scope, whoever looks (one truth per goal); the
list it links to shows the rows the viewer may read. When those are fewer, the list says so,
with this module's sentence: the list only passes its query string and its count.

The link carries the indicator, the year and the dashboard's `within` as marks, and the note is
given only while the list's filter is exactly the selection the number counts: a filter
changed by hand (a search word, another category) compares nothing, so a count of rows the
viewer may not read is never told about any selection but a goal's own, which everyone who
may see the goal sees anyway.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

from django.utils.translation import gettext as _

from sakra.core.validation import parse_id

from .models import FIRST_YEAR, LAST_YEAR, Indicator

#: The marks a goal's link adds to the list's own filter.
MARKS = ("indikator", "ar", "inom")
#: Parameters of a list that page or order it without changing what it counts.
PAGING = frozenset({"after", "sort", "page"})


def rows_link(indicator: Indicator, year: int, within=None) -> str:
    """The list of the rows behind an indicator's value, marked for `hidden_note()`."""
    url = indicator.kind_definition.rows_url(indicator, year, within)
    if not url:
        return ""
    marks = [("indikator", indicator.pk), ("ar", year)]
    if within is not None:
        marks.append(("inom", within.pk))
    return f"{url}{'&' if '?' in url else '?'}{urlencode(marks)}"


def _selection(pairs) -> list[tuple[str, str]]:
    return sorted((key, value) for key, value in pairs if key not in PAGING and key not in MARKS)


def hidden_note(user, params, shown: int) -> str:
    """The sentence "You see 4 of 6 incidents; …" when the list was opened from a goal's
    number and the viewer may read fewer of its rows than the number counts; "" otherwise."""
    if "indikator" not in params:
        return ""  # the common case costs nothing
    pk, year = parse_id(params.get("indikator")), parse_id(params.get("ar"))
    within_pk = parse_id(params.get("inom")) if "inom" in params else None
    if pk is None or year is None or not FIRST_YEAR <= year <= LAST_YEAR:
        return ""
    indicator = Indicator.objects.for_user(user).with_goal().filter(pk=pk).first()
    if indicator is None:
        return ""
    within = None
    if within_pk is not None:
        from sakra.organisation.models import Unit

        within = Unit.objects.for_user(user).filter(pk=within_pk).first()
        if within is None:
            return ""
    kind = indicator.kind_definition
    expected = kind.rows_url(indicator, year, within)
    if not expected or _selection(parse_qsl(urlsplit(expected).query)) != _selection(
        (key, value) for key in params for value in params.getlist(key)
    ):
        return ""
    total = kind.compute(user, [indicator], [year], within).get(indicator.pk, {}).get(year)
    if total is None or shown >= total:
        return ""
    return _("You see {shown} of {total} {rows}; the rest lie outside what you may read.").format(
        shown=shown, total=int(total), rows=kind.rows_noun or _("rows")
    )
