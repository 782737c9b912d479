"""The Swedish catalogues are complete and compiled: `make check-messages` (run by .ci/run).

Fails when
- `makemessages` would add a msgid to a catalogue (a string in the code that no .po has),
- a catalogue has an untranslated or a fuzzy entry (`msgattrib --untranslated / --only-fuzzy`),
- a .po does not compile (`msgfmt --check`) or its committed .mo says something else,
- two catalogues translate the same msgid differently: Django merges the catalogues and the
  first app's translation wins everywhere, so the other one is silently never shown (give
  one of them a context with `pgettext` when the meanings really differ).

`makemessages` runs on a copy of sakra/ in a temporary directory, so the tree is never
changed. Only msgids are compared, never the files' bytes: makemessages rewrites line wrapping
and source locations, and the catalogues are edited by hand and by several people at once.
Strings in tests/ directories are not collected (they are not shown to anyone).
"""

from __future__ import annotations

import gettext
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAKRA = ROOT / "sakra"
LANGUAGE = "sv"
DJANGO_ADMIN = Path(sys.executable).with_name("django-admin")


@dataclass
class Entry:
    context: str | None = None
    msgid: str = ""
    plural: str | None = None
    msgstr: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    where: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[str | None, str]:
        return self.context, self.msgid

    def describe(self) -> str:
        context = f" (context {self.context!r})" if self.context else ""
        where = f"  [{' '.join(self.where)}]" if self.where else ""
        return f"{self.msgid!r}{context}{where}"


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def _unquote(text: str) -> str:
    body = text.strip()[1:-1]
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), body)


def parse(text: str) -> list[Entry]:
    """The entries of a .po/.pot (obsolete `#~` ones left out), the header included."""
    entries: list[Entry] = []
    entry, target = Entry(), None

    def finish():
        nonlocal entry, target
        if target is not None:
            entries.append(entry)
        entry, target = Entry(), None

    for line in text.splitlines():
        line = line.strip()
        if not line:
            finish()
        elif line.startswith("#~"):
            continue
        elif line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#:"):
            entry.where.extend(line[2:].split())
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if target == "msgctxt":
                entry.context += _unquote(line)
            elif target == "msgid":
                entry.msgid += _unquote(line)
            elif target == "msgid_plural":
                entry.plural += _unquote(line)
            elif target == "msgstr":
                entry.msgstr[-1] += _unquote(line)
        else:
            keyword, _, value = line.partition(" ")
            if keyword == "msgctxt":
                if target is not None:
                    finish()
                target, entry.context = "msgctxt", _unquote(value)
            elif keyword == "msgid":
                if target not in (None, "msgctxt"):
                    finish()
                target, entry.msgid = "msgid", _unquote(value)
            elif keyword == "msgid_plural":
                target, entry.plural = "msgid_plural", _unquote(value)
            elif keyword.startswith("msgstr"):
                target = "msgstr"
                entry.msgstr.append(_unquote(value))
    finish()
    return entries


def messages(text: str) -> list[Entry]:
    return [entry for entry in parse(text) if entry.msgid]


def _run(*args: str, cwd: Path | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(  # noqa: S603 - gettext/django-admin with fixed arguments, no shell
        args, cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def _catalogues() -> list[Path]:
    return sorted(SAKRA.glob(f"**/locale/{LANGUAGE}/LC_MESSAGES/django.po"))


def new_msgids(work: Path) -> list[str]:
    """What makemessages would add: msgids in the code that no catalogue holds."""
    copy = work / "sakra"
    shutil.copytree(SAKRA, copy, ignore=shutil.ignore_patterns("__pycache__", "static", "*.mo"))
    # No settings: makemessages would otherwise add the real tree's LOCALE_PATHS (and write
    # there). Each file's strings go to the nearest locale/ directory above it, as when a
    # developer runs makemessages from the app's directory.
    _run(
        str(DJANGO_ADMIN), "makemessages", "-l", LANGUAGE, "--keep-pot", "--no-obsolete",
        "--ignore=tests", cwd=copy,
    )  # fmt: skip
    problems = []
    for pot in sorted(copy.glob("**/locale/django.pot")):
        locale = pot.parent.relative_to(copy)
        po = SAKRA / locale / LANGUAGE / "LC_MESSAGES" / "django.po"
        wanted = messages(pot.read_text(encoding="utf-8"))
        if not po.exists():
            problems.append(f"sakra/{locale}: no {LANGUAGE} catalogue for {len(wanted)} strings")
            continue
        have = {entry.key for entry in messages(po.read_text(encoding="utf-8"))}
        problems += [
            f"{po.relative_to(ROOT)}: missing {entry.describe()}"
            for entry in wanted
            if entry.key not in have
        ]
    return problems


def unfinished(po: Path) -> list[str]:
    """Untranslated and fuzzy entries, as msgattrib finds them (the header aside)."""
    problems = []
    for option, what in (("--untranslated", "untranslated"), ("--only-fuzzy", "fuzzy")):
        found = messages(_run("msgattrib", option, "--no-obsolete", str(po)))
        problems += [f"{po.relative_to(ROOT)}: {what} {entry.describe()}" for entry in found]
    return problems


def _catalogue(mo: Path) -> dict:
    with mo.open("rb") as handle:
        return dict(gettext.GNUTranslations(handle)._catalog)


def compiled(po: Path, work: Path) -> list[str]:
    """The .po compiles cleanly, and the committed .mo holds what it compiles to."""
    fresh = work / "fresh.mo"
    _run("msgfmt", "--check", "-o", str(fresh), str(po))
    mo = po.with_suffix(".mo")
    if not mo.exists():
        return [f"{mo.relative_to(ROOT)} is missing: run `make messages`"]
    if _catalogue(mo) != _catalogue(fresh):
        return [f"{mo.relative_to(ROOT)} differs from its .po: run `make messages`"]
    return []


def disagreements(catalogues: list[Path]) -> list[str]:
    """Msgids that two catalogues translate differently."""
    seen: dict[tuple[str | None, str], dict[str, str]] = {}
    for po in catalogues:
        for entry in messages(po.read_text(encoding="utf-8")):
            if entry.msgstr and entry.msgstr[0]:
                seen.setdefault(entry.key, {})[str(po.relative_to(ROOT))] = entry.msgstr[0]
    return [
        f"{entry[1]!r} is translated differently: "
        + "; ".join(f"{where}: {text!r}" for where, text in sorted(translations.items()))
        for entry, translations in seen.items()
        if len(set(translations.values())) > 1
    ]


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="sakra-messages-") as tmp:
        work = Path(tmp)
        problems = new_msgids(work)
        for po in _catalogues():
            problems += unfinished(po)
            problems += compiled(po, work)
        problems += disagreements(_catalogues())
    for problem in problems:
        print(problem)
    if problems:
        print(
            f"\n{len(problems)} problem(s). Add the Swedish to the app's "
            f"sakra/<app>/locale/{LANGUAGE}/LC_MESSAGES/django.po, then `make messages`."
        )
        return 1
    print(f"messages: {len(_catalogues())} catalogues complete, compiled and current")
    return 0


if __name__ == "__main__":
    sys.exit(main())
