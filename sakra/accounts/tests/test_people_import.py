"""import-people: new people, changes, managers, the departed, and roles set in the app."""

import pytest

from sakra.accounts.choices import Role
from sakra.accounts.models import RoleAssignment, User
from sakra.accounts.people_import import import_people
from sakra.organisation.importing import ImportRefused

HEADER = "external_id,name,email,unit,manager"


def write(tmp_path, *lines):
    path = tmp_path / "people.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def roles(user) -> set[tuple[str, int]]:
    return set(RoleAssignment.objects.filter(user=user).values_list("role", "unit_id"))


def test_new_people_become_employees_and_managers_of_their_units(org, tmp_path):
    path = write(
        tmp_path,
        f"P1,Anna Andersson,Anna@Example.se,{org.alfa_unit.code},ja",
        f"P2,Bo Berg,bo@example.se,{org.beta_unit.code},",
    )
    assert import_people(path, dry_run=True).count("new") == 2
    assert not User.objects.filter(external_id__in=["P1", "P2"]).exists()
    plan = import_people(path)
    assert plan.count("new") == 2
    anna = User.objects.get(external_id="P1")
    assert (anna.email, anna.home_unit, anna.has_usable_password()) == (
        "anna@example.se",
        org.alfa_unit,
        False,
    )
    assert roles(anna) == {(Role.EMPLOYEE, org.alfa_unit.pk), (Role.MANAGER, org.alfa_unit.pk)}
    assert roles(User.objects.get(external_id="P2")) == {(Role.EMPLOYEE, org.beta_unit.pk)}
    again = import_people(path)
    assert again.changes == [] and again.unchanged == 2


def test_changes_move_people_and_the_departed_are_disabled(org, tmp_path):
    import_people(
        write(
            tmp_path,
            f"P1,Anna Andersson,anna@example.se,{org.alfa_unit.code},ja",
            f"P2,Bo Berg,bo@example.se,{org.beta_unit.code},nej",
        )
    )
    anna, bo = User.objects.get(external_id="P1"), User.objects.get(external_id="P2")
    # The security chief made Anna coordinator in the app; the file does not know of it.
    RoleAssignment.objects.create(user=anna, role=Role.SECURITY_COORDINATOR, unit=org.alfa)
    plan = import_people(
        write(
            tmp_path,
            f"P1,Anna Lind,anna.lind@example.se,{org.beta_unit.code},nej",
            f"P3,Cilla Ceder,cilla@example.se,{org.alfa_unit2.code},ja",
        )
    )
    assert {c.kind for c in plan.changes} == {"moved", "changed", "roles", "new", "disabled"}
    anna.refresh_from_db()
    assert (anna.full_name, anna.email, anna.home_unit) == (
        "Anna Lind",
        "anna.lind@example.se",
        org.beta_unit,
    )
    assert roles(anna) == {
        (Role.EMPLOYEE, org.beta_unit.pk),
        (Role.SECURITY_COORDINATOR, org.alfa.pk),
    }
    bo.refresh_from_db()
    assert not bo.is_active and roles(bo) == {(Role.EMPLOYEE, org.beta_unit.pk)}
    assert User.objects.filter(pk=bo.pk).exists()  # disabled, never deleted


def test_a_person_created_by_hand_is_taken_over_by_e_mail(org, tmp_path):
    chief = org.user(Role.SECURITY_CHIEF, email="chef@example.se")
    import_people(write(tmp_path, f"P9,Chefen,chef@example.se,{org.alfa_unit.code},"))
    chief.refresh_from_db()
    assert chief.external_id == "P9"
    assert (Role.SECURITY_CHIEF, org.region.pk) in roles(chief)


@pytest.mark.parametrize(
    ("line", "column"),
    [
        ("P1,Anna,anna@example.se,no-such-unit,", "unit"),
        ("P1,Anna,not-an-address,{unit},", "email"),
        ("P1,Anna,anna@example.se,{unit},kanske", "manager"),
        ("P2,Anna,bo@example.se,{unit},", "email"),
        (",Anna,anna@example.se,{unit},", "external_id"),
    ],
)
def test_a_bad_file_changes_nothing(org, tmp_path, line, column):
    path = write(
        tmp_path, f"P2,Bo,bo@example.se,{org.beta_unit.code},", line.format(unit=org.alfa_unit.code)
    )
    before = User.objects.count()
    with pytest.raises(ImportRefused) as refused:
        import_people(path)
    assert column in {error.column for error in refused.value.errors}
    assert User.objects.count() == before


def test_every_change_has_its_audit_entry_though_written_in_bulk(org, tmp_path):
    from auditlog.models import LogEntry

    import_people(
        write(
            tmp_path,
            f"P1,Anna Andersson,anna@example.se,{org.alfa_unit.code},ja",
            f"P2,Bo Berg,bo@example.se,{org.beta_unit.code},nej",
        )
    )
    anna, bo = User.objects.get(external_id="P1"), User.objects.get(external_id="P2")
    created = LogEntry.objects.get_for_object(anna).get(action=LogEntry.Action.CREATE)
    assert created.changes_dict["full_name"] == ["None", "Anna Andersson"]
    assert len(created.changes_dict["role_assignments"]["objects"]) == 2  # employee, manager
    assert created.additional_data == {"source": "import-people"}
    import_people(write(tmp_path, f"P1,Anna Lind,anna@example.se,{org.beta_unit.code},ja"))
    changed = LogEntry.objects.get_for_object(anna).get(action=LogEntry.Action.UPDATE)
    assert changed.changes_dict["full_name"] == ["Anna Andersson", "Anna Lind"]
    assert changed.changes_dict["home_unit"] == [str(org.alfa_unit.pk), str(org.beta_unit.pk)]
    gone = LogEntry.objects.get_for_object(bo).get(action=LogEntry.Action.UPDATE)
    assert gone.changes_dict == {"is_active": ["True", "False"]}
    bo.refresh_from_db()
    assert bo.session_epoch == 1  # the disabled person's sessions ended
    # The roles of a person moved: the old removed and the new given, each on the trail.
    moved = RoleAssignment.objects.get(user=anna, role=Role.EMPLOYEE)
    assert moved.unit == org.beta_unit
    assert LogEntry.objects.get_for_object(moved).filter(action=LogEntry.Action.CREATE).exists()


def test_the_file_is_applied_a_thousand_at_a_time_in_few_queries(
    org, tmp_path, django_assert_max_num_queries, monkeypatch
):
    from sakra.accounts import people_import

    monkeypatch.setattr(people_import, "BATCH_SIZE", 10)
    lines = [f"P{n},Person {n},p{n}@example.se,{org.alfa_unit.code},nej" for n in range(45)]
    with django_assert_max_num_queries(60):  # five batches of a few statements, not one a row
        plan = import_people(write(tmp_path, *lines))
    assert plan.count("new") == 45
    assert RoleAssignment.objects.filter(user__external_id__startswith="P").count() == 45
    # A bad row in the last batch rolls back what the first four wrote.
    lines[-1] = "P44,Person 44,p44@example.se,no-such-unit,nej"
    lines += [f"Q{n},Ny {n},q{n}@example.se,{org.alfa_unit.code},nej" for n in range(30)]
    with pytest.raises(ImportRefused):
        import_people(write(tmp_path, *lines))
    assert not User.objects.filter(external_id__startswith="Q").exists()
