"""The dashboards' summary counts per year instead of per month: a twelfth of the rows to read."""

from django.db import migrations
from django.db.models import Count

KEY = ("administration_id", "category_id", "area_id", "is_restricted", "is_acute", "occurred_year")


def recount(apps, schema_editor):
    """Merge the months into years by counting the incidents again (summary.rebuild(), frozen)."""
    Incident = apps.get_model("incidents", "Incident")
    IncidentYearlyCount = apps.get_model("incidents", "IncidentYearlyCount")
    IncidentYearlyCount.objects.all().delete()
    rows = Incident.objects.order_by().values(*KEY).annotate(n=Count("pk"))
    IncidentYearlyCount.objects.bulk_create(
        (IncidentYearlyCount(**{f: row[f] for f in KEY}, count=row["n"]) for row in rows),
        batch_size=5000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0006_list_count_index"),
    ]

    operations = [
        migrations.RenameModel("IncidentMonthlyCount", "IncidentYearlyCount"),
        migrations.RemoveField("incidentyearlycount", "occurred_month"),
        migrations.AlterModelOptions(
            name="incidentyearlycount",
            options={
                "ordering": ["occurred_year", "administration_id", "category_id"],
                "verbose_name": "yearly incident count",
                "verbose_name_plural": "yearly incident counts",
            },
        ),
        migrations.RunPython(recount, migrations.RunPython.noop),
    ]
