"""The crisis log's PDF made by the worker through core's documents (`sakra.core.prints`):
who may ask for it and fetch it, the job's states, a failure, and the page's fragment."""

from dataclasses import replace

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.storage import FileSystemStorage
from django.test import Client
from django.urls import reverse

from sakra.accounts.choices import Role
from sakra.core import prints
from sakra.core.choices import PrintStatus
from sakra.core.models import PrintJob
from sakra.core.prints import request_print
from sakra.core.tasks import make_print
from sakra.testing import done_print

from ..prints import CRISIS_LOG
from .factories import make_continuity

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_job_goes_from_waiting_to_ready_with_its_file(side, chief, media):
    job = request_print(CRISIS_LOG, side.crisis, by=chief)
    assert job.status == PrintStatus.QUEUED and job.progress == 0 and job.requested_by == chief
    # A second click while it waits is the same job, not a second print.
    assert request_print(CRISIS_LOG, side.crisis, by=chief) == job
    assert make_print.call(job.pk) > 0
    job.refresh_from_db()
    assert job.status == PrintStatus.DONE and job.progress == 100 and job.finished_at
    assert job.file.name.startswith(f"prints/{job.pk}/stabslogg-{side.crisis.pk}-")
    assert job.file.read().startswith(b"%PDF") and not job.error
    # Taken once: a second worker given the same job leaves it alone.
    assert make_print.call(job.pk) == 0
    # Ready, a new request is a new print.
    assert request_print(CRISIS_LOG, side.crisis, by=chief) != job


def test_only_who_may_read_the_crisis_asks_for_its_print(org, side, chief):
    outsider = org.user(Role.SECURITY_COORDINATOR, unit=org.beta)
    with pytest.raises(PermissionDenied):
        request_print(CRISIS_LOG, side.crisis, by=outsider)
    assert not PrintJob.objects.exists()
    answer = _client(outsider).post(reverse("continuity:crisis-print", args=[side.crisis.pk]))
    assert answer.status_code == 404 and not PrintJob.objects.exists()


def test_a_failed_print_says_so_in_swedish_and_leaves_no_file(side, chief, media, monkeypatch):
    job = request_print(CRISIS_LOG, side.crisis, by=chief)

    def broken(crisis, progress):
        progress(40)
        raise RuntimeError("Pango is missing")

    kind = replace(prints.kinds()[CRISIS_LOG], render=broken)
    monkeypatch.setitem(prints.kinds(), CRISIS_LOG, kind)
    assert make_print.call(job.pk) == 0
    job.refresh_from_db()
    assert job.status == PrintStatus.FAILED and job.finished_at and not job.file
    assert job.error.startswith("PDF:en kunde inte göras.")
    assert not any(media.rglob("*.pdf"))


def test_a_file_cut_short_in_storage_is_removed(side, chief, media, monkeypatch):
    """The storage fails half way through writing: the part written is not left behind."""
    job = request_print(CRISIS_LOG, side.crisis, by=chief)

    def half(storage, name, content):
        path = media / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.read()[:10])
        raise OSError("disk full")

    monkeypatch.setattr(FileSystemStorage, "_save", half)
    assert make_print.call(job.pk) == 0
    job.refresh_from_db()
    assert job.status == PrintStatus.FAILED and not job.file
    assert not any(media.rglob("*.pdf"))


def test_the_page_polls_the_fragment_until_the_file_is_ready(side, chief):
    client = _client(chief)
    page = client.get(side.crisis.get_absolute_url()).content.decode()
    assert "Skriv ut loggen (PDF)" in page and 'hx-trigger="every 1s"' not in page
    url = reverse("continuity:crisis-print", args=[side.crisis.pk])
    waiting = client.post(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in waiting and "Väntar på bakgrundsarbetaren" in waiting
    job = PrintJob.objects.of(CRISIS_LOG, side.crisis).get()
    # The page itself shows the job too (read in the crisis's own query).
    assert 'hx-trigger="every 1s"' in client.get(side.crisis.get_absolute_url()).content.decode()
    make_print.call(job.pk)
    ready = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' not in ready and reverse("print-file", args=[job.pk]) in ready
    assert "Ladda ner PDF:en" in client.get(side.crisis.get_absolute_url()).content.decode()
    # Without htmx the button's POST comes back to the crisis page.
    answer = client.post(url)
    assert answer.status_code == 302 and answer["Location"] == side.crisis.get_absolute_url()


def test_the_file_is_sent_to_readers_of_the_crisis_and_404_to_others(org, side, chief):
    job = done_print(CRISIS_LOG, side.crisis)
    url = reverse("print-file", args=[job.pk])
    answer = _client(chief).get(url)
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    assert "no-store" in answer["Cache-Control"] and answer["X-Content-Type-Options"] == "nosniff"
    # Staff of the crisis read it; a coordinator of another administration does not.
    member = org.user()
    assert _client(member).get(url).status_code == 404
    from .. import services

    services.assign_role(side.crisis, by=chief, person=member, role="Loggförare")
    assert _client(member).get(url).status_code == 200
    outsider = org.user(Role.SECURITY_COORDINATOR, unit=org.beta)
    assert _client(outsider).get(url).status_code == 404
    # Another crisis's print is not this one's reader's either.
    other = make_continuity(org.beta_unit, chief).crisis
    other_job = done_print(CRISIS_LOG, other)
    assert _client(member).get(reverse("print-file", args=[other_job.pk])).status_code == 404
    # A job that is not ready has no file to send.
    waiting = request_print(CRISIS_LOG, other, by=chief)
    assert _client(chief).get(reverse("print-file", args=[waiting.pk])).status_code == 404
    assert Client().get(url).status_code == 302  # anonymous: to the login page
