import json

from .figures import record


def test_a_figure_is_written_where_ci_asks(tmp_path, monkeypatch):
    monkeypatch.setenv("SAKRA_CI_FIGURES", str(tmp_path / "figures"))
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)
    record("bad_inputs", "bad inputs tried", 42)
    assert json.loads((tmp_path / "figures" / "bad_inputs.main.json").read_text()) == {
        "label": "bad inputs tried",
        "count": 42,
    }


def test_each_worker_writes_its_own_figure(tmp_path, monkeypatch):
    monkeypatch.setenv("SAKRA_CI_FIGURES", str(tmp_path))
    for worker, count in (("gw0", 40), ("gw1", 2)):
        monkeypatch.setenv("PYTEST_XDIST_WORKER", worker)
        record("bad_inputs", "bad inputs tried", count)
    counts = [json.loads(path.read_text())["count"] for path in tmp_path.glob("bad_inputs.*")]
    assert sorted(counts) == [2, 40]


def test_nothing_is_written_outside_ci(tmp_path, monkeypatch):
    monkeypatch.delenv("SAKRA_CI_FIGURES", raising=False)
    assert record("bad_inputs", "bad inputs tried", 42) is None
