"""The demo region's documents: the chain from the policy, a local supplement, one routine on
consultation and one overdue; a first-line manager finds the threats routine first."""

from django.core.management import call_command
from django.test import Client

from sakra.accounts.models import User
from sakra.documents import demo
from sakra.documents.choices import DocumentStatus
from sakra.documents.models import Document
from sakra.documents.search import ranked


def test_demo_documents_are_idempotent_and_findable(db):
    call_command("demo", no_serve=True)
    count = Document.objects.count()
    demo.load()
    assert Document.objects.count() == count == len(demo.DOCUMENTS)
    assert Document.objects.filter(status=DocumentStatus.CONSULTATION).count() == 0
    assert (
        Document.objects.get(title="Rutin vid hot och våld")
        .versions.filter(state="consultation")
        .exists()
    )
    assert Document.objects.filter(supplements__isnull=False).count() == 1
    assert [d.title for d in Document.objects.all() if d.review_overdue] == [
        "Rutin Brandskyddspärmen för Region Halland"
    ]
    manager = User.objects.get(email="maria.lindqvist@demo.sakra.se")
    assert ranked(manager, "hot och våld")[0].title == "Rutin vid hot och våld"
    assert (
        ranked(manager, "brandskyddspärm")[0].title == "Rutin Brandskyddspärmen för Region Halland"
    )
    client = Client()
    client.force_login(manager)
    assert client.get("/styrdokument/").status_code == 200
    assert "Rutin vid hot och våld" in client.get("/sok/?q=hot+och+v%C3%A5ld").content.decode()
