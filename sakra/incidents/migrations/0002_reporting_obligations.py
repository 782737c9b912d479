"""The regulators' clocks as data: GDPR art. 33, the cybersecurity act (NIS2), AFS serious incidents."""

from django.db import migrations

# (code, authority, title sv, title en, deadline hours (0 = without delay), position)
OBLIGATIONS = [
    ("gdpr-imy", "Integritetsskyddsmyndigheten (IMY)", "Anmälan av personuppgiftsincident (GDPR art. 33)", "Personal data breach notification (GDPR art. 33)", 72, 10),
    ("nis2-early-warning", "CERT-SE (Myndigheten för civilt försvar)", "Tidig varning om betydande incident (cybersäkerhetslagen)", "Early warning of a significant incident (cybersecurity act)", 24, 20),
    ("nis2-notification", "CERT-SE (Myndigheten för civilt försvar)", "Incidentanmälan (cybersäkerhetslagen)", "Incident notification (cybersecurity act)", 72, 21),
    ("nis2-final-report", "CERT-SE (Myndigheten för civilt försvar)", "Slutrapport (cybersäkerhetslagen)", "Final report (cybersecurity act)", 720, 22),
    ("av-serious-incident", "Arbetsmiljöverket", "Anmälan av allvarligt tillbud", "Serious incident at work", 0, 30),
]


def load(apps, schema_editor):
    ReportingObligation = apps.get_model("incidents", "ReportingObligation")
    for code, authority, title_sv, title_en, hours, position in OBLIGATIONS:
        ReportingObligation.objects.update_or_create(
            code=code,
            defaults={"authority": authority, "title_sv": title_sv, "title_en": title_en,
                      "deadline_hours": hours, "position": position},
        )


class Migration(migrations.Migration):
    dependencies = [("incidents", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
