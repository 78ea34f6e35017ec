"""`presswright flow validate`, run as a user runs it: exit 0 with `ok`, or one line per problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_setup_commands import assert_one_line_error, run

SPECS = Path(__file__).parent.parent / "flows" / "specs"


def problem_lines(*args: str) -> list[str]:
    done = run("flow", "validate", *args)
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert all(line.startswith("error: ") for line in lines), lines
    return [line.removeprefix("error: ") for line in lines]


@pytest.mark.parametrize("name", ["article.json", "article.yaml"])
def test_valid_spec_prints_ok(name: str) -> None:
    done = run("flow", "validate", str(SPECS / name))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok: article v2, 8 nodes"
    assert done.stderr == ""


def test_spec_with_problems_prints_one_line_per_problem() -> None:
    lines = problem_lines(str(SPECS / "problems.json"))
    assert len(lines) == 4, lines
    assert lines[0].startswith("node 'summary': unknown node type 'no_such_type'; known types: ")
    assert "llm" in lines[0]
    assert "template" in lines[0]
    assert lines[1:] == [
        "edge draft->ghost: 'to' names no node of this flow: 'ghost'",
        "node 'outline': config.prompt reads inputs.subject, which is not a declared input"
        " (declared: topic)",
        "node 'draft': config.template reads 'summary', which does not run before it;"
        " add an edge summary->draft",
    ]


def test_badly_shaped_spec_prints_one_line_per_field() -> None:
    assert problem_lines(str(SPECS / "bad_shape.json")) == [
        "nodes[1].id: String should match pattern '^[a-z][a-z0-9_]{0,63}$'",
        "edges[0]: missing field 'from'",
        "edges[0]: unknown field 'form'",
    ]


def test_bad_json_is_one_line_with_its_line_number() -> None:
    path = SPECS / "broken.json"
    done = run("flow", "validate", str(path))
    assert done.returncode == 1
    assert_one_line_error(done, str(path), "not valid JSON", "line 5, column 5")


def test_missing_file_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.yaml"
    done = run("flow", "validate", str(path))
    assert done.returncode == 1
    assert_one_line_error(done, str(path), "no such file")


def test_shipped_examples_validate() -> None:
    examples = sorted((Path(__file__).parents[2] / "examples").glob("*.yaml"))
    assert examples
    for example in examples:
        done = run("flow", "validate", str(example))
        assert done.returncode == 0, done.stderr
