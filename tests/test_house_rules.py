"""House rules that a comment cannot keep: no module of the application or the bench past
800 lines (DESIGN.md). Migrations are generated; test modules are tables of cases and are left
out (tests/security/test_bad_inputs.py is the one past the line)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 800


def test_no_module_is_past_the_limit():
    too_long = {
        str(path.relative_to(ROOT)): lines
        for folder in ("sakra", "bench")
        for path in (ROOT / folder).rglob("*.py")
        if "migrations" not in path.parts and "tests" not in path.parts
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > LIMIT
    }
    assert not too_long, f"split these modules (more than {LIMIT} lines): {too_long}"
