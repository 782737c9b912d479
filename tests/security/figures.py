"""The figures `.ci/run` prints at its end (matrix cells checked, schemathesis cases run, bad
inputs tried). A test calls `record(name, label, count)`; when SAKRA_CI_FIGURES names a
directory, the figure is written there as `<name>.<worker>.json` = {"label": "...", "count": N}.
Under pytest-xdist each worker writes its own file with what it counted (the last call wins),
and .ci/run adds the files of one label up; a run without workers writes `<name>.main.json`.
Outside CI (the variable unset) nothing is written, so a local test run leaves no files."""

from __future__ import annotations

import json
import os
from pathlib import Path


def record(name: str, label: str, count: int) -> Path | None:
    directory = os.environ.get("SAKRA_CI_FIGURES")
    if not directory:
        return None
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    path = Path(directory) / f"{name}.{worker}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"label": label, "count": int(count)}) + "\n", encoding="utf-8")
    return path
