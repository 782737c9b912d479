"""The region's default list of crisis preparedness indicators (after MSB's guidance for the
RSA of municipalities and regions); edited in the admin afterwards."""

from django.db import migrations

INDICATORS = [
    ("Plan för extraordinära händelser",
     "En plan för hur regionen ska hantera extraordinära händelser är fastställd för "
     "mandatperioden."),
    ("Krisledning dygnet runt",
     "Krisledningsnämnd och krisledningsstab kan aktiveras dygnet runt; tjänsteman i beredskap "
     "finns."),
    ("Övad krisledning",
     "Krisledningsorganisationen har övats under det senaste året och övningen har utvärderats."),
    ("Utbildad krisorganisation",
     "Personal med roller i krisorganisationen har utbildning för sina uppgifter."),
    ("Kontinuitetsplaner",
     "Samhällsviktig verksamhet har kontinuitetsplaner som hålls aktuella."),
    ("Reservkraft och reservvatten",
     "Reservkraft och reservvatten finns för samhällsviktig verksamhet och provas regelbundet."),
    ("Lager av läkemedel och skyddsutrustning",
     "Beredskapslager av läkemedel, sjukvårdsmateriel och skyddsutrustning finns."),
    ("Samverkan i länet",
     "Regionen samverkar med länsstyrelsen, kommunerna och andra aktörer före, under och efter "
     "en kris."),
    ("Lägesbild och samband",
     "En gemensam lägesbild kan tas fram och delas; reservsamband (Rakel) finns och övas."),
    ("Kriskommunikation",
     "Regionen kan snabbt ge allmänheten och medarbetarna samordnad information."),
]


def add(apps, schema_editor):
    Indicator = apps.get_model("risks", "PreparednessIndicator")
    for position, (name, description) in enumerate(INDICATORS, start=1):
        Indicator.objects.get_or_create(
            name=name, defaults={"description": description, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("risks", "0002_rsa_preparedness_follow_up_cycle")]

    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
