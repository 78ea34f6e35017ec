"""`presswright docs list|show|export|delete`, run as a user runs them, on the fake provider."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from presswright.content.blocks import render_pattern
from tests.cli.test_pattern_commands import env, run_fake  # noqa: F401  (env is a fixture)
from tests.cli.test_setup_commands import assert_one_line_error, run
from tests.content.test_pattern_flow import DESCRIPTION, GOOD


@pytest.mark.timeout(300)
def test_a_generated_pattern_is_a_document_to_list_show_export_and_delete(
    env: dict[str, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    done = run_fake(
        [GOOD], "pattern", DESCRIPTION, "--model", "fake:test", env=env, tmp_path=tmp_path
    )
    assert done.returncode == 0, done.stderr

    listed = run("docs", "list", "--json", env=env)
    assert listed.returncode == 0, listed.stderr
    (document,) = json.loads(listed.stdout)["items"]
    assert (document["kind"], document["status"], document["current_version"]) == (
        "pattern",
        "ready",
        1,
    )
    assert f"document {document['id']}" in done.stderr
    table = run("docs", "list", "--kind", "pattern", env=env)
    assert document["id"] in table.stdout and GOOD["title"] in table.stdout

    markup = render_pattern(GOOD)
    shown = run("docs", "show", document["id"], "--format", "gutenberg", env=env)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout == markup + "\n"

    target = tmp_path / "pattern.json"
    exported = run("docs", "export", document["id"], "--format", "json", "-o", str(target), env=env)
    assert exported.returncode == 0, exported.stderr
    assert json.loads(target.read_text(encoding="utf-8"))["markup"] == markup

    deleted = run("docs", "delete", document["id"], env=env)
    assert deleted.returncode == 0, deleted.stderr
    assert "(1 file(s))" in deleted.stdout
    assert_one_line_error(run("docs", "show", document["id"], env=env), "no document")
    assert json.loads(run("docs", "list", "--json", env=env).stdout)["total"] == 0


def test_bad_ids_and_formats_are_one_line_errors(env: dict[str, str]) -> None:  # noqa: F811
    assert_one_line_error(run("docs", "show", "not-an-id", env=env), "is not a document id")
    assert_one_line_error(
        run("docs", "export", "6f1c2a7e-0000-4000-8000-000000000000", "--format", "pdf", env=env),
        "unknown format",
    )
    assert_one_line_error(
        run("docs", "delete", "6f1c2a7e-0000-4000-8000-000000000000", env=env), "no document"
    )
