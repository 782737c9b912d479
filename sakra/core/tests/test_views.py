import pytest
from django.urls import reverse


def test_health_answers_ok_when_the_database_does(client, db):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_health_answers_503_when_the_database_does_not(client, db, monkeypatch):
    from sakra.core import views

    monkeypatch.setattr(views, "database_answers", lambda: False)
    response = client.get("/health")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_home_sends_anonymous_users_to_log_in(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("login")


def test_home_sends_security_staff_to_what_waits_for_them(client, org):
    # Security staff: no app names another start page for them (support sends the others to
    # "Var vänder jag mig?", sakra/support/tests/test_views.py).
    from sakra.accounts.choices import Role

    client.force_login(org.user(Role.SECURITY_CHIEF))
    assert client.get("/")["Location"] == reverse("accounts:my-tasks")


def test_home_follows_the_start_page_an_app_names(client, org, monkeypatch):
    from sakra.core import hooks

    monkeypatch.setattr(hooks, "start_page", lambda user: "accounts:my-tasks")
    client.force_login(org.user())
    assert client.get("/")["Location"] == reverse("accounts:my-tasks")


@pytest.mark.parametrize("language,expected", [("sv", "Logga in"), ("en", "Log in")])
def test_login_page_speaks_swedish_by_default_and_english_on_request(
    client, db, language, expected
):
    if language == "en":
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("login"))
    assert expected in response.content.decode()


def test_unknown_page_is_a_friendly_404(client, org):
    client.force_login(org.user())
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()


def test_swedish_even_when_the_browser_asks_for_english(client, db):
    response = client.get(reverse("login"), headers={"Accept-Language": "en-US,en;q=0.9"})
    assert "Logga in" in response.content.decode()


def test_our_swedish_wins_over_the_libraries():
    from django.utils import translation

    with translation.override("sv"):
        assert translation.gettext("date joined") == "registrerad"  # Django says "datum gick med"


def test_one_menu_entry_is_current(client, org):
    client.force_login(org.user())
    page = client.get("/atgarder/behov/").content.decode()
    assert page.count('aria-current="page"') == 1
    assert 'href="/atgarder/behov/" aria-current="page"' in page
