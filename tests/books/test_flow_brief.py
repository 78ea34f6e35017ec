"""The book brief's limits, and the shipped book flow as a master template on the canvas."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from presswright.books import brief as limits
from presswright.books.brief import BookBrief, chapter_targets
from presswright.books.flow import book_flow
from presswright.content.master_templates import master_template, master_template_names
from presswright.content.models import LANGUAGES
from presswright.flows.react_flow import react_flow_from_spec, spec_from_react_flow
from presswright.flows.registry import node_types
from presswright.flows.validation import validate_spec


@pytest.mark.parametrize(
    ("brief", "limit"),
    [
        ({"chapters": 0}, "outside the limit of 1 to 60 chapters"),
        ({"chapters": 61}, "outside the limit of 1 to 60 chapters"),
        ({"target_words": 10_000_000}, "outside the limit of 500 to 300,000 words"),
        ({"target_words": 499}, "outside the limit of 500 to 300,000 words"),
        ({"language": "xx"}, "the supported languages are en, fa, ar, de, es, fr, it, ja, ko, zh"),
        ({"chapters": 60, "target_words": 600}, "under the limit of 150 words a chapter"),
        ({"chapters": 1, "target_words": 300_000}, "over the limit of 20,000 words a chapter"),
    ],
)
def test_a_bad_brief_is_refused_naming_the_limit(brief: dict[str, Any], limit: str) -> None:
    with pytest.raises(ValidationError, match=limit):
        BookBrief.model_validate({"subject": "a sea adventure", **brief})


def test_a_good_brief_splits_its_length_over_the_chapters() -> None:
    brief = BookBrief(subject="tides", kind="nonfiction", language="ja", target_words=1_000,
                      chapters=3)  # fmt: skip
    assert brief.unit == "characters"
    assert chapter_targets(brief.target_words, brief.chapters) == [334, 333, 333]
    assert brief.flow_inputs(model="local:smollm2")["model"] == "local:smollm2"


def test_the_flow_declares_the_same_limits_as_the_brief() -> None:
    inputs = book_flow().inputs
    assert (inputs["chapters"]["minimum"], inputs["chapters"]["maximum"]) == (
        limits.MIN_CHAPTERS,
        limits.MAX_CHAPTERS,
    )
    assert (inputs["target_words"]["minimum"], inputs["target_words"]["maximum"]) == (
        limits.MIN_WORDS,
        limits.MAX_WORDS,
    )
    assert inputs["language"]["enum"] == list(LANGUAGES)
    # Every field of the brief is an input of the flow (and the models to use).
    assert set(inputs) == set(BookBrief.model_fields) | {"model", "image_model"}
    assert set(BookBrief(subject="tides").flow_inputs()) == set(inputs)
    defaults = BookBrief(subject="tides").model_dump(mode="json")
    assert {name: inputs[name]["default"] for name in defaults if name != "subject"} == {
        name: value for name, value in defaults.items() if name != "subject"
    }


def test_the_book_flow_is_a_master_template_that_loads_on_the_canvas() -> None:
    assert "book" in master_template_names()
    spec = master_template("book")
    assert spec == book_flow()
    assert validate_spec(spec) == []
    types = node_types()
    assert {
        "book_brief", "book_outline", "book_chapter", "book_continuity", "book_compile",
        "book_export",
    } <= set(types)  # fmt: skip
    drawn = react_flow_from_spec(spec)
    assert {node["id"] for node in drawn["nodes"]} >= {
        "brief", "outline", "chapters", "continuity", "book", "export",
    }  # fmt: skip
    # Read back from the canvas it is the same flow; only the layout positions are new.
    back = spec_from_react_flow(drawn, name=spec.name)
    assert all(node.position is not None for node in back.nodes)
    unplaced = [node.model_copy(update={"position": None}) for node in back.nodes]
    assert back.model_copy(update={"nodes": unplaced}) == spec


def test_the_outline_template_may_read_its_batch_and_nothing_unknown() -> None:
    spec = book_flow()
    outline = spec.node("outline")
    assert outline.type == "book_outline" and "batch.first" in outline.config["prompt"]

    def with_prompt(prompt: str) -> Any:
        node = outline.model_copy(update={"config": {**outline.config, "prompt": prompt}})
        nodes = [node if n.id == "outline" else n for n in spec.nodes]
        return spec.model_copy(update={"nodes": nodes})

    assert validate_spec(with_prompt("Chapters {{ batch.first }} to {{ batch.last }}.")) == []
    (problem,) = validate_spec(with_prompt("Outline {{ batches.first }}."))
    assert "node 'outline'" in problem.where and "unknown name 'batches'" in problem.message
