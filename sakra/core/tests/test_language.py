"""The person's language lasts as long as their request (sakra/core/locale.py)."""

from django.conf import settings
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext

from sakra.core.exports import csv_response


def _streamed(request):
    # Rows made while the response is streamed, after the middleware has returned.
    rows = ([gettext("Yes")] for _ in range(2))
    return csv_response(name="languages", headers=["answer"], rows=rows)


urlpatterns = [path("streamed/", _streamed)]


def test_an_english_request_leaves_no_english_behind(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Log in" in client.get(reverse("login")).content.decode()
    assert translation.get_language() == settings.LANGUAGE_CODE == "sv"
    assert gettext("Yes") == "Ja"


def test_a_streamed_export_is_written_in_the_persons_language_to_its_last_row(client, settings):
    settings.ROOT_URLCONF = __name__
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = b"".join(client.get("/streamed/").streaming_content).decode("utf-8-sig")
    assert body.split() == ["answer", "Yes", "Yes"]
    assert translation.get_language() == "sv"


def test_no_message_is_translated_inside_an_f_string():
    """makemessages does not read inside f-strings: such a message is never in a catalogue
    and shows in English (the demo's "Administrator" did). Use `.format(name=...)`."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    inside = re.compile(r"""f(["']).*\{\s*(_|gettext|gettext_lazy|pgettext|ngettext)\(""")
    found = [
        f"{path.relative_to(root)}:{number}"
        for path in root.rglob("*.py")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if inside.search(line)
    ]
    assert found == []
