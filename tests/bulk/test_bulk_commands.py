"""`presswright bulk ...` as a user runs it: JSON summaries, reports, one-line errors, --detach.

Most commands run in this process, through the entry point of the installed script (so
errors become one ``error:`` line and exit 1). `bulk run`, which launches the durable
runtime, runs in a subprocess with the fake writer scripted (tests/bulk/bulk_main.py).
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from presswright import cli
from presswright.bootstrap import cli_workspace, initialize, open_instance
from presswright.bulk import job_progress
from presswright.llm.providers.fake import FakeProvider, FakeScript
from presswright.settings import Settings
from tests.bulk.conftest import products
from tests.bulk.fakes import MODEL, FakeWriter, store_fake_provider

SUMMARY_KEYS = ["id", "status", "succeeded", "failed", "remaining"]
BULK_MAIN = Path(__file__).with_name("bulk_main.py")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An installation whose workspace has the fake provider, writing product copy."""
    settings = Settings(home=tmp_path / "home")
    initialize(settings)
    instance = open_instance(settings)
    store_fake_provider(instance, cli_workspace(instance).tenant_id)
    instance.database.dispose()
    monkeypatch.setenv("PRESSWRIGHT_HOME", str(settings.home))
    FakeProvider.scripts["fake"] = FakeScript().add(*[FakeWriter()] * 100)
    yield settings.home
    FakeProvider.scripts.pop("fake", None)


def bulk(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run `presswright bulk ARGS`; its exit code, standard output and standard error."""
    argv = sys.argv
    sys.argv = ["presswright", "bulk", *args]
    try:
        cli.main()
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    finally:
        sys.argv = argv
    out, err = capsys.readouterr()
    return code, out, err


def bulk_with_writer(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`presswright bulk ARGS` in a subprocess whose fake provider writes product copy."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRESSWRIGHT_")}
    env["PRESSWRIGHT_HOME"] = str(home)
    return subprocess.run(
        [sys.executable, str(BULK_MAIN), "bulk", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def one_error_line(result: tuple[int, str, str], *needles: str) -> None:
    code, _, err = result
    assert code == 1, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert all(needle in lines[0] for needle in needles), lines[0]


@pytest.mark.timeout(60)
def test_bad_input_is_one_error_line(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "shop.csv"
    source.write_text("name,category\nApron,\n,Kitchen\nMug,Kitchen\n", encoding="utf-8")
    run = ("run", str(source), "--kind", "product", "--model", MODEL)
    one_error_line(
        bulk(capsys, *run), "2 of 3 rows are invalid", "row 1: category:", "row 2: name:"
    )
    one_error_line(bulk(capsys, *run, "--map", "title=Name"), "mapping title: no such field")
    one_error_line(bulk(capsys, *run, "--publish", "blog"), "only articles are published")
    one_error_line(bulk(capsys, *run, "--format", "xlsx"), "unknown format 'xlsx'")
    one_error_line(bulk(capsys, "run", str(tmp_path / "nope.csv"), "--kind", "product"), "nope")
    one_error_line(bulk(capsys, "status", "not-an-id"), "is not a bulk job id")
    one_error_line(bulk(capsys, "status", str(uuid.uuid4())), "no bulk job")


@pytest.mark.timeout(60)
def test_run_status_report_retry_and_cancel_print_what_scripts_read(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "shop.jsonl"
    rows = [{"Title": f"Cup {n}", "category": "Kitchen"} for n in range(3)]
    source.write_text("\n".join(json.dumps(row) for row in rows), encoding="utf-8")

    done = bulk_with_writer(
        home, "run", str(source), "--kind", "product", "--model", MODEL, "--map", "name=Title",
        "--json",
    )  # fmt: skip

    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert list(summary) == SUMMARY_KEYS
    assert {**summary, "id": "-"} == {
        "id": "-",
        "status": "completed",
        "succeeded": 3,
        "failed": 0,
        "remaining": 0,
    }
    code, out, _ = bulk(capsys, "status", summary["id"], "--json")
    assert code == 0 and json.loads(out) == summary
    report = tmp_path / "report.csv"
    assert bulk(capsys, "report", summary["id"], "-o", str(report))[0] == 0
    lines = list(csv.DictReader(io.StringIO(report.read_text(encoding="utf-8"))))
    assert [(line["row"], line["label"], line["status"]) for line in lines] == [
        ("1", "Cup 0", "succeeded"),
        ("2", "Cup 1", "succeeded"),
        ("3", "Cup 2", "succeeded"),
    ]
    one_error_line(bulk(capsys, "cancel", summary["id"]), "already completed")
    one_error_line(bulk(capsys, "retry", summary["id"]), "nothing to retry")
    code, out, _ = bulk(capsys, "list", "--json")
    assert code == 0 and json.loads(out) == [summary]


@pytest.mark.timeout(90)
def test_detach_returns_at_once_and_a_background_driver_ends_the_job(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "shop.csv"
    source.write_text(products("Teapot"), encoding="utf-8")
    run = ("run", str(source), "--kind", "product", "--model", MODEL, "--detach", "--json")
    code, out, err = bulk(capsys, *run)
    assert code == 0, err
    summary = json.loads(out)
    assert list(summary) == SUMMARY_KEYS and summary["status"] == "queued"

    # The background driver is a plain `presswright` process, without the writer: its fake
    # provider echoes the prompt, which is no product copy, so the item fails there.
    instance = open_instance(Settings(home=home))
    tenant_id = cli_workspace(instance).tenant_id
    job_id = uuid.UUID(summary["id"])
    log = home / "logs" / f"bulk-{job_id}.log"
    deadline = time.monotonic() + 60
    while f"bulk job {job_id} failed" not in (log.read_text() if log.exists() else ""):
        assert time.monotonic() < deadline, log.read_text() if log.exists() else "no log"
        time.sleep(0.2)
    progress = job_progress(instance, tenant_id=tenant_id, job_id=job_id)
    instance.database.dispose()
    assert progress.status == "failed" and progress.failed == 1 and not progress.driven
