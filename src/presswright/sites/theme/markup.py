"""Block markup for templates and parts, in the shape the block editor saves it.

Dynamic blocks (site title, navigation, query, post content...) are self-closing comment
delimiters: WordPress renders them on each request. Static blocks (group, heading,
paragraph) carry the exact HTML their ``save()`` writes, so the site editor opens every
template without a recovery prompt. Text is escaped here; nothing a model wrote is ever
placed in a template.
"""

from __future__ import annotations

import html
from typing import Any

from presswright.content.block_types import delimit_block

__all__ = ["dynamic", "group", "heading", "join", "paragraph", "wrapper"]


def join(*blocks: str) -> str:
    """Blocks one after another, as the editor serializes siblings."""
    return "\n\n".join(block for block in blocks if block)


def dynamic(name: str, attrs: dict[str, Any] | None = None) -> str:
    """A self-closing (server-rendered) block."""
    return delimit_block(name, attrs or {}, "")


def wrapper(name: str, attrs: dict[str, Any] | None, *inner: str) -> str:
    """A block whose saved HTML is only its inner blocks (post-template, query-pagination)."""
    opener = delimit_block(name, attrs or {}, "").removesuffix(" /-->") + " -->"
    return f"{opener}\n{join(*inner)}\n<!-- /wp:{name} -->"


def _classes(*names: str) -> str:
    return " ".join(name for name in names if name)


def group(
    *inner: str,
    tag: str = "div",
    class_name: str = "",
    background: str = "",
    layout: dict[str, Any] | None = None,
    align: str = "",
) -> str:
    """A core/group around ``inner``."""
    attrs: dict[str, Any] = {}
    if tag != "div":
        attrs["tagName"] = tag
    if align:
        attrs["align"] = align
    if class_name:
        attrs["className"] = class_name
    if background:
        attrs["backgroundColor"] = background
    if layout:
        attrs["layout"] = layout
    classes = _classes(
        "wp-block-group",
        f"align{align}" if align else "",
        class_name,
        f"has-{background}-background-color has-background" if background else "",
    )
    body = f'<{tag} class="{classes}">\n{join(*inner)}\n</{tag}>'
    return delimit_block("group", attrs, body)


def heading(text: str, *, level: int = 2, text_align: str = "") -> str:
    """A core/heading with escaped text."""
    attrs: dict[str, Any] = {}
    if text_align:
        attrs["textAlign"] = text_align
    if level != 2:
        attrs["level"] = level
    classes = _classes("wp-block-heading", f"has-text-align-{text_align}" if text_align else "")
    return delimit_block(
        "heading", attrs, f'<h{level} class="{classes}">{html.escape(text, quote=False)}</h{level}>'
    )


def paragraph(text: str, *, align: str = "") -> str:
    """A core/paragraph with escaped text."""
    attrs: dict[str, Any] = {"align": align} if align else {}
    opening = f'<p class="has-text-align-{align}">' if align else "<p>"
    return delimit_block("paragraph", attrs, f"{opening}{html.escape(text, quote=False)}</p>")
