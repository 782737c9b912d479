"""Where a security partner lands: what waits for them, acute reports first, counted in the menu."""

import pytest
from django.urls import reverse

from sakra.accounts.choices import Role

pytestmark = pytest.mark.django_db


def test_a_partner_lands_on_the_acute_report_waiting_for_them(client, org, report, threat):
    partner = org.user(Role.SECURITY_PARTNER)
    incident = report(org.user(), category=threat, is_acute=True)
    client.force_login(partner)

    landing = client.get("/", follow=True)
    assert landing.redirect_chain[-1][0] == reverse("accounts:my-tasks")
    sections = landing.context["sections"]
    assert sections[0].key == "incidents-acute" and sections[0].count == 1
    assert reverse("incidents:detail", args=[incident.pk]) in landing.content.decode()


def test_the_acute_section_comes_first_only_when_something_waits(client, org):
    client.force_login(org.user(Role.SECURITY_PARTNER))
    sections = client.get(reverse("accounts:my-tasks")).context["sections"]
    assert [s.key for s in sections if s.count == 0][:1] and sections[0].key != "incidents-acute"


def test_the_menu_counts_what_waits(client, org, report, threat):
    partner = org.user(Role.SECURITY_PARTNER)
    client.force_login(partner)
    page = client.get(reverse("accounts:me")).content.decode()
    count_url = reverse("accounts:my-tasks-count")
    assert f'hx-get="{count_url}"' in page  # loaded after the page, so it costs the page nothing

    assert "badge" not in client.get(count_url).content.decode()  # nothing waits: no badge
    report(org.user(), category=threat, is_acute=True)
    total = client.get(reverse("accounts:my-tasks")).context["total"]
    badge = client.get(count_url).content.decode()
    assert total and f">{total}<" in badge and "väntar" in badge


@pytest.mark.parametrize(("role", "shown"), [(Role.BOARD_MEMBER, True), (Role.EMPLOYEE, False)])
def test_the_board_queue_is_in_a_board_members_menu(client, org, role, shown):
    client.force_login(org.user(role))
    page = client.get(reverse("accounts:me")).content.decode()
    assert (f'href="{reverse("actions:board-queue")}"' in page) is shown
