"""The matrix setting: the level of every cell, and a malformed setting refused as a whole."""

import pytest
from django.core.exceptions import ValidationError

from sakra.risks import matrix
from sakra.risks.models import MatrixVersion

#: The region's default 5 × 5 matrix, row by row from likelihood 1 (consequence 1 → 5).
EXPECTED = [
    [1, 1, 1, 2, 2],
    [1, 1, 2, 2, 3],
    [1, 2, 2, 3, 3],
    [2, 2, 3, 3, 4],
    [2, 3, 3, 4, 4],
]


def _default(**changes):
    data = {
        "likelihood_labels": list(matrix.DEFAULT_LIKELIHOOD),
        "consequence_labels": list(matrix.DEFAULT_CONSEQUENCE),
        "level_labels": list(matrix.DEFAULT_LEVEL_LABELS),
        "levels": matrix.default_levels(),
        "acceptable_level": matrix.DEFAULT_ACCEPTABLE,
        "review_days": list(matrix.DEFAULT_REVIEW_DAYS),
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("likelihood", range(1, 6))
@pytest.mark.parametrize("consequence", range(1, 6))
def test_every_cell_of_the_default_matrix(db, likelihood, consequence):
    current = MatrixVersion.objects.current()
    level = current.level(likelihood, consequence)
    assert level == EXPECTED[likelihood - 1][consequence - 1]
    assert current.is_acceptable(level) == (level <= 2)
    assert current.level_label(level) == matrix.DEFAULT_LEVEL_LABELS[level - 1]


def test_the_default_matrix_is_valid():
    matrix.validate(**_default())


def _gap():
    levels = matrix.default_levels()
    levels[2] = levels[2][:4]  # a cell with no level
    return levels


def _decreasing_along_consequence():
    levels = matrix.default_levels()
    levels[0][3], levels[0][4] = 2, 1
    return levels


def _decreasing_along_likelihood():
    levels = matrix.default_levels()
    levels[4][0] = 1
    return levels


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"levels": _gap()}, "levels"),
        ({"levels": [*matrix.default_levels()[:4]]}, "levels"),
        ({"levels": [[1, 1, 1, 2, None], *matrix.default_levels()[1:]]}, "levels"),
        ({"levels": [[1, 1, 1, 2, 9], *matrix.default_levels()[1:]]}, "levels"),
        ({"levels": _decreasing_along_consequence()}, "levels"),
        ({"levels": _decreasing_along_likelihood()}, "levels"),
        ({"acceptable_level": 0}, "acceptable_level"),
        ({"acceptable_level": 5}, "acceptable_level"),
        ({"likelihood_labels": ["Låg", "låg", "Medel", "Hög", "Mycket hög"]}, "likelihood_labels"),
        ({"consequence_labels": ["A", "B", "", "D", "E"]}, "consequence_labels"),
        ({"level_labels": []}, "level_labels"),
        ({"review_days": [365, 365, 180]}, "review_days"),
        ({"review_days": [365, 365, 180, 0]}, "review_days"),
    ],
)
def test_a_malformed_matrix_is_refused_on_its_field(changes, field):
    with pytest.raises(ValidationError) as refused:
        matrix.validate(**_default(**changes))
    assert field in refused.value.message_dict


def test_the_model_validates_the_whole_matrix(db):
    version = MatrixVersion(number=2, **_default(levels=_gap()))
    with pytest.raises(ValidationError) as refused:
        version.full_clean()
    assert "levels" in refused.value.message_dict
