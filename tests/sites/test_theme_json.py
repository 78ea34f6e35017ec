"""theme.json: version 3 structure, the design's tokens in it, and only measured colour pairs.

No package on PyPI or npm ships WordPress's theme.json schema for offline use (the
validators on npm download it), so the structure is checked here against the v3 reference
for every part the theme writes, with unknown keys refused; test_theme_wordpress.py then
has the real WordPress read the file and checks it keeps every key.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from presswright.sites.design import PAIRS, design_site
from presswright.sites.theme import SiteInfo, build_theme, theme_json

_STRING = {"type": "string"}
_PRESET_ITEM = {
    "type": "object",
    "required": ["name", "slug", "size"],
    "additionalProperties": False,
    "properties": {"name": _STRING, "slug": _STRING, "size": _STRING,
                   "fluid": {"oneOf": [{"type": "boolean"}, {"type": "object"}]}},
}  # fmt: skip
_FONT_FACE = {
    "type": "object",
    "required": ["fontFamily", "src"],
    "additionalProperties": False,
    "properties": {
        "fontFamily": _STRING, "fontStyle": _STRING,
        "fontWeight": {"type": ["string", "integer"]},
        "fontDisplay": {"enum": ["auto", "block", "fallback", "swap", "optional"]},
        "src": {"oneOf": [_STRING, {"type": "array", "items": _STRING}]},
        "fontStretch": _STRING, "unicodeRange": _STRING, "sizeAdjust": _STRING,
    },
}  # fmt: skip
_SIDES = {"type": "object", "additionalProperties": False,
          "properties": {side: _STRING for side in ("top", "right", "bottom", "left")}}  # fmt: skip
_STYLE_PROPS: dict[str, Any] = {
    "color": {"type": "object", "additionalProperties": False,
              "properties": {"background": _STRING, "text": _STRING, "gradient": _STRING}},
    "typography": {"type": "object", "additionalProperties": False, "properties": {
        name: _STRING for name in ("fontFamily", "fontSize", "fontStyle", "fontWeight",
                                   "letterSpacing", "lineHeight", "textDecoration",
                                   "textTransform")}},
    "spacing": {"type": "object", "additionalProperties": False,
                "properties": {"blockGap": _STRING, "padding": _SIDES, "margin": _SIDES}},
    "border": {"type": "object", "additionalProperties": False,
               "properties": {"radius": _STRING, "color": _STRING, "style": _STRING,
                              "width": _STRING}},
}  # fmt: skip
_PSEUDO = {":hover", ":focus", ":focus-visible", ":active", ":visited"}
_ELEMENT = {
    "type": "object",
    "additionalProperties": False,
    "properties": {**_STYLE_PROPS, **{p: {"$ref": "#/$defs/style"} for p in _PSEUDO}},
}
SCHEMA_V3: dict[str, Any] = {
    "$defs": {"style": {"type": "object", "additionalProperties": False,
                        "properties": _STYLE_PROPS}},
    "type": "object",
    "required": ["version", "settings", "styles"],
    "additionalProperties": False,
    "properties": {
        "$schema": _STRING,
        "version": {"const": 3},
        "settings": {"type": "object", "additionalProperties": False, "properties": {
            "appearanceTools": {"type": "boolean"},
            "useRootPaddingAwareAlignments": {"type": "boolean"},
            "color": {"type": "object", "additionalProperties": False, "properties": {
                "defaultPalette": {"type": "boolean"}, "defaultGradients": {"type": "boolean"},
                "defaultDuotone": {"type": "boolean"}, "custom": {"type": "boolean"},
                "palette": {"type": "array", "items": {
                    "type": "object", "required": ["name", "slug", "color"],
                    "additionalProperties": False,
                    "properties": {"name": _STRING, "slug": _STRING, "color": _STRING}}}}},
            "layout": {"type": "object", "additionalProperties": False,
                       "properties": {"contentSize": _STRING, "wideSize": _STRING}},
            "spacing": {"type": "object", "additionalProperties": False, "properties": {
                "defaultSpacingSizes": {"type": "boolean"},
                "spacingSizes": {"type": "array", "items": _PRESET_ITEM},
                "units": {"type": "array", "items": _STRING}}},
            "typography": {"type": "object", "additionalProperties": False, "properties": {
                "defaultFontSizes": {"type": "boolean"}, "fluid": {"type": "boolean"},
                "fontSizes": {"type": "array", "items": _PRESET_ITEM},
                "fontFamilies": {"type": "array", "items": {
                    "type": "object", "required": ["name", "slug", "fontFamily"],
                    "additionalProperties": False,
                    "properties": {"name": _STRING, "slug": _STRING, "fontFamily": _STRING,
                                   "fontFace": {"type": "array", "items": _FONT_FACE}}}}}},
        }},
        "styles": {"type": "object", "additionalProperties": False, "properties": {
            **_STYLE_PROPS,
            "elements": {"type": "object", "additionalProperties": False, "properties": {
                name: _ELEMENT for name in ("link", "heading", "button", "caption", "cite",
                                            "h1", "h2", "h3", "h4", "h5", "h6")}},
            "blocks": {"type": "object", "propertyNames": {"pattern": "^core/[a-z-]+$"},
                       "additionalProperties": {
                           "type": "object", "additionalProperties": False, "properties": {
                               **_STYLE_PROPS,
                               "elements": {"type": "object", "additionalProperties": False,
                                            "properties": {"link": _ELEMENT}}}}},
        }},
        "templateParts": {"type": "array", "items": {
            "type": "object", "required": ["name"], "additionalProperties": False,
            "properties": {"name": _STRING, "title": _STRING,
                           "area": {"enum": ["header", "footer", "uncategorized"]}}}},
    },
}  # fmt: skip


@pytest.fixture(scope="module")
def font_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """WOFF2 subsets shared by this module's builds."""
    return tmp_path_factory.mktemp("theme-fonts")


@pytest.mark.parametrize(("language", "words"), [("en", "warm, earthy, modern"),
                                                 ("fa", "elegant"), ("ja", "calm")])  # fmt: skip
def test_theme_json_is_version_3_and_carries_the_tokens(language: str, words: str) -> None:
    design = design_site(language=language, style_words=words).design
    document = theme_json(design)
    jsonschema.validate(document, SCHEMA_V3)
    settings = document["settings"]
    palette = {entry["slug"]: entry["color"] for entry in settings["color"]["palette"]}
    assert palette == {
        slot.replace("_", "-"): design.palette.color(slot)  # type: ignore[arg-type]
        for slot in type(design.palette).model_fields
    }
    families = {f["slug"]: f for f in settings["typography"]["fontFamilies"]}
    assert set(families) == {"heading", "body"}
    assert families["body"]["fontFamily"].startswith(f'"{design.fonts.body.name}"')
    faces = [face for f in families.values() for face in f.get("fontFace", [])]
    assert len({(f["fontFamily"], f["fontWeight"]) for f in faces}) == len(faces)  # once each
    for face in families["body"]["fontFace"]:
        assert face["src"][0].startswith("file:./assets/fonts/") and face["fontDisplay"] == "swap"
    sizes = settings["typography"]["fontSizes"]
    assert [s["size"] for s in sizes] == [s.css for s in design.font_sizes]
    assert settings["typography"]["defaultFontSizes"] is False
    assert settings["spacing"]["defaultSpacingSizes"] is False
    assert [s["slug"] for s in settings["spacing"]["spacingSizes"]] == [
        s.slug for s in design.spacing_sizes
    ]


def test_the_schema_check_refuses_unknown_and_misspelt_keys() -> None:
    document = theme_json(design_site(language="en").design)
    broken = json.loads(json.dumps(document))
    body = next(f for f in broken["settings"]["typography"]["fontFamilies"] if f["slug"] == "body")
    body["fontFace"][0]["url"] = "x.woff2"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, SCHEMA_V3)
    broken = json.loads(json.dumps(document))
    broken["styles"]["elements"]["link"]["colour"] = {"text": "red"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, SCHEMA_V3)


def _drawn_pairs(node: dict[str, Any], background: str, found: set[tuple[str, str]]) -> None:
    color = node.get("color", {})
    here = color.get("background", background)
    if "text" in color:
        found.add((color["text"], here))
    for key, child in node.items():
        if key in ("elements", "blocks"):
            for sub in child.values():
                _drawn_pairs(sub, here, found)
        elif key.startswith(":") or key in ("link", "button"):
            _drawn_pairs(child, here, found)


@pytest.mark.parametrize("words", ["warm, earthy", "dark, luxury", "playful bold"])
def test_styles_draw_only_the_pairs_the_palette_measures(words: str) -> None:
    document = theme_json(design_site(language="en", style_words=words).design)
    found: set[tuple[str, str]] = set()
    _drawn_pairs(document["styles"], "var:preset|color|base", found)
    measured = {
        (f"var:preset|color|{p.foreground.replace('_', '-')}",
         f"var:preset|color|{p.background.replace('_', '-')}")
        for p in PAIRS
    }  # fmt: skip
    measured |= {(bg, fg) for fg, bg in measured}  # the reversed pair has the same ratio
    assert found and found <= measured, found - measured


def test_every_font_face_file_is_in_the_theme(font_cache: Path) -> None:
    design = design_site(language="ar", style_words="modern").design
    bundle = build_theme(design, SiteInfo(name="مخبز"), font_cache=font_cache)
    document = json.loads(bundle.files["theme.json"])
    sources = [
        face["src"][0].removeprefix("file:./")
        for family in document["settings"]["typography"]["fontFamilies"]
        for face in family.get("fontFace", [])
    ]
    assert sources and all(bundle.files[src][:4] == b"wOF2" for src in sources)
    names = {face["fontFamily"] for f in document["settings"]["typography"]["fontFamilies"]
             for face in f.get("fontFace", [])}  # fmt: skip
    assert names == {family.name for family in design.fonts.families()}
    assert "Noto Sans" in names  # the Latin companion of an Arabic family
    assert "assets/fonts/fonts-noto-core-copyright.txt" in bundle.files
