"""theme.json (version 3) from a site's design tokens.

Settings give the editor the site's own palette (WordPress's default palette, gradients and
duotones hidden), the two font families with their bundled WOFF2 faces, the fluid font and
spacing sizes (WordPress's defaults off, so the editor offers only these) and the layout
widths. Styles use only the colour pairs that :data:`~presswright.sites.design.PAIRS`
measures: text on base and surface, links in primary, button labels in on-primary on
primary (and, on hover, base on contrast: the same pair as body text, reversed).
"""

from __future__ import annotations

from typing import Any

from presswright.sites.design.font_files import unicode_range
from presswright.sites.design.fonts import FontFamily
from presswright.sites.design.palette import Palette, PaletteSlot
from presswright.sites.design.tokens import SiteDesign

__all__ = ["SCHEMA_URL", "font_filename", "theme_json"]

SCHEMA_URL = "https://schemas.wp.org/wp/6.6/theme.json"
CONTENT_SIZE = "46rem"
WIDE_SIZE = "76rem"
_PALETTE_NAMES: dict[PaletteSlot, str] = {
    "base": "Base", "contrast": "Contrast", "surface": "Surface", "muted": "Muted",
    "primary": "Primary", "on_primary": "On primary", "secondary": "Secondary",
    "accent": "Accent",
}  # fmt: skip
_HEADING_SIZES = {"h1": "huge", "h2": "xx-large", "h3": "x-large", "h4": "large",
                  "h5": "medium", "h6": "medium"}  # fmt: skip


def _var(kind: str, slug: str) -> str:
    return f"var:preset|{kind}|{slug}"


def _color(slug: str) -> str:
    return _var("color", slug.replace("_", "-"))


def font_filename(family: FontFamily, weight: int) -> str:
    """Where a face's WOFF2 file sits in the theme."""
    return f"assets/fonts/{family.slug}-{weight}.woff2"


def _stack(families: list[FontFamily]) -> str:
    names = ", ".join(f'"{item.name}"' for item in families)
    return f"{names}, {families[0].generic}"


def _font_family(
    slug: str,
    label: str,
    chosen: FontFamily,
    companion: FontFamily | None,
    shipped: set[tuple[str, int]],
) -> dict[str, Any]:
    """One family preset; faces already declared by another preset are not declared twice."""
    families = [chosen] + ([companion] if companion else [])
    faces = []
    for item in families:
        for source in item.sources:
            if (item.slug, source.weight) in shipped:
                continue
            shipped.add((item.slug, source.weight))
            faces.append(
                {
                    "fontFamily": item.name,
                    "fontWeight": str(source.weight),
                    "fontStyle": "normal",
                    "fontDisplay": "swap",
                    "src": [f"file:./{font_filename(item, source.weight)}"],
                    "unicodeRange": unicode_range(item.script),
                }
            )
    entry: dict[str, Any] = {"name": label, "slug": slug, "fontFamily": _stack(families)}
    if faces:
        entry["fontFace"] = faces
    return entry


def _font_families(design: SiteDesign) -> list[dict[str, Any]]:
    fonts = design.fonts
    shipped: set[tuple[str, int]] = set()
    body = _font_family("body", "Body", fonts.body, fonts.companion(fonts.body), shipped)
    heading = _font_family(
        "heading", "Heading", fonts.heading, fonts.companion(fonts.heading), shipped
    )
    return [heading, body]


def _palette(palette: Palette) -> list[dict[str, str]]:
    return [
        {"slug": slot.replace("_", "-"), "name": name, "color": palette.color(slot)}
        for slot, name in _PALETTE_NAMES.items()
    ]


def _elements() -> dict[str, Any]:
    elements: dict[str, Any] = {
        "link": {
            "color": {"text": _color("primary")},
            "typography": {"textDecoration": "underline"},
            ":hover": {"typography": {"textDecoration": "none"}},
            ":focus": {"typography": {"textDecoration": "none"}},
        },
        "heading": {
            "color": {"text": _color("contrast")},
            "typography": {
                "fontFamily": _var("font-family", "heading"),
                "fontWeight": "700",
                "lineHeight": "1.2",
            },
        },
        "button": {
            "color": {"background": _color("primary"), "text": _color("on_primary")},
            "border": {"radius": "0.375rem"},
            "typography": {"fontWeight": "600", "fontSize": _var("font-size", "medium")},
            "spacing": {
                "padding": {"top": "0.75em", "bottom": "0.75em", "left": "1.5em", "right": "1.5em"}
            },
            ":hover": {"color": {"background": _color("contrast"), "text": _color("base")}},
            ":focus": {"color": {"background": _color("contrast"), "text": _color("base")}},
        },
        "caption": {
            "color": {"text": _color("muted")},
            "typography": {"fontSize": _var("font-size", "small")},
        },
    }
    for level, size in _HEADING_SIZES.items():
        elements[level] = {"typography": {"fontSize": _var("font-size", size)}}
    return elements


def _blocks() -> dict[str, Any]:
    muted = {
        "color": {"text": _color("muted")},
        "typography": {"fontSize": _var("font-size", "small")},
    }
    return {
        "core/site-title": {
            "typography": {
                "fontFamily": _var("font-family", "heading"),
                "fontWeight": "700",
                "fontSize": _var("font-size", "large"),
            },
            "elements": {
                "link": {
                    "color": {"text": _color("contrast")},
                    "typography": {"textDecoration": "none"},
                }
            },
        },
        "core/site-tagline": muted,
        "core/navigation": {"typography": {"fontSize": _var("font-size", "medium")}},
        "core/post-date": muted,
        "core/post-terms": {"typography": {"fontSize": _var("font-size", "small")}},
        "core/post-title": {"elements": {"link": {"color": {"text": _color("contrast")}}}},
        "core/query-title": {"typography": {"fontSize": _var("font-size", "xx-large")}},
        "core/quote": {"color": {"text": _color("secondary")}},
        "core/pullquote": {"color": {"text": _color("secondary")}},
        "core/separator": {"color": {"text": _color("accent")}},  # its line is currentColor
        "core/code": {"color": {"background": _color("surface"), "text": _color("contrast")}},
    }


def theme_json(design: SiteDesign) -> dict[str, Any]:
    """The theme.json document for ``design``."""
    return {
        "$schema": SCHEMA_URL,
        "version": 3,
        "settings": {
            "appearanceTools": True,
            "useRootPaddingAwareAlignments": True,
            "color": {
                "defaultPalette": False,
                "defaultGradients": False,
                "defaultDuotone": False,
                "palette": _palette(design.palette),
            },
            "layout": {"contentSize": CONTENT_SIZE, "wideSize": WIDE_SIZE},
            "spacing": {
                "defaultSpacingSizes": False,
                "spacingSizes": [
                    {"slug": size.slug, "name": size.name, "size": size.css}
                    for size in design.spacing_sizes
                ],
                "units": ["px", "em", "rem", "vh", "vw", "%"],
            },
            "typography": {
                "defaultFontSizes": False,
                "fluid": False,  # sizes below are clamp() already, computed by sites.design.scale
                "fontFamilies": _font_families(design),
                "fontSizes": [
                    {"slug": size.slug, "name": size.name, "size": size.css, "fluid": False}
                    for size in design.font_sizes
                ],
            },
        },
        "styles": {
            "color": {"background": _color("base"), "text": _color("contrast")},
            "typography": {
                "fontFamily": _var("font-family", "body"),
                "fontSize": _var("font-size", "medium"),
                "lineHeight": design.line_height,
            },
            "spacing": {
                "blockGap": _var("spacing", "40"),
                "padding": {
                    "top": "0",
                    "bottom": "0",
                    "left": _var("spacing", "40"),
                    "right": _var("spacing", "40"),
                },
            },
            "elements": _elements(),
            "blocks": _blocks(),
        },
        "templateParts": [
            {"name": "header", "title": "Header", "area": "header"},
            {"name": "footer", "title": "Footer", "area": "footer"},
        ],
    }
