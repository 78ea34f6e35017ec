"""Block markup as a page that looks the way a block theme would show it: the studio's preview.

WordPress renders a post's blocks in two steps this module repeats in small:

1. The saved HTML of each block is kept, and the layout support adds the classes its
   comment's ``layout`` attribute asks for (``is-layout-flex``, ``is-content-justification-
   center``, ``is-vertical``...): a row of buttons or a flex group is laid out only at render
   time, since its saved HTML does not say how (:func:`rendered_blocks`).
2. The result is cleaned by :func:`presswright.content.sanitize.sanitize_html` (what
   ``wp_kses_post`` allows an author: no script, no event handler, no ``javascript:`` URL, no
   form, no frame; block comments go too) and placed in a page that links the preview
   stylesheet (``block_preview.css``, our own rules for the core blocks patterns use) and
   says its language and direction (``dir="rtl"`` for Arabic and Persian).

The page is meant for a sandboxed frame under a policy that runs no script at all; it holds
none, so it shows the same with or without one.
"""

from __future__ import annotations

import html
import json
import re
from functools import cache
from importlib.resources import files
from typing import Any

from presswright.content.models import LANGUAGES, RTL_LANGUAGES
from presswright.content.sanitize import sanitize_html

__all__ = ["PREVIEW_STYLESHEET", "preview_page", "preview_stylesheet", "rendered_blocks"]

PREVIEW_STYLESHEET = "block_preview.css"

# A block's opening delimiter with attributes, as WordPress's block parser reads it: the JSON
# object runs to the first "}" that whitespace and "-->" (or "/-->") follow.
_OPENER = re.compile(
    r"<!--\s+wp:(?P<name>[a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)?)\s+"
    r"(?P<attrs>\{.*?\})\s+(?P<void>/)?-->",
    re.DOTALL,
)
_START_TAG = re.compile(r"\s*<(?P<tag>[a-zA-Z][a-zA-Z0-9-]*)(?P<rest>(?:\s[^<>]*)?)>")
_CLASS = re.compile(r"""(?P<lead>\sclass\s*=\s*)(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')""")

_LAYOUT_TYPES = {"flex": "flex", "constrained": "constrained", "grid": "grid", "flow": "flow"}
_LAYOUT_TYPES["default"] = "flow"
_JUSTIFY = frozenset({"left", "center", "right", "space-between", "stretch"})
_ALIGN_ITEMS = frozenset({"top", "center", "bottom", "stretch", "space-between"})
# Blocks whose layout is flex when their comment names no type.
_FLEX_BY_DEFAULT = frozenset({"buttons", "social-links", "navigation"})
# Blocks whose layout classes belong on an inner element WordPress adds (the cover's inner
# container): the stylesheet lays that element out by its own class instead.
_LAYOUT_INSIDE = frozenset({"cover"})


def _layout_classes(name: str, attrs: dict[str, Any]) -> list[str]:
    """The classes WordPress's layout support gives a block with these attributes."""
    layout = attrs.get("layout")
    if name in _LAYOUT_INSIDE or not isinstance(layout, dict):
        return []
    kind = _LAYOUT_TYPES.get(str(layout.get("type", "")))
    if kind is None:
        kind = "flex" if name in _FLEX_BY_DEFAULT else None
    classes = [f"is-layout-{kind}"] if kind else []
    if kind == "flex":
        justify = layout.get("justifyContent")
        if justify in _JUSTIFY:
            classes.append(f"is-content-justification-{justify}")
        if layout.get("orientation") == "vertical":
            classes.append("is-vertical")
        if layout.get("flexWrap") == "nowrap":
            classes.append("is-nowrap")
        align = layout.get("verticalAlignment")
        if align in _ALIGN_ITEMS:
            classes.append(f"is-vertically-aligned-{align}")
    return classes


def _with_classes(tag: str, classes: list[str]) -> str:
    """A start tag with ``classes`` added to its class attribute (made if it has none)."""
    found = _CLASS.search(tag)
    if found is None:
        head, _, tail = tag.partition(">")
        return f'{head} class="{" ".join(classes)}">{tail}'
    current = (found["dq"] if found["dq"] is not None else found["sq"]).split()
    joined = " ".join([*current, *(name for name in classes if name not in current)])
    return f'{tag[: found.start()]}{found["lead"]}"{joined}"{tag[found.end() :]}'


def rendered_blocks(markup: str) -> str:
    """Block markup as the HTML a block theme serves: layout classes added, then sanitized."""
    pieces: list[str] = []
    position = 0
    for opener in _OPENER.finditer(markup):
        if opener.start() < position or opener["void"]:
            continue
        try:
            attrs = json.loads(opener["attrs"])
        except ValueError:
            continue
        name = opener["name"].removeprefix("core/")
        classes = _layout_classes(name, attrs) if isinstance(attrs, dict) else []
        tag = _START_TAG.match(markup, opener.end())
        if not classes or tag is None:
            continue
        pieces.append(markup[position : tag.start()])
        pieces.append(_with_classes(tag.group(0), classes))
        position = tag.end()
    pieces.append(markup[position:])
    return sanitize_html("".join(pieces))


@cache
def preview_stylesheet() -> bytes:
    """The preview's stylesheet: the core blocks laid out and coloured as a block theme would."""
    return files("presswright.content").joinpath(PREVIEW_STYLESHEET).read_bytes()


def preview_page(markup: str, *, language: str, title: str, stylesheet_url: str) -> str:
    """A whole HTML page showing ``markup`` as a block theme would, in ``language``'s direction.

    ``language`` is one of :data:`presswright.content.models.LANGUAGES`; ``stylesheet_url``
    where the page finds :func:`preview_stylesheet`.
    """
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; use one of {', '.join(LANGUAGES)}")
    direction = "rtl" if language in RTL_LANGUAGES else "ltr"
    # A link opens nowhere: the frame may not open windows, and <base> sends every link there.
    return (
        f'<!DOCTYPE html>\n<html lang="{language}" dir="{direction}">\n<head>\n'
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n"
        f'<link rel="stylesheet" href="{html.escape(stylesheet_url)}">\n'
        '<base target="_blank">\n'
        "</head>\n<body>\n"
        '<main class="wp-site-blocks">\n'
        f'<div class="entry-content is-layout-constrained">\n{rendered_blocks(markup)}\n</div>\n'
        "</main>\n</body>\n</html>\n"
    )
