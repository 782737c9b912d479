"""The annual report's prints move into core's one table of documents made by the worker
(`core.PrintJob`, kind "reports.annual_report"): every job is kept with its status, times and
requester, and a finished job's PDF, held in the row until now, becomes its file in storage."""

from django.core.files.base import ContentFile
from django.db import migrations

#: Written out, not imported: a migration keeps the value it had when it was written.
KIND = "reports.annual_report"


def forward(apps, schema_editor):
    Old = apps.get_model("reports", "PrintJob")
    New = apps.get_model("core", "PrintJob")
    for old in Old.objects.select_related("report").order_by("pk").iterator():
        new = New.objects.create(
            kind=KIND,
            object_id=old.report_id,
            status=old.status,
            progress=old.progress,
            requested_by_id=old.requested_by_id,
            finished_at=old.finished_at,
            seconds=old.seconds,
        )
        fields = {"requested_at": old.requested_at}  # auto_now_add set it to now
        if old.content:
            name = f"prints/{new.pk}/sakerhetsberattelse-{old.report.year}.pdf"
            fields["file"] = new.file.storage.save(name, ContentFile(bytes(old.content)))
        New.objects.filter(pk=new.pk).update(**fields)


def backward(apps, schema_editor):
    Old = apps.get_model("reports", "PrintJob")
    New = apps.get_model("core", "PrintJob")
    for new in New.objects.filter(kind=KIND).order_by("pk").iterator():
        content = None
        if new.file:
            with new.file.open("rb") as handle:
                content = handle.read()
        old = Old.objects.create(
            report_id=new.object_id,
            status=new.status,
            progress=new.progress,
            content=content,
            requested_by_id=new.requested_by_id,
            finished_at=new.finished_at,
            seconds=new.seconds,
        )
        Old.objects.filter(pk=old.pk).update(requested_at=new.requested_at)
    New.objects.filter(kind=KIND).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_printjob"),
        ("reports", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.DeleteModel(name="PrintJob"),
    ]
