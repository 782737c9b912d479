"""State changes of the organisation's reference data."""

from django.db import transaction

from .models import SecurityArea
from .presets import AREA_PRESETS


class UnknownPreset(ValueError):
    def __init__(self, name: str):
        self.name = name
        super().__init__(
            f"Unknown preset {name!r}. Valid presets: {', '.join(sorted(AREA_PRESETS))}."
        )


@transaction.atomic
def load_area_preset(name: str) -> tuple[int, int]:
    """Create or update the areas of a preset by code; returns (created, updated).

    Running it again changes nothing; areas outside the preset are left as they are.
    """
    if name not in AREA_PRESETS:
        raise UnknownPreset(name)
    created = updated = 0
    for position, (code, name_sv, name_en) in enumerate(AREA_PRESETS[name], start=1):
        area = SecurityArea.objects.filter(code=code).first()
        if area is None:
            SecurityArea.objects.create(
                code=code, name_sv=name_sv, name_en=name_en, position=position
            )
            created += 1
        elif (area.name_sv, area.name_en, area.position) != (name_sv, name_en, position):
            area.name_sv, area.name_en, area.position = name_sv, name_en, position
            area.save(update_fields=["name_sv", "name_en", "position"])
            updated += 1
    return created, updated
