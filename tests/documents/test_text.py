"""Word counts and search text of document bodies, in the languages Presswright writes."""

from __future__ import annotations

import pytest

from presswright.documents.text import body_text, search_terms, search_text, word_count


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Fresh bread, baked daily.", 4),
        ("Frisches Brot für die Straße", 5),
        ("Le pain d'aujourd'hui", 3),
        ("毎日焼きたてのパン", 9),  # each kana and Han character counts as a word
        ("新鲜的面包", 5),
        ("신선한 빵을 매일", 3),  # Korean is written with spaces
        ("خبز طازج كل يوم", 4),
        ("نانِ تازه می\u200cخوریم", 3),  # a harakat and a ZWNJ do not split a Persian word
        ("<p>One <strong>two</strong></p><p>three</p>", 3),
        ("", 0),
    ],
)
def test_words_are_counted_in_every_script(text: str, words: int) -> None:
    assert word_count(body_text("article", {"body_html": text})) == words


def test_body_text_is_what_a_reader_reads() -> None:
    product = {
        "title": "Linen apron",
        "short_description": "A sturdy apron.",
        "long_description_html": "<p>Two &amp; deep pockets.</p>",
        "feature_bullets": ["Washed linen"],
    }
    text = body_text("product", product)
    assert "Two & deep pockets." in text and "Washed linen" in text and "<p>" not in text
    pattern = {
        "spec": {
            "title": "Hero",
            "category": "featured",
            "blocks": [
                {"type": "heading", "text": "Fresh bread"},
                {"type": "button", "text": "Order", "url": "https://example.com"},
            ],
        },
        "markup": "<!-- wp:heading -->",
    }
    assert body_text("pattern", pattern).split("\n") == ["Fresh bread", "Order"]


def test_search_text_and_terms_fold_case_and_width_alike() -> None:
    # Full-width PAN folds to pan (NFKC), ß to ss, dotted İ to i̇ (casefold).
    folded = search_text(
        "Straße", "article", {"body_html": "<p>\uff30\uff21\uff2e パン İstanbul</p>"}
    )
    assert "strasse" in folded
    for query in ("STRASSE", "straße", "pan", "パン"):
        assert all(term in folded for term in search_terms(query)), query
    assert search_terms("  two   words ") == ["two", "words"]
