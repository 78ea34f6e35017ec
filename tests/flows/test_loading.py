"""Reading specs from JSON and YAML files, and every way such a file can be wrong."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from presswright.flows.loading import load_spec, parse_spec
from presswright.flows.spec import FlowSpec
from presswright.flows.validation import FlowValidationError

SPECS = Path(__file__).parent / "specs"


def problems(path: Path) -> list[str]:
    with pytest.raises(FlowValidationError) as caught:
        load_spec(path)
    return [str(problem) for problem in caught.value.problems]


def test_json_and_yaml_give_the_same_spec() -> None:
    from_json = load_spec(SPECS / "article.json")
    from_yaml = load_spec(SPECS / "article.yaml")
    assert isinstance(from_json, FlowSpec)
    assert from_json == from_yaml
    assert from_json.name == "article"
    assert from_json.version == 2
    assert [node.id for node in from_json.nodes][:3] == ["outline", "intro", "sections"]
    assert from_json.node("shorten").on_error == "branch"


def test_yaml_booleans_in_when_become_branch_names() -> None:
    spec = load_spec(SPECS / "article.yaml")
    assert {(edge.source, edge.target): edge.when for edge in spec.edges if edge.when} == {
        ("is_long", "shorten"): "true",
        ("is_long", "keep"): "false",
        ("shorten", "fallback"): "error",
    }


@pytest.mark.parametrize("suffix", [".yml", ".YAML"])
def test_other_yaml_suffixes(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"flow{suffix}"
    shutil.copy(SPECS / "article.yaml", path)
    assert load_spec(path) == load_spec(SPECS / "article.json")


def test_bad_json_names_line_and_column() -> None:
    path = SPECS / "broken.json"
    assert problems(path) == [
        f"{path}: not valid JSON: Expecting ',' delimiter at line 5, column 5"
    ]


def test_bad_yaml_names_line_and_column() -> None:
    path = SPECS / "broken.yaml"
    assert problems(path) == [
        f"{path}: not valid YAML: expected <block end>, but found '<block mapping start>'"
        " at line 6, column 4"
    ]


def test_shape_errors_name_their_location() -> None:
    assert problems(SPECS / "bad_shape.json") == [
        "nodes[1].id: String should match pattern '^[a-z][a-z0-9_]{0,63}$'",
        "edges[0]: missing field 'from'",
        "edges[0]: unknown field 'form'",
    ]


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.json"
    assert problems(path) == [f"{path}: no such file"]


def test_directory(tmp_path: Path) -> None:
    path = tmp_path / "flow.yaml"
    path.mkdir()
    assert problems(path) == [f"{path}: is a directory, not a spec file"]


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "flow.json"
    path.write_bytes(b'{"name": "caf\xe9"}')
    assert problems(path) == [f"{path}: is not UTF-8 text"]


def test_unsupported_suffix(tmp_path: Path) -> None:
    path = tmp_path / "flow.toml"
    path.write_text("name = 'x'\n")
    assert problems(path) == [f"{path}: unsupported file type '.toml'; use .json, .yaml or .yml"]


@pytest.mark.parametrize(
    ("name", "text", "found"),
    [
        ("list.json", "[1, 2]", "a list"),
        ("string.yaml", "just words\n", "a str"),
        ("empty.yaml", "# nothing here\n", "nothing"),
    ],
)
def test_top_level_must_be_an_object(tmp_path: Path, name: str, text: str, found: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    assert problems(path) == [f"{path}: a flow spec must be an object (a mapping), found {found}"]


def test_parse_spec_names_the_source_in_the_message() -> None:
    with pytest.raises(FlowValidationError) as caught:
        parse_spec({"name": "x", "nodes": [{"id": "a"}]}, source="request body")
    error = caught.value
    assert [str(problem) for problem in error.problems] == ["nodes[0]: missing field 'type'"]
    assert error.message == "1 problem in request body: nodes[0]: missing field 'type'"


def test_parse_spec_does_not_change_its_input() -> None:
    data: dict[str, Any] = {
        "name": "x",
        "nodes": [{"id": "a", "type": "t"}],
        "edges": [{"from": "a", "to": "a", "when": True}],
    }
    spec = parse_spec(data, source="test")
    assert spec.edges[0].when == "true"
    assert data["edges"][0]["when"] is True
