"""A generated site's block theme: theme.json v3, style.css, templates, parts, fonts, ZIP.

``build_theme(design, SiteInfo(name=...))`` returns a :class:`ThemeBundle` (every file by
path; ``.zip()`` packs it under ``<slug>/``, ``.write_to(themes_dir)`` puts it in a
WordPress). Templates and parts use core blocks only; text in them is escaped and comes
from fixed strings of the site's language, never from a model.
"""

from __future__ import annotations

from presswright.sites.theme.bundle import (
    SiteInfo,
    ThemeBundle,
    build_theme,
    theme_slug,
    theme_zip,
)
from presswright.sites.theme.templates import PARTS, TEMPLATES, parts, templates
from presswright.sites.theme.theme_json import theme_json

__all__ = [
    "PARTS",
    "TEMPLATES",
    "SiteInfo",
    "ThemeBundle",
    "build_theme",
    "parts",
    "templates",
    "theme_json",
    "theme_slug",
    "theme_zip",
]
