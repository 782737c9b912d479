"""The one way a form names people: by e-mail address, one person (PersonField) or one a line
(PeopleField)."""

import pytest

from sakra.accounts.forms import PeopleField, PersonField
from sakra.core.forms import Form

pytestmark = pytest.mark.django_db


class OneForm(Form):
    person = PersonField(label="Person", required=False)


class ManyForm(Form):
    people = PeopleField(label="People", required=False, max_people=4)


def test_a_person_is_shown_as_their_address_and_cleaned_back_to_them(org):
    maria = org.user()
    form = OneForm(initial={"person": maria})
    html = str(form["person"])
    assert f'value="{maria.email}"' in html and 'type="email"' in html
    # Someone else's address: the browser must not fill in the user's own.
    assert 'autocomplete="off"' in html and 'autocapitalize="none"' in html
    assert not form["person"].field.has_changed(maria, maria.email.upper())
    bound = OneForm({"person": f"  {maria.email.upper()} "})
    assert bound.is_valid() and bound.cleaned_data["person"] == maria


def test_people_are_shown_one_a_line_and_cleaned_to_distinct_active_people(org):
    anna, bo = org.user(), org.user()
    form = ManyForm(initial={"people": [anna, bo]})
    assert f"{anna.email}\n{bo.email}</textarea>" in str(form["people"])
    assert 'autocomplete="off"' in str(form["people"])
    assert not form["people"].field.has_changed([anna, bo], f"{anna.email}\r\n{bo.email}\r\n")
    assert form["people"].field.has_changed([anna], f"{anna.email}\n{bo.email}")
    data = f"{anna.email}\n\n  {bo.email}  \n{anna.email.upper()}\n{anna.email}"
    bound = ManyForm({"people": data})
    assert bound.is_valid(), bound.errors
    assert bound.cleaned_data["people"] == [anna, bo]
    empty = ManyForm({"people": " \n "})
    assert empty.is_valid() and empty.cleaned_data["people"] == []


def test_each_bad_line_is_refused_by_its_address(org):
    anna = org.user()
    gone = org.user(is_active=False)
    data = f"{anna.email}\nokand@example.se\n{gone.email}\ninte-en-adress"
    bound = ManyForm({"people": data})
    assert not bound.is_valid()
    errors = bound.errors["people"]
    assert len(errors) == 3
    for address in ("okand@example.se", gone.email, "inte-en-adress"):
        assert sum(address in error for error in errors) == 1, (address, errors)
    assert not any(anna.email in error for error in errors)


def test_a_list_longer_than_the_limit_is_refused(org):
    emails = [org.user().email for _n in range(5)]
    bound = ManyForm({"people": "\n".join(emails)})
    assert not bound.is_valid() and "högst 4" in bound.errors["people"][0]
    assert ManyForm({"people": "\n".join(emails[:4])}).is_valid()
