"""House rule: no form offers a list of every person. A region has 8 000-40 000 people, and a
<select> of them all is megabytes of HTML on every page that shows the form. A form names a
person by e-mail address (sakra.accounts.forms.PersonField, PeopleField); a choice of people
is only for a short list, narrowed by role or by the rows at hand.

Every Form class of the sakra apps that can be built (without arguments, or with `user=`) is
built twice, with more people in the region the second time: no choice of people may grow."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from django import forms

import sakra
from sakra.accounts.choices import Role
from sakra.accounts.models import User

pytestmark = pytest.mark.django_db

#: What a form may be given when it is built; a form that needs anything else is left out.
GIVEN = {"user", "needs"}


def _form_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(sakra.__path__, "sakra."):
        parts = info.name.split(".")
        if "tests" in parts or "migrations" in parts:
            continue
        if "forms" in parts:
            names.append(info.name)
    return names


def _form_classes() -> list[type[forms.BaseForm]]:
    found = {}
    for name in _form_modules():
        module = importlib.import_module(name)
        for _n, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == name:
                found[f"{name}.{cls.__qualname__}"] = cls
    return [found[key] for key in sorted(found)]


def _needs(cls) -> set[str] | None:
    """The keyword arguments `cls` requires, or None when it needs one this test cannot give."""
    required = set()
    for klass in cls.__mro__:
        if "__init__" not in vars(klass):
            continue
        for name, parameter in inspect.signature(klass.__init__).parameters.items():
            if name == "self" or parameter.kind in (
                parameter.VAR_POSITIONAL,
                parameter.VAR_KEYWORD,
            ):
                continue
            if parameter.default is parameter.empty:
                if name not in GIVEN:
                    return None
                required.add(name)
    return required


def _choices_of_people(cls, user) -> dict[str, int]:
    from sakra.actions.models import ImprovementNeed

    given = {"user": user, "needs": ImprovementNeed.objects.all()}
    form = cls(**{name: given[name] for name in _needs(cls)})
    return {
        name: field.queryset.count()
        for name, field in form.fields.items()
        if isinstance(field, forms.ModelChoiceField) and field.queryset.model is User
    }


def test_the_walk_finds_the_forms_that_name_people():
    names = {f"{cls.__module__}.{cls.__name__}" for cls in _form_classes()}
    assert {
        "sakra.actions.forms.ActionForm",
        "sakra.continuity.forms.StaffForm",
        "sakra.risks.forms.AnalysisForm",
        "sakra.goals.forms.GoalForm",
    } <= names


def test_no_form_offers_every_person(org):
    chief = org.user(Role.SECURITY_CHIEF)
    buildable = [cls for cls in _form_classes() if _needs(cls) is not None]
    assert len(buildable) > 50  # the walk reached the apps' forms
    before = {cls: _choices_of_people(cls, chief) for cls in buildable}
    for _n in range(12):
        org.user()
        org.user(home_unit=org.beta_unit)
    growing = {
        f"{cls.__module__}.{cls.__name__}.{name}": (count, after)
        for cls in buildable
        for name, after in _choices_of_people(cls, chief).items()
        if after > (count := before[cls].get(name, 0))
    }
    assert not growing, f"these fields list every person; use PersonField/PeopleField: {growing}"
