"""Accessibility of the book exports: Ace by DAISY on the EPUB, axe-core on the HTML edition.

Ace (npm ``@daisy/ace-cli``, pinned with its lock in ``benchmarks/ace``; ``npm ci`` runs
there when ``node_modules`` is missing or older than the lock, with install scripts off so
no browser is downloaded) drives Debian's Chromium through puppeteer. One book in a
left-to-right and one in a right-to-left language, about 5 s each. The HTML edition is
checked with the axe-core that Ace ships, in Chromium driven by Playwright, light and dark.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import sync_playwright

from presswright.books.export import export_epub, export_html
from tests.books.sample_books import sample_book

REPO = Path(__file__).resolve().parents[2]
ACE = REPO / "benchmarks" / "ace"
ACE_CLI = ACE / "node_modules" / ".bin" / "ace-cli"
AXE = ACE / "node_modules" / "@daisy" / "axe-core-for-ace" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
SERIOUS = ("serious", "critical")
LANGUAGES = ("en", "ar")


def ensure_ace() -> None:
    """``npm ci`` in benchmarks/ace when its node_modules is missing or older than the lock."""
    installed = ACE / "node_modules" / ".package-lock.json"
    lock = ACE / "package-lock.json"
    if installed.is_file() and installed.stat().st_mtime >= lock.stat().st_mtime:
        return
    npm = shutil.which("npm")
    assert npm, "npm is not on PATH (Node 20 and npm run Ace)"
    env = os.environ | {"PUPPETEER_SKIP_DOWNLOAD": "true"}
    done = subprocess.run(
        [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"],
        cwd=ACE,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, f"npm ci in benchmarks/ace failed:\n{done.stderr[-3000:]}"


@pytest.fixture(scope="module")
def chromium() -> Path:
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser-deps` (Debian's chromium)")
    return CHROMIUM


@pytest.fixture(scope="module")
def ace(chromium: Path) -> Path:
    ensure_ace()
    return ACE_CLI


def ace_report(ace: Path, chromium: Path, epub: Path, out: Path) -> dict[str, Any]:
    env = os.environ | {"PUPPETEER_EXECUTABLE_PATH": str(chromium)}
    done = subprocess.run(
        [str(ace), "--silent", "--force", "--outdir", str(out), str(epub)],
        cwd=ACE,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    report = out / "report.json"
    assert report.is_file(), f"Ace wrote no report ({done.returncode}):\n{done.stderr[-3000:]}"
    data: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    return data


def violations(report: dict[str, Any]) -> list[str]:
    """Each failed check: its impact, rule and where."""
    found = []
    for document in report["assertions"]:
        for check in document["assertions"]:
            if check["earl:result"]["earl:outcome"] == "fail":
                test = check["earl:test"]
                found.append(
                    f"{test['earl:impact']} {test['dct:title']} in "
                    f"{document['earl:testSubject']['url']}: "
                    f"{check['earl:result'].get('dct:description', '')}"
                )
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_ace_finds_no_violation_in_the_epub(
    ace: Path, chromium: Path, tmp_path: Path, language: str
) -> None:
    epub = export_epub(sample_book(language), tmp_path / f"{language}.epub")
    report = ace_report(ace, chromium, epub, tmp_path / "ace")
    found = violations(report)
    assert not [v for v in found if v.split(" ", 1)[0] in SERIOUS], found
    assert not found, found  # none of lesser impact either
    assert report["earl:result"]["earl:outcome"] == "pass"
    present = set(report["a11y-metadata"]["present"])
    assert {
        "schema:accessMode",
        "schema:accessModeSufficient",
        "schema:accessibilityFeature",
        "schema:accessibilityHazard",
        "schema:accessibilitySummary",
        "dcterms:conformsTo",
    } <= present


@pytest.mark.parametrize("language", LANGUAGES)
def test_axe_finds_nothing_serious_in_the_html_edition(
    ace: Path, chromium: Path, tmp_path: Path, language: str
) -> None:
    page_file = export_html(sample_book(language), tmp_path / f"{language}.html")
    script = AXE.read_text(encoding="utf-8")
    with sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=str(chromium),
            headless=True,
            args=["--disable-gpu", "--disable-dev-shm-usage"],
        )
        try:
            for scheme in ("light", "dark"):
                page = browser.new_page(color_scheme=scheme)
                page.goto(page_file.as_uri())
                page.evaluate(script)
                found = page.evaluate(
                    """async (levels) => {
                      const result = await window.axe.run(document, {resultTypes: ['violations']});
                      return result.violations.filter((v) => levels.includes(v.impact))
                        .map((v) => `${v.impact} ${v.id}: ${v.help} at `
                          + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', '));
                    }""",
                    list(SERIOUS),
                )
                assert not found, f"{language} ({scheme}): {found}"
                # The skip link is the first stop and leads to the text.
                page.keyboard.press("Tab")
                assert page.evaluate("document.activeElement.getAttribute('href')") == "#text"
                page.close()
        finally:
            browser.close()
