import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from sakra.accounts.choices import Role
from sakra.actions import services
from sakra.actions.choices import ActionStatus, DecisionKind
from sakra.actions.models import Action, BoardDecision, ImprovementNeed

from .helpers import in_days, make_action

# (role or "owner", sees an action in Alfa enhet 1 with area `org.area`, may change it)
ROLES = [
    ("owner", True, True),
    (Role.EMPLOYEE, False, False),
    (Role.MANAGER, True, True),
    (Role.HEAD_OF_ADMINISTRATION, True, True),
    (Role.SECURITY_COORDINATOR, True, True),
    (Role.SECURITY_PARTNER, True, False),
    (Role.AREA_OWNER, True, True),
    (Role.SECURITY_CHIEF, True, True),
    (Role.BOARD_MEMBER, False, False),
    (Role.AUDITOR, True, False),
]


@pytest.fixture
def action(org):
    return make_action(org, org.user(), area=org.area)


def person(org, action, role):
    return action.owner if role == "owner" else org.user(role)


def test_anonymous_is_sent_to_log_in(client, org, action):
    for name, args in [
        ("actions:list", []), ("accounts:my-tasks", []), ("actions:detail", [action.pk]),
        ("actions:create", []), ("actions:export-csv", []), ("actions:need-list", []),
        ("actions:need-create", []), ("actions:board-queue", []), ("actions:meeting-list", []),
    ]:  # fmt: skip
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.parametrize("role,sees,changes", ROLES)
def test_detail_and_start_per_role_in_scope(client, org, action, role, sees, changes):
    client.force_login(person(org, action, role))
    assert client.get(action.get_absolute_url()).status_code == (200 if sees else 404)
    listed = client.get(reverse("actions:list")).context["page_obj"].object_list
    assert (action in listed) == sees
    response = client.post(reverse("actions:start", args=[action.pk]), {"version": 1})
    assert response.status_code == (302 if changes else 404)
    action.refresh_from_db()
    assert (action.status == ActionStatus.IN_PROGRESS) == changes


@pytest.mark.parametrize(
    "role,scope",
    [
        (Role.MANAGER, "beta"), (Role.HEAD_OF_ADMINISTRATION, "beta"),
        (Role.SECURITY_COORDINATOR, "beta"), (Role.AUDITOR, "beta"),
        (Role.AREA_OWNER, "other_area"),
    ],
)  # fmt: skip
def test_out_of_scope_is_404_everywhere(client, org, action, role, scope):
    scope_kwargs = {"area": org.other_area} if scope == "other_area" else {"unit": org.beta}
    client.force_login(org.user(role, **scope_kwargs))
    for name in ("actions:detail", "actions:effect", "actions:cancel", "actions:follow-up"):
        assert client.get(reverse(name, args=[action.pk])).status_code == 404
    url = reverse("actions:complete", args=[action.pk])
    assert client.post(url, {"version": 1}).status_code == 404
    assert action not in client.get(reverse("actions:list")).context["page_obj"].object_list
    assert Action.objects.get().status == ActionStatus.PLANNED


def test_effect_check_by_owner_and_coordinator_not_by_manager(client, org, action):
    services.complete_action(action, by=action.owner, version=1)
    client.force_login(org.user(Role.MANAGER))
    assert client.get(reverse("actions:effect", args=[action.pk])).status_code == 404
    client.force_login(org.user(Role.SECURITY_COORDINATOR))
    url = reverse("actions:effect", args=[action.pk])
    response = client.post(url, {"was_effective": "no", "note": "", "version": 2})
    assert response.status_code == 422
    assert "inte fick avsedd effekt" in response.content.decode()
    response = client.post(url, {"was_effective": "yes", "note": "Kontrollerat", "version": 2})
    assert response.status_code == 302
    assert Action.objects.get().status == ActionStatus.VERIFIED_EFFECTIVE


def test_a_stale_form_says_reload(client, org, action):
    client.force_login(action.owner)
    services.start_action(action, by=action.owner, version=1)
    response = client.post(
        reverse("actions:cancel", args=[action.pk]), {"reason": "x", "version": 1}
    )
    assert response.status_code == 409
    assert "Ladda om" in response.content.decode()
    assert Action.objects.get().status == ActionStatus.IN_PROGRESS
    response = client.post(reverse("actions:complete", args=[action.pk]), {"version": 1})
    assert response.status_code == 409 and "Ladda om" in response.content.decode()
    assert Action.objects.get().status == ActionStatus.IN_PROGRESS


@pytest.mark.parametrize("name", ["start", "complete", "cancel", "effect"])
def test_a_change_without_a_version_is_a_422_and_changes_nothing(client, org, action, name):
    if name == "effect":
        services.complete_action(action, by=action.owner, version=1)
        action.refresh_from_db()
    client.force_login(action.owner)
    response = client.post(
        reverse(f"actions:{name}", args=[action.pk]), {"reason": "x", "was_effective": "yes"}
    )
    assert response.status_code == 422
    assert "saknar den version" in response.content.decode()
    version = action.version
    action.refresh_from_db()
    assert action.version == version and action.was_effective is None


def test_create_from_the_form_and_bad_input(client, org):
    coordinator, owner = org.user(Role.SECURITY_COORDINATOR), org.user()
    client.force_login(coordinator)
    url = reverse("actions:create")
    data = {"title": "Nytt lås", "owner": owner.email, "unit": org.alfa_unit.pk,
            "due_date": in_days(-1).isoformat(), "priority": "high"}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 422
    assert 'aria-describedby="id_due_date_error"' in response.content.decode()
    assert Action.objects.count() == 0
    data["due_date"] = in_days(10).isoformat()
    response = client.post(url, data)
    action = Action.objects.get()
    assert response["Location"] == action.get_absolute_url()
    assert action.created_by == coordinator and action.priority == "high"
    # Beta is not a choice for an Alfa coordinator, so the form refuses it.
    response = client.post(url, {**data, "unit": org.beta_unit.pk})
    assert response.status_code == 422 and Action.objects.count() == 1
    response = client.post(url, {**data, "title": "KONFIDENTIELL: nytt lås"})
    assert response.status_code == 422 and "KONFIDENTIELL" in response.content.decode()
    assert Action.objects.count() == 1


def test_create_with_a_source_links_back(client, org):
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    need = services.raise_improvement_need(by=coordinator, title="Lås", description="x")
    client.force_login(coordinator)
    token = f"{ContentType.objects.get_for_model(need).pk}-{need.pk}"
    url = reverse("actions:create") + f"?source={token}"
    assert client.get(url).status_code == 200
    response = client.post(url, {"title": "Lås", "owner": coordinator.email,
                                 "unit": org.alfa_unit.pk, "due_date": in_days(5).isoformat(),
                                 "priority": "low", "source": token})  # fmt: skip
    action = Action.objects.get()
    assert action.source == need
    page = client.get(action.get_absolute_url()).content.decode()
    assert need.get_absolute_url() in page
    # Someone who cannot see the source cannot name it.
    client.force_login(org.user(Role.MANAGER))
    assert client.get(url).status_code == 404
    assert response.status_code == 302


def test_employees_cannot_open_the_create_form(client, org):
    client.force_login(org.user(Role.EMPLOYEE))
    assert client.get(reverse("actions:create")).status_code == 403


def test_list_query_count_is_constant(client, org, django_assert_max_num_queries):
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    need = ImprovementNeed.objects.create(title="x", description="y", raised_by=coordinator)
    client.force_login(coordinator)
    make_action(org, coordinator, area=org.area, source=need)
    with django_assert_max_num_queries(10) as one:
        assert client.get(reverse("actions:list")).status_code == 200
    owners = [org.user(), org.user()]
    for n in range(49):
        make_action(org, owners[n % 2], title=f"Åtgärd {n}", area=org.area, source=need)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("actions:list"))
    assert len(response.context["page_obj"].object_list) == 50


def test_filters_overdue_owner_and_subtree(client, org):
    chief = org.user(Role.SECURITY_CHIEF)
    late = make_action(org, chief, title="Sen", due_date=in_days(-2))
    beta = make_action(org, org.user(), title="Beta", unit=org.beta_unit)
    client.force_login(chief)
    listed = client.get(reverse("actions:list"), {"overdue": "true"}).context["page_obj"]
    assert list(listed) == [late]
    listed = client.get(reverse("actions:list"), {"unit": org.beta.pk}).context["page_obj"]
    assert list(listed) == [beta]
    listed = client.get(reverse("actions:list"), {"owner": chief.pk}).context["page_obj"]
    assert list(listed) == [late]


def test_export_neutralises_formulas(client, org):
    chief = org.user(Role.SECURITY_CHIEF)
    make_action(org, chief, title='=HYPERLINK("http://evil")')
    make_action(org, org.user(), title="Beta", unit=org.beta_unit)
    client.force_login(org.user(Role.SECURITY_COORDINATOR))
    content = b"".join(client.get(reverse("actions:export-csv")).streaming_content).decode()
    assert "'=HYPERLINK" in content and "Beta" not in content
    response = client.get(reverse("actions:export-xlsx"))
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    assert sheet.cell(row=2, column=2).value.startswith("'=")
    assert sheet.max_row == 2


def test_the_old_address_of_my_tasks_moved_for_good(client, org):
    client.force_login(org.user())
    response = client.get("/atgarder/mina-uppgifter/")
    assert response.status_code == 301 and response["Location"] == "/mina-uppgifter/"
    assert reverse("accounts:my-tasks") == "/mina-uppgifter/"


def test_my_tasks_shows_what_the_owner_has(client, org):
    owner = org.user(Role.MANAGER)
    make_action(org, owner, title="Öppen åtgärd", due_date=in_days(-1))
    make_action(org, owner, title="Klar åtgärd", status=ActionStatus.DONE)
    make_action(org, org.user(), title="Någon annans")
    client.force_login(owner)
    page = client.get(reverse("accounts:my-tasks")).content.decode()
    assert "Öppen åtgärd" in page and "Klar åtgärd" in page and "Någon annans" not in page
    assert 'class="badge badge--red"' in page


def test_needs_anyone_raises_raiser_and_board_see(client, org):
    employee, other = org.user(Role.EMPLOYEE), org.user(Role.EMPLOYEE)
    client.force_login(employee)
    response = client.post(reverse("actions:need-create"), {"title": "", "description": ""})
    assert response.status_code == 422 and ImprovementNeed.objects.count() == 0
    response = client.post(
        reverse("actions:need-create"), {"title": "Larm", "description": "Dörren står öppen"}
    )
    need = ImprovementNeed.objects.get()
    assert response["Location"] == need.get_absolute_url()
    assert client.get(need.get_absolute_url()).status_code == 200
    assert client.get(reverse("actions:board-queue")).status_code == 403
    client.force_login(other)
    assert client.get(need.get_absolute_url()).status_code == 404
    for role in (Role.BOARD_MEMBER, Role.SECURITY_CHIEF):
        client.force_login(org.user(role))
        assert client.get(need.get_absolute_url()).status_code == 200
        assert client.get(reverse("actions:board-queue")).status_code == 200


def test_board_ranks_meets_decides_and_prints_minutes(client, org):
    board, owner = org.user(Role.BOARD_MEMBER), org.user(Role.MANAGER)
    need = services.raise_improvement_need(by=org.user(), title="Lås", description="x")
    client.force_login(board)
    queue = reverse("actions:board-queue")
    assert client.post(queue, {f"rank-{need.pk}": "1"}).status_code == 422  # no version
    stale = client.post(queue, {f"rank-{need.pk}": "1", f"version-{need.pk}": "9"})
    assert stale.status_code == 409 and "Ladda om" in stale.content.decode()
    response = client.post(queue, {f"rank-{need.pk}": "1", f"version-{need.pk}": "1"})
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.rank == 1
    response = client.post(
        reverse("actions:meeting-create"),
        {"date": in_days(0).isoformat(), "title": "Säkerhetsledningen vecka 48",
         "attendees": [board.pk], "notes": ""},
    )  # fmt: skip
    meeting = board.board_meetings.get()
    assert response["Location"] == meeting.get_absolute_url()
    url = meeting.get_absolute_url()
    page = client.get(url).content.decode()
    assert f'name="version-{need.pk}" value="{need.version}"' in page
    form = {"need": need.pk, "kind": DecisionKind.ACCEPT, "reason": "",
            "actions-TOTAL_FORMS": 3, "actions-INITIAL_FORMS": 0}  # fmt: skip
    response = client.post(url, form)
    assert response.status_code == 422 and "saknar den version" in response.content.decode()
    form[f"version-{need.pk}"] = need.version
    response = client.post(url, form)
    assert response.status_code == 422 and BoardDecision.objects.count() == 0
    assert "minst en åtgärd" in response.content.decode()
    form.update({"actions-0-title": "Byt lås", "actions-0-owner": owner.email,
                 "actions-0-due_date": in_days(30).isoformat()})  # fmt: skip
    assert client.post(url, form).status_code == 302
    action = BoardDecision.objects.get().actions.get()
    assert action.owner == owner and action.source == need
    minutes = client.get(reverse("actions:meeting-minutes", args=[meeting.pk]))
    assert "Byt lås" in minutes.content.decode() and "print.css" in minutes.content.decode()
    client.force_login(owner)
    assert client.get(url).status_code == 404
    assert client.get(reverse("actions:meeting-minutes", args=[meeting.pk])).status_code == 404
    assert client.get(action.get_absolute_url()).status_code == 200
    # The raiser cannot open the action, but learns that one was started, not "no actions".
    client.force_login(need.raised_by)
    page = client.get(need.get_absolute_url()).content.decode()
    assert "En åtgärd har startats" in page and "Inga åtgärder än" not in page
    assert "Byt lås" not in page


def test_my_tasks_query_count_is_constant(client, org, django_assert_max_num_queries):
    owner, raiser = org.user(Role.BOARD_MEMBER), org.user()
    make_action(org, owner)
    ImprovementNeed.objects.create(title="Behov", description="x", raised_by=raiser)
    client.force_login(owner)
    # The budget grows with the modules' sections (governance's plans to review and
    # assignments from state authorities added two); what must not grow is the count with rows.
    with django_assert_max_num_queries(22) as one:
        client.get(reverse("accounts:my-tasks"))
    for n in range(49):
        make_action(org, owner, title=f"Åtgärd {n}")
        ImprovementNeed.objects.create(title=f"Behov {n}", description="x", raised_by=raiser)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(reverse("accounts:my-tasks")).content.decode()
    assert "Visa alla 50" in page


def test_another_modules_page_can_show_the_actions_of_its_object(rf, org):
    from django.template import Context, Template

    coordinator = org.user(Role.SECURITY_COORDINATOR)
    need = ImprovementNeed.objects.create(title="x", description="y", raised_by=coordinator)
    make_action(org, coordinator, title="Kopplad åtgärd", source=need)
    make_action(org, coordinator, title="Annan åtgärd")
    request = rf.get("/")
    request.user = coordinator
    html = Template("{% load actions %}{% actions_for_source need %}").render(
        Context({"request": request, "need": need})
    )
    assert "Kopplad åtgärd" in html and "Annan åtgärd" not in html
    assert "?source=" in html  # a coordinator may create a new action from here
    request.user = org.user(Role.EMPLOYEE)
    html = Template(
        '{% include "actions/_for_source.html" with actions=rows source=need %}'
    ).render(Context({"request": request, "need": need, "rows": []}))
    assert "?source=" not in html


def test_the_owner_filter_offers_the_chosen_owner_and_me_and_finds_others_by_typing(client, org):
    """The chief's list has thousands of owners at a region's scale: the <select> offers the
    owner chosen and the person themself, and any other is found by name or address."""
    import re

    chief = org.user(Role.SECURITY_CHIEF, full_name="Karin Ström")
    owners = [org.user(full_name=f"Ägare {n}", email=f"agare{n}@example.se") for n in range(30)]
    for n, owner in enumerate(owners):
        make_action(org, owner, title=f"Åtgärd {n}")
    mine = make_action(org, chief, title="Min egen")
    client.force_login(chief)
    url = reverse("actions:list")

    def offered(html: str) -> list[str]:
        select = re.search(r'<select name="owner".*?</select>', html, re.S).group(0)
        return re.findall(r"<option[^>]*>([^<]*)</option>", select)

    assert offered(client.get(url).content.decode())[1:] == ["Karin Ström"]
    page = client.get(url, {"owner": owners[7].pk})
    assert list(page.context["page_obj"]) == [Action.objects.get(title="Åtgärd 7")]
    assert sorted(offered(page.content.decode())[1:]) == ["Karin Ström", "Ägare 7"]
    assert f'<option value="{owners[7].pk}" selected>' in page.content.decode()
    by_name = client.get(url, {"owner_name": "GARE 1"}).context["page_obj"]  # any case
    assert {a.title for a in by_name} == {"Åtgärd 1", *(f"Åtgärd {n}" for n in range(10, 20))}
    by_address = client.get(url, {"owner_name": "agare29@"}).context["page_obj"]
    assert [a.title for a in by_address] == ["Åtgärd 29"]
    assert list(client.get(url, {"owner": chief.pk}).context["page_obj"]) == [mine]
