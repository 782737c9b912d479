"""The plug-in points of core.hooks that ask every app's module."""

from types import SimpleNamespace

from sakra.core import hooks


def test_a_year_is_closed_when_any_app_says_so(monkeypatch):
    modules = [
        SimpleNamespace(closed_years=lambda: frozenset({2024})),
        SimpleNamespace(closed_years=lambda: frozenset({2025})),
    ]
    monkeypatch.setattr(
        hooks, "app_modules", lambda name: iter(modules) if name == "periods" else iter(())
    )
    assert hooks.year_is_closed(2025)
    assert hooks.year_is_closed(2024)
    assert not hooks.year_is_closed(2026)


def test_no_year_is_closed_without_an_app_that_closes_years(monkeypatch):
    monkeypatch.setattr(hooks, "app_modules", lambda name: iter(()))
    assert not hooks.year_is_closed(2025)
