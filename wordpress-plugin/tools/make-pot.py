"""Write languages/presswright.pot from the plugin's PHP and JS sources (no WP-CLI here).

    python3 tools/make-pot.py            # writes languages/presswright.pot
    python3 tools/make-pot.py --check    # exit 1 if the committed file is out of date

Finds the gettext calls the plugin uses (__, _e, esc_html__, esc_html_e, esc_attr__,
esc_attr_e) whose first argument is a single-quoted literal and whose domain is
``presswright``, with the ``translators:`` comment of the line above or the same line, in the
format `wp i18n make-pot` writes. The header's date is fixed: the file changes only when a
string does.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "languages" / "presswright.pot"
SOURCES = ("presswright.php", "uninstall.php", "includes", "src")
CALL = re.compile(
    r"\b(?:__|_e|esc_html__|esc_html_e|esc_attr__|esc_attr_e)\(\s*"
    r"'((?:[^'\\]|\\.)*)'\s*,\s*'presswright'\s*\)"
)
TRANSLATORS_BEFORE = re.compile(r"/\*\s*translators:\s*([^*]*?)\s*\*/(?:(?!__\()[^;]){0,200}$")
PLUGIN_HEADERS = ("Plugin Name", "Plugin URI", "Description", "Author")
HEADER = """# Copyright (C) 2026 Presswright
# This file is distributed under the GPL-2.0-or-later.
msgid ""
msgstr ""
"Project-Id-Version: Presswright 0.1.0\\n"
"Report-Msgid-Bugs-To: https://github.com/presswright/presswright/issues\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"POT-Creation-Date: 2026-01-01T00:00:00+00:00\\n"
"PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\\n"
"Language-Team: LANGUAGE <LL@li.org>\\n"
"X-Domain: presswright\\n"
"""


def _files() -> list[Path]:
    found: list[Path] = []
    for name in SOURCES:
        path = ROOT / name
        found += sorted(path.rglob("*")) if path.is_dir() else [path]
    return [p for p in found if p.suffix in (".php", ".js") and p.is_file()]


def _po(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def collect() -> dict[str, dict[str, list[str]]]:
    """msgid -> {"refs": [...], "notes": [...]}, in order of first appearance."""
    entries: dict[str, dict[str, list[str]]] = {}
    header = (ROOT / "presswright.php").read_text(encoding="utf-8")
    for field in PLUGIN_HEADERS:
        found = re.search(rf"^ \* {field}:\s*(.+)$", header, re.MULTILINE)
        if found:
            entries.setdefault(
                found.group(1).strip(),
                {"refs": [], "notes": [], "header": [f"{field} of the plugin"]},
            )
    for path in _files():
        text = path.read_text(encoding="utf-8")
        for match in CALL.finditer(text):
            msgid = re.sub(r"\\(['\\])", r"\1", match.group(1))
            entry = entries.setdefault(msgid, {"refs": [], "notes": []})
            number = text.count("\n", 0, match.start()) + 1
            ref = f"{path.relative_to(ROOT).as_posix()}:{number}"
            if ref not in entry["refs"]:
                entry["refs"].append(ref)
            # A translators comment belongs to the next call in the same statement.
            before = text[max(0, match.start() - 300) : match.start()]
            note = TRANSLATORS_BEFORE.search(before)
            if note and note.group(1) not in entry["notes"]:
                entry["notes"].append(note.group(1))
    return entries


def render() -> str:
    """The whole .pot file."""
    out = [HEADER]
    for text, entry in collect().items():
        out.append("")
        out += [f"#. {note}" for note in entry.get("header", [])]
        out += [f"#. translators: {note}" for note in entry["notes"]]
        if entry["refs"]:
            out.append("#: " + " ".join(entry["refs"]))
        if "%" in text:
            out.append("#, php-format")
        out += [f"msgid {_po(text)}", 'msgstr ""']
    return "\n".join(out).replace("\n\n\n", "\n\n") + "\n"


def main() -> int:
    """Write the file, or with --check say whether it is current."""
    pot = render()
    if "--check" in sys.argv[1:]:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.is_file() else ""
        if current != pot:
            print(f"{OUTPUT} is out of date: run python3 tools/make-pot.py", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(pot, encoding="utf-8")
    print(f"wrote {OUTPUT} ({pot.count('msgid ') - 1} strings)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
