"""Deterministic pattern fixes: each one alone, idempotence, and what they must not touch."""

from __future__ import annotations

from typing import Any

import pytest

from presswright.content.blocks import validate_pattern
from presswright.content.pattern_fixes import fix_pattern

IMG = "https://cdn.example.com/bread.jpg"
BUTTON = {"type": "button", "text": "Order", "url": "/order"}
PARAGRAPH = {"type": "paragraph", "text": "Open daily."}
HEADING = {"type": "heading", "text": "Hours"}


def fixed(*blocks: Any, **spec: Any) -> list[Any]:
    result = fix_pattern(
        {"title": "Bakery", "category": "featured", "blocks": list(blocks), **spec},
        title="Fallback",
        category="text",
    )
    assert validate_pattern(result) == [] or not result["blocks"]
    assert fix_pattern(result, title="Fallback", category="text") == result  # idempotent
    blocks_out: list[Any] = result["blocks"]
    return blocks_out


# case: (the blocks the model wrote, the blocks after the fixes)
CASES: dict[str, tuple[list[Any], list[Any]]] = {
    "unknown type dropped": ([{"type": "slider", "text": "x"}, PARAGRAPH], [PARAGRAPH]),
    "unknown type's inner kept": ([{"type": "hero", "inner": [PARAGRAPH]}], [PARAGRAPH]),
    "orphan buttons wrapped together": (
        [BUTTON, {**BUTTON, "text": "Call"}, PARAGRAPH],
        [{"type": "buttons", "inner": [BUTTON, {**BUTTON, "text": "Call"}]}, PARAGRAPH],
    ),
    "orphan button joins the buttons before it": (
        [{"type": "buttons", "inner": [BUTTON]}, {**BUTTON, "text": "Call"}],
        [{"type": "buttons", "inner": [BUTTON, {**BUTTON, "text": "Call"}]}],
    ),
    "orphan column wrapped": (
        [{"type": "column", "inner": [PARAGRAPH]}],
        [{"type": "columns", "inner": [{"type": "column", "inner": [PARAGRAPH]}]}],
    ),
    "other blocks in columns get a column each": (
        [{"type": "columns", "inner": [PARAGRAPH, BUTTON]}],
        [
            {
                "type": "columns",
                "inner": [
                    {"type": "column", "inner": [PARAGRAPH]},
                    {"type": "column", "inner": [{"type": "buttons", "inner": [BUTTON]}]},
                ],
            }
        ],
    ),
    "other blocks move out of buttons": (
        [{"type": "buttons", "inner": [BUTTON, PARAGRAPH]}],
        [{"type": "buttons", "inner": [BUTTON]}, PARAGRAPH],
    ),
    "inner blocks of a paragraph follow it": (
        [{**PARAGRAPH, "inner": [{"type": "heading", "text": "Hours"}]}],
        [PARAGRAPH, {"type": "heading", "text": "Hours"}],
    ),
    "heading level clamped": (
        [{**HEADING, "level": 0}, {**HEADING, "level": 7}],
        [{**HEADING, "level": 1}, {**HEADING, "level": 6}],
    ),
    "spacer and overlay ranges clamped": (
        [{"type": "spacer", "height": 5000}, {"type": "cover", "dim": 150}],
        [{"type": "spacer", "height": 1000}, {"type": "cover", "dim": 100}],
    ),
    "unsafe links become #": (
        [
            {"type": "buttons", "inner": [{**BUTTON, "url": "javascript:alert(1)"}]},
            {"type": "image", "url": "data:image/png;base64,xx", "alt": "Bread"},
        ],
        [
            {"type": "buttons", "inner": [{**BUTTON, "url": "#"}]},
            {"type": "image", "url": "#", "alt": "Bread"},
        ],
    ),
    "a cover loses an unsafe image": (
        [{"type": "cover", "url": "ftp://x/y.jpg", "alt": "Bread", "inner": [PARAGRAPH]}],
        [{"type": "cover", "inner": [PARAGRAPH]}],
    ),
    "fields a type does not use removed": (
        [{**PARAGRAPH, "level": 2, "url": IMG, "items": None}],
        [PARAGRAPH],
    ),
    "bad overlay color and media position removed": (
        [
            {"type": "cover", "overlay_color": "red; x", "inner": [PARAGRAPH]},
            {"type": "media-text", "url": IMG, "alt": "Bread", "media_position": "top"},
        ],
        [
            {"type": "cover", "inner": [PARAGRAPH]},
            {"type": "media-text", "url": IMG, "alt": "Bread"},
        ],
    ),
    "empty blocks dropped": (
        [
            {"type": "paragraph", "text": "  "},
            {"type": "image", "url": IMG},
            {"type": "buttons", "inner": [{"type": "button", "text": ""}]},
            {"type": "quote"},
            {"type": "list", "items": ["", " "]},
            PARAGRAPH,
        ],
        [PARAGRAPH],
    ),
    "empty list items and table rows removed, rows padded": (
        [
            {"type": "list", "items": ["Rye", " ", "Spelt"]},
            {"type": "table", "head": ["Day", "Hours"], "rows": [["Mon"], [], ["Sat", "8-14"]]},
        ],
        [
            {"type": "list", "items": ["Rye", "Spelt"]},
            {"type": "table", "head": ["Day", "Hours"], "rows": [["Mon", ""], ["Sat", "8-14"]]},
        ],
    ),
    "core/ names normalized": ([{"type": "core/Paragraph", "text": "Open daily."}], [PARAGRAPH]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_fix(case: str) -> None:
    written, expected = CASES[case]
    assert fixed(*written) == expected


def test_a_valid_pattern_is_left_as_it_is() -> None:
    spec = {
        "title": "Bakery",
        "category": "featured",
        "blocks": [
            {"type": "cover", "url": IMG, "alt": "Bread", "dim": 40, "inner": [PARAGRAPH]},
            {"type": "buttons", "inner": [BUTTON]},
            {"type": "list", "ordered": True, "items": ["Rye"]},
        ],
    }
    assert fix_pattern(spec, title="Fallback", category="text") == spec


def test_blank_or_long_title_and_category_are_filled_or_cut() -> None:
    result = fix_pattern(
        {"title": " ", "category": "c" * 150, "blocks": [PARAGRAPH]},
        title="Bakery hero",
        category="text",
    )
    assert result["title"] == "Bakery hero"
    assert len(result["category"]) <= 100
    long_title = " ".join(["loaf"] * 60)
    cut = fix_pattern(
        {"title": long_title, "category": "featured", "blocks": [PARAGRAPH]},
        title="x",
        category="x",
    )["title"]
    assert len(cut) <= 200 and long_title.startswith(cut.rstrip("…").rstrip())


def test_nothing_left_stays_invalid() -> None:
    assert fixed({"type": "slider"}) == []
    result = fix_pattern({"title": "t", "category": "c", "blocks": []}, title="t", category="c")
    assert [v.rule for v in validate_pattern(result)] == ["missing_field"]
