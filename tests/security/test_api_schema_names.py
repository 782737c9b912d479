"""Two API schemas with one name become one component in the OpenAPI document (the last one
mounted wins), so clients and the fuzzing validate one module's answers against another's
schema: the fire-safety binders were checked against the governing documents' `DocumentOut`.
Each schema class of the API has a name of its own."""

from collections import Counter

from ninja import Schema

import sakra.config.api  # noqa: F401  # mounts every app's router, importing its schemas


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_api_schema_has_a_name_of_its_own():
    names = Counter(
        cls.__name__ for cls in set(_subclasses(Schema)) if cls.__module__.startswith("sakra.")
    )
    assert [name for name, n in names.items() if n > 1] == []
