import json

from .figures import record


def test_a_figure_is_written_where_ci_asks(tmp_path, monkeypatch):
    monkeypatch.setenv("SAKRA_CI_FIGURES", str(tmp_path / "figures"))
    record("bad_inputs", "bad inputs tried", 42)
    assert json.loads((tmp_path / "figures" / "bad_inputs.json").read_text()) == {
        "label": "bad inputs tried",
        "count": 42,
    }


def test_nothing_is_written_outside_ci(tmp_path, monkeypatch):
    monkeypatch.delenv("SAKRA_CI_FIGURES", raising=False)
    assert record("bad_inputs", "bad inputs tried", 42) is None
