"""The text guard on its own, over the whole bad-input corpus: every character it must refuse is
refused, decomposed text is stored composed, and a payload that is only words is let through.

The corpus's page sweep (tests/security/test_bad_inputs.py) then sends each text field one
control character and one direction override: enough to show the field is guarded, because
this is what the guard refuses."""

import unicodedata

import pytest
from django import forms
from django.core.exceptions import ValidationError

from sakra.core.forms import Form
from sakra.core.validation import check_text
from tests.security.bad_inputs import NFD, PAYLOAD, REFUSE, TEXT

REFUSED = [bad for bad in TEXT if bad.kind == REFUSE]


@pytest.mark.parametrize("bad", REFUSED, ids=lambda bad: bad.name)
def test_the_guard_refuses_every_invisible_character_of_the_corpus(bad):
    with pytest.raises(ValidationError) as refused:
        check_text(bad.value)
    assert refused.value.code == "unsafe_characters"


@pytest.mark.parametrize("bad", [b for b in TEXT if b.kind in (PAYLOAD, NFD)], ids=lambda b: b.name)
def test_words_pass_the_guard_composed(bad):
    assert check_text(bad.value) == unicodedata.normalize("NFC", bad.value)


class _Note(Form):
    title = forms.CharField(max_length=100)
    text = forms.CharField(widget=forms.Textarea, required=False)


@pytest.mark.parametrize("bad", REFUSED, ids=lambda bad: bad.name)
def test_every_text_field_of_a_form_is_guarded(bad):
    for name in ("title", "text"):
        form = _Note(data={"title": "Rök", "text": "", name: bad.value})
        assert not form.is_valid() and name in form.errors, (name, form.errors)
