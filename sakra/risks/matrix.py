"""The risk matrix as a whole: the region's default and the rules every version must keep.

Validated as a whole (every cell has a level, levels never decrease along either axis, the
acceptable level exists, labels are unique) so that a malformed setting is refused with a
message on its field instead of giving a 500 wherever a level is looked up.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DEFAULT_LIKELIHOOD = ["Mycket låg", "Låg", "Medel", "Hög", "Mycket hög"]
DEFAULT_CONSEQUENCE = ["Mycket begränsad", "Begränsad", "Allvarlig", "Mycket allvarlig",
                       "Katastrofal"]  # fmt: skip
DEFAULT_LEVEL_LABELS = ["Låg", "Medel", "Hög", "Mycket hög"]
#: Days until a risk is reviewed again, per level (the review date defaults from these).
DEFAULT_REVIEW_DAYS = [365, 365, 180, 90]
DEFAULT_ACCEPTABLE = 2


def default_levels(size: int = 5) -> list[list[int]]:
    """Level by likelihood + consequence: 2–4 low, 5–6 medium, 7–8 high, 9–10 very high."""
    bands = {2: 1, 3: 1, 4: 1, 5: 2, 6: 2, 7: 3, 8: 3, 9: 4, 10: 4}
    return [[bands[lik + con] for con in range(1, size + 1)] for lik in range(1, size + 1)]


def _labels(value, field: str) -> list[str]:
    if not isinstance(value, list) or not value or len(value) > 10:
        raise ValidationError({field: _("Give between one and ten steps.")})
    labels = [str(label).strip() if isinstance(label, str) else "" for label in value]
    if any(not label for label in labels):
        raise ValidationError({field: _("Every step needs a label.")})
    if len({label.casefold() for label in labels}) != len(labels):
        raise ValidationError({field: _("The labels must be unique.")})
    return labels


def validate(*, likelihood_labels, consequence_labels, level_labels, levels, acceptable_level,
             review_days) -> None:  # fmt: skip
    """Raise ValidationError keyed by field when the matrix as a whole does not hold."""
    likelihood = _labels(likelihood_labels, "likelihood_labels")
    consequence = _labels(consequence_labels, "consequence_labels")
    names = _labels(level_labels, "level_labels")
    if not isinstance(levels, list) or len(levels) != len(likelihood):
        raise ValidationError({"levels": _("Give one row of levels per likelihood step.")})
    for row in levels:
        if not isinstance(row, list) or len(row) != len(consequence):
            raise ValidationError({"levels": _("Every cell of the matrix needs a level.")})
        for cell in row:
            if isinstance(cell, bool) or not isinstance(cell, int):
                raise ValidationError({"levels": _("Every cell of the matrix needs a level.")})
            if not 1 <= cell <= len(names):
                raise ValidationError(
                    {"levels": _("A cell's level must be between 1 and {n}.").format(n=len(names))}
                )
    for lik, row in enumerate(levels):
        for con, cell in enumerate(row):
            if con and cell < row[con - 1]:
                raise ValidationError(
                    {"levels": _("Levels must not decrease as the consequence grows.")}
                )
            if lik and cell < levels[lik - 1][con]:
                raise ValidationError(
                    {"levels": _("Levels must not decrease as the likelihood grows.")}
                )
    if (
        isinstance(acceptable_level, bool)
        or not isinstance(acceptable_level, int)
        or not (1 <= acceptable_level <= len(names))
    ):
        raise ValidationError(
            {"acceptable_level": _("The acceptable level must be one of the levels.")}
        )
    if (
        not isinstance(review_days, list)
        or len(review_days) != len(names)
        or any(
            isinstance(d, bool) or not isinstance(d, int) or not 1 <= d <= 3650 for d in review_days
        )
    ):
        raise ValidationError(
            {"review_days": _("Give the days until review for every level (1 to 3650).")}
        )


#: The fields of a matrix version that make up the setting.
FIELDS = ("likelihood_labels", "consequence_labels", "level_labels", "levels",
          "acceptable_level", "review_days")  # fmt: skip
