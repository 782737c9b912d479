from django.core.management.base import BaseCommand, CommandError

from sakra.organisation.presets import AREA_PRESETS
from sakra.organisation.services import UnknownPreset, load_area_preset


class Command(BaseCommand):
    help = "Load a preset catalogue of security areas: " + ", ".join(sorted(AREA_PRESETS))

    def add_arguments(self, parser):
        parser.add_argument("preset", help=" | ".join(sorted(AREA_PRESETS)))

    def handle(self, *args, preset, **options):
        try:
            created, updated = load_area_preset(preset)
        except UnknownPreset as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{preset}: {created} created, {updated} updated.")
