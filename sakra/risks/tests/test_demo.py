"""The demo region's risk management: the approved RSA 2019–2022, a unit analysis, a
confidential threat assessment, and seed 000's RSA goal computed from the RSA's actions."""

from django.core.management import call_command
from django.test import Client

from sakra.accounts.models import User
from sakra.goals.models import Indicator
from sakra.goals.services import compute_values
from sakra.risks import demo
from sakra.risks.choices import AnalysisKind, AnalysisStatus
from sakra.risks.models import CriticalDependency, CriticalService, Risk, RiskAnalysis


def test_demo_risks_are_idempotent_and_compute_the_rsa_goal(db):
    call_command("demo", no_serve=True)
    counts = RiskAnalysis.objects.count(), Risk.objects.count()
    demo.load()
    assert counts == (RiskAnalysis.objects.count(), Risk.objects.count())
    rsa = RiskAnalysis.objects.get(kind=AnalysisKind.REGIONAL_RSA)
    assert rsa.status == AnalysisStatus.APPROVED and rsa.decision is not None
    assert CriticalService.objects.filter(analysis=rsa).count() == 4
    assert CriticalDependency.objects.filter(service__analysis=rsa).count() >= 10
    assert RiskAnalysis.objects.filter(kind=AnalysisKind.THREATS, is_confidential=True).exists()
    assert rsa.preparedness_assessments.count() == 10
    assert sorted(rsa.follow_ups.values_list("year", flat=True)) == [2020, 2021, 2022]
    chief = User.objects.get(email="karin.strom@demo.sakra.se")
    indicator = Indicator.objects.get(kind="rsa_actions_done")
    values = compute_values(chief, [indicator], list(range(2019, 2023)))[indicator.pk]
    assert values[2020] == 100  # the actions due by 2020 were done
    assert 0 < values[2022] < 100  # one of the RSA's actions is still in progress
    client = Client()
    client.force_login(chief)
    for url in ("/risker/", f"/risker/{rsa.pk}/", "/risker/register/", "/risker/karta/",
                f"/risker/{rsa.pk}/rapport.pdf", f"/risker/{rsa.pk}/rapport.docx",
                "/risker/samhallsviktig-verksamhet/", "/risker/mandatperiod/",
                f"/risker/{rsa.pk}/krisberedskap/"):  # fmt: skip
        assert client.get(url).status_code == 200, url
