"""import-organisation: each kind of change, a move between administrations with incidents on
it, and bad files that change nothing."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from sakra.accounts.choices import Role
from sakra.incidents import summary
from sakra.incidents.models import Incident, IncidentCategory
from sakra.incidents.services import report_incident
from sakra.organisation.choices import UnitKind
from sakra.organisation.importing import ImportRefused, UnreadableFile
from sakra.organisation.importing.units import import_organisation
from sakra.organisation.models import Site, Unit

HEADER = "external_id;parent_id;kind;name;code;sites"


def tree(org, **changes) -> list[str]:
    """The test organisation as the region's file would list it (codes take the units over);
    `changes` replaces a unit's line by its code name on `org`."""
    lines = {
        "region": f"R;;region;Region;{org.region.code};",
        "alfa": f"A;R;förvaltning;Alfa förvaltning;{org.alfa.code};{org.site.code}",
        "beta": f"B;R;förvaltning;Beta förvaltning;{org.beta.code};",
        "alfa_dept": f"AD;A;verksamhet;Alfa avdelning;{org.alfa_dept.code};",
        "alfa_unit": f"AU1;AD;enhet;Alfa enhet 1;{org.alfa_unit.code};",
        "alfa_unit2": f"AU2;AD;enhet;Alfa enhet 2;{org.alfa_unit2.code};",
        "beta_unit": f"BU;B;enhet;Beta enhet;{org.beta_unit.code};",
    }
    lines.update(changes)
    return [HEADER, *(line for line in lines.values() if line)]


def write(tmp_path, lines, name="org.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


def snapshot():
    return list(Unit.objects.values_list("pk", "path", "name", "kind", "is_active", "external_id"))


@pytest.fixture
def report(org):
    """Report an incident in Alfa enhet 1 (or `unit`): `report(user, **overrides)`."""
    category = IncidentCategory.objects.create(
        code="t-brand", name_sv="Brand", name_en="Fire", area=org.other_area
    )

    def make(user, **overrides):
        values = {
            "category": category,
            "occurred_at": timezone.now() - timedelta(hours=1),
            "unit": org.alfa_unit,
            "description": "Rökutveckling i soprum",
        }
        values.update(overrides)
        return report_incident(by=user, **values)[0]

    return make


@pytest.fixture
def adopted(org, tmp_path):
    """The test organisation after a first import gave every unit its external id."""
    plan = import_organisation(write(tmp_path, tree(org)))
    assert plan.count("linked") == 7
    return org


def test_a_new_tree_is_created_and_a_second_run_finds_nothing(db, tmp_path):
    path = write(
        tmp_path,
        [
            HEADER,
            "SE1;;region;Region Test;;",
            "SE2;SE1;administration;Förv;;halmstad|varberg",
            "SE3;SE2;unit;Enhet;enhet-3;halmstad",
        ],
    )
    assert import_organisation(path, dry_run=True).count("new") == 3
    assert not Unit.objects.exists() and not Site.objects.exists()
    plan = import_organisation(path)
    assert plan.count("new") == 3
    unit = Unit.objects.get(external_id="SE3")
    assert unit.code == "enhet-3" and Unit.objects.get_parent(unit).external_id == "SE2"
    assert unit.administration.external_id == "SE2"
    assert set(Unit.objects.get(external_id="SE2").sites.values_list("code", flat=True)) == {
        "halmstad",
        "varberg",
    }
    again = import_organisation(path)
    assert again.changes == [] and again.unchanged == 3


def test_rename_kind_and_sites_are_applied(adopted, tmp_path):
    org = adopted
    plan = import_organisation(
        write(
            tmp_path,
            tree(
                org,
                alfa_unit2=f"AU2;AD;verksamhet;Alfa 2;{org.alfa_unit2.code};{org.site.code}",
            ),
        )
    )
    assert [c.kind for c in plan.changes] == ["renamed", "kind", "sites"]
    unit = Unit.objects.get(pk=org.alfa_unit2.pk)
    assert (unit.name, unit.kind) == ("Alfa 2", UnitKind.DEPARTMENT)
    assert list(unit.sites.all()) == [org.site]


def test_a_closed_unit_is_archived_and_its_incidents_are_still_found(adopted, tmp_path, report):
    org = adopted
    incident = report(org.user(Role.EMPLOYEE, home_unit=org.alfa_unit2), unit=org.alfa_unit2)
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    plan = import_organisation(write(tmp_path, tree(org, alfa_unit2="")))
    assert plan.count("closed") == 1
    unit = Unit.objects.get(pk=org.alfa_unit2.pk)
    assert not unit.is_active and Unit.objects.get_parent(unit) == org.alfa_dept
    assert Incident.objects.for_user(coordinator).filter(pk=incident.pk).exists()
    reopened = import_organisation(write(tmp_path, tree(org)))
    assert reopened.count("reopened") == 1


def test_a_move_between_administrations_carries_incidents_summary_and_scopes(
    adopted, tmp_path, report
):
    org = adopted
    reporter = org.user(Role.EMPLOYEE)
    moved = [report(reporter), report(reporter, description="Inbrott i förråd")]
    stays = report(reporter, unit=org.alfa_unit2)
    manager = org.user(Role.MANAGER, unit=org.alfa_unit)
    alfa_coordinator = org.user(Role.SECURITY_COORDINATOR, unit=org.alfa)
    beta_coordinator = org.user(Role.SECURITY_COORDINATOR, unit=org.beta)
    assert not Incident.objects.for_user(beta_coordinator).filter(pk=moved[0].pk).exists()

    plan = import_organisation(
        write(tmp_path, tree(org, alfa_unit=f"AU1;B;enhet;Alfa enhet 1;{org.alfa_unit.code};"))
    )

    assert plan.count("moved") == 1 and plan.count("recounted") == 1
    unit = Unit.objects.get(pk=org.alfa_unit.pk)
    assert Unit.objects.get_parent(unit) == Unit.objects.get(pk=org.beta.pk)
    for incident in moved:
        incident.refresh_from_db()
        assert incident.administration_id == org.beta.pk
    stays.refresh_from_db()
    assert stays.administration_id == org.alfa.pk
    assert summary.differences() == []

    # Scopes follow on the next request: a fresh user object reads the tree afresh.
    def sees(user, incident):
        fresh = type(user).objects.get(pk=user.pk)
        return Incident.objects.for_user(fresh).filter(pk=incident.pk).exists()

    assert sees(beta_coordinator, moved[0]) and not sees(alfa_coordinator, moved[0])
    assert sees(alfa_coordinator, stays)
    assert sees(manager, moved[0])  # the manager's scope is the unit itself: it moved along


def test_a_dry_run_shows_the_move_and_changes_nothing(adopted, tmp_path, report):
    org = adopted
    report(org.user(Role.EMPLOYEE))
    before = snapshot()
    plan = import_organisation(
        write(tmp_path, tree(org, alfa_unit=f"AU1;B;enhet;Alfa enhet 1;{org.alfa_unit.code};")),
        dry_run=True,
    )
    assert plan.count("moved") == 1
    assert snapshot() == before
    assert Incident.objects.get().administration_id == org.alfa.pk
    assert summary.differences() == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"alfa": "A;AU1;förvaltning;Alfa förvaltning;x-alfa;"}, "ligger under sig själv"),
        ({"beta": "A;R;förvaltning;Beta förvaltning;x-beta;"}, "två enheter har id"),
        ({"beta": "B;NOPE;förvaltning;Beta förvaltning;x-beta;"}, "finns inte i filen"),
        ({"beta": "B;R;landsting;Beta förvaltning;x-beta;"}, "okänd typ"),
        ({"beta": "B;;region;Beta;x-beta;"}, "exakt en enhet utan överordnad"),
        ({"beta": "B;R;förvaltning;;x-beta;"}, "obligatorisk"),
    ],
)
def test_a_bad_file_changes_nothing(adopted, tmp_path, change, message):
    before = snapshot()
    with pytest.raises(ImportRefused) as refused:
        import_organisation(write(tmp_path, tree(adopted, **change)))
    assert any(message in str(error) for error in refused.value.errors), refused.value.errors
    assert snapshot() == before


def test_a_file_in_the_wrong_encoding_is_refused_in_swedish(adopted, tmp_path):
    before = snapshot()
    path = write(tmp_path, tree(adopted), encoding="latin-1")
    with pytest.raises(UnreadableFile):
        import_organisation(path)
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("import_organisation", str(path))
    assert snapshot() == before


def test_the_command_prints_the_differences_in_swedish(adopted, tmp_path, capsys):
    org = adopted
    path = write(tmp_path, tree(org, beta_unit=f"BU;B;enhet;Beta enheten;{org.beta_unit.code};"))
    with translation.override("en"):
        call_command("import_organisation", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert "Nytt namn: Beta enhet → Beta enheten (BU)." in out
    assert "Provkörning" in out
    assert Unit.objects.get(pk=org.beta_unit.pk).name == "Beta enhet"


def test_a_workbook_is_read_like_a_csv_file(db, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    for line in [HEADER, "X1;;region;Region X;;", "X2;X1;förvaltning;Förvaltning X;;"]:
        book.active.append(line.split(";"))
    path = tmp_path / "org.xlsx"
    book.save(path)
    assert import_organisation(path).count("new") == 2


def test_the_example_files_of_the_install_guide(db, capsys):
    """docs/admin/install.md: the demo region from files, then a month's changes, dry run first."""
    from django.conf import settings

    from sakra.accounts.models import User

    examples = settings.BASE_DIR / "docs" / "admin" / "examples"
    call_command("import_organisation", str(examples / "organisation.csv"))
    call_command("import_people", str(examples / "people.csv"))
    assert Unit.objects.count() == 31 and User.objects.filter(is_active=True).count() == 11
    capsys.readouterr()
    call_command("import_organisation", str(examples / "organisation-changes.csv"), "--dry-run")
    dry = capsys.readouterr().out
    assert "Flyttad: Psykiatrisk akutvård Halland" in dry and "Stängd: HR-avdelningen" in dry
    assert Unit.objects.get(code="rk-hr").is_active
    call_command("import_organisation", str(examples / "organisation-changes.csv"))
    moved = Unit.objects.get(code="hs-psyk-akut")
    assert moved.administration.code == "nsvh" and moved.name == "Psykiatrisk akutvård Halland"
    assert not Unit.objects.get(code="rk-hr").is_active
    call_command("import_people", str(examples / "people-changes.csv"), "--dry-run")
    assert "Johan Ek" in capsys.readouterr().out
    call_command("import_people", str(examples / "people-changes.csv"))
    assert not User.objects.get(external_id="T1002").is_active
    assert User.objects.get(external_id="T1012").home_unit.code == "rk-sak-beredskap"


def test_a_large_new_tree_is_written_in_bulk_valid_sorted_and_audited(
    db, tmp_path, django_assert_max_num_queries
):
    from auditlog.models import LogEntry

    lines = [HEADER, "R;;region;Region;;", "A;R;förvaltning;Förv;;halmstad"]
    lines += [f"D{d};A;verksamhet;Verksamhet {d};;" for d in range(3)]
    lines += [f"U{n};D{n % 3};enhet;Enhet {n:03d};;varberg" for n in range(120, 0, -1)]
    with django_assert_max_num_queries(40):  # not one a unit
        import_organisation(write(tmp_path, lines))
    assert Unit.objects.count() == 125
    assert Unit.objects.find_problems() == ([], [], [], [], [])
    names = [u.name for u in Unit.objects.get_children(Unit.objects.get(external_id="D1"))]
    assert names == sorted(names) and len(names) == 40
    unit = Unit.objects.get(external_id="U7")
    assert (unit.administration.external_id, Unit.objects.get_parent(unit).external_id) == (
        "A",
        "D1",
    )
    assert set(unit.sites.values_list("code", flat=True)) == {"varberg"}
    created = LogEntry.objects.get_for_object(unit).get(action=LogEntry.Action.CREATE)
    assert created.changes_dict["name"] == ["None", "Enhet 007"]
    assert created.changes_dict["sites"]["objects"] == ["varberg"]
    # A new subtree under a unit already there, and a unit moved into it, in one run.
    lines += ["N;A;verksamhet;Ny verksamhet;;", "NU;N;enhet;Ny enhet;;"]
    lines = [line.replace("U7;D1;", "U7;N;") for line in lines]
    plan = import_organisation(write(tmp_path, lines))
    assert (plan.count("new"), plan.count("moved")) == (2, 1)
    assert Unit.objects.find_problems() == ([], [], [], [], [])
    assert Unit.objects.get_parent(Unit.objects.get(external_id="U7")).external_id == "N"
    assert LogEntry.objects.get_for_object(Unit.objects.get(external_id="NU")).exists()
