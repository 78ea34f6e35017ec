"""Renderers of finished content: HTML (fragment or page), WordPress block markup, Markdown.

Each lives in a module of its own; this one gathers them for callers that want all three.
"""

from __future__ import annotations

from presswright.content.render_gutenberg import render_gutenberg
from presswright.content.render_html import render_html
from presswright.content.render_markdown import render_markdown

__all__ = ["render_gutenberg", "render_html", "render_markdown"]
