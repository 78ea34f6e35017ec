"""The files the exporters hand to their engines: pandoc templates, stylesheets, typst layouts.

They are package data, shipped in the wheel; nothing here is ever filled with model text
by string replacement (pandoc and typst read the book as data).
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["TEMPLATES", "template_path", "template_text"]

TEMPLATES = Path(__file__).resolve().parent


def template_path(name: str) -> Path:
    """The path of the shipped template or stylesheet ``name``."""
    return TEMPLATES / name


def template_text(name: str) -> str:
    """The text of the shipped template or stylesheet ``name``."""
    return template_path(name).read_text(encoding="utf-8")
