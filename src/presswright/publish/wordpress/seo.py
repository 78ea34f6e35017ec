"""SEO title and meta description: which SEO plugin a site runs, and which post fields hold them.

The plugin is recognised by the REST namespace it registers (``yoast/v1``, ``rankmath/v1``),
which any account can read, unlike ``/wp/v2/plugins`` (administrators only). The fields are
written as post meta through the core REST API. Neither plugin exposes them to REST by
default: a site must register them with ``show_in_rest`` (e.g. a small must-use plugin).
Whether WordPress kept them is read back from the answer, so the report never claims a
write that did not happen; without a plugin the values are only kept in the publish record.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel, Field

__all__ = [
    "NO_PLUGIN",
    "SEO_FIELDS",
    "SEO_NAMESPACES",
    "SeoPlugin",
    "SeoReport",
    "detect_seo_plugin",
    "seo_meta",
    "seo_report",
]


class SeoPlugin(enum.StrEnum):
    """The SEO plugins whose title and description fields Presswright knows."""

    YOAST = "yoast"
    RANK_MATH = "rank_math"


# In order of preference when a site runs both.
SEO_NAMESPACES: dict[str, SeoPlugin] = {
    "yoast/v1": SeoPlugin.YOAST,
    "rankmath/v1": SeoPlugin.RANK_MATH,
}
# (title field, description field) of each plugin's post meta.
SEO_FIELDS: dict[SeoPlugin, tuple[str, str]] = {
    SeoPlugin.YOAST: ("_yoast_wpseo_title", "_yoast_wpseo_metadesc"),
    SeoPlugin.RANK_MATH: ("rank_math_title", "rank_math_description"),
}
_NAMES = {SeoPlugin.YOAST: "Yoast SEO", SeoPlugin.RANK_MATH: "Rank Math"}
NO_PLUGIN = "not written: no SEO plugin"


class SeoReport(BaseModel):
    """What became of the SEO title and description of a published post."""

    plugin: SeoPlugin | None = Field(description="The SEO plugin found on the site, if any.")
    written: bool = Field(description="Whether WordPress stored both fields.")
    title: str
    description: str
    note: str = Field(examples=[NO_PLUGIN])


def detect_seo_plugin(namespaces: Iterable[str]) -> SeoPlugin | None:
    """The SEO plugin whose REST namespace is among ``namespaces`` (Yoast before Rank Math)."""
    present = set(namespaces)
    return next((plugin for ns, plugin in SEO_NAMESPACES.items() if ns in present), None)


def seo_meta(plugin: SeoPlugin, *, title: str, description: str) -> dict[str, str]:
    """The post meta that carries ``title`` and ``description`` for ``plugin``."""
    title_key, description_key = SEO_FIELDS[plugin]
    return {title_key: title, description_key: description}


def seo_report(
    plugin: SeoPlugin | None,
    *,
    title: str,
    description: str,
    stored_meta: Mapping[str, Any] | None,
    refusal: str | None = None,
) -> SeoReport:
    """Compare what was sent with the meta WordPress answered with (``stored_meta``).

    ``refusal`` is WordPress's error when it rejected the meta outright.
    """
    if plugin is None:
        return SeoReport(
            plugin=None, written=False, title=title, description=description, note=NO_PLUGIN
        )
    name = _NAMES[plugin]
    sent = seo_meta(plugin, title=title, description=description)
    stored = stored_meta or {}
    if refusal is None and all(stored.get(key) == value for key, value in sent.items()):
        note = f"written to {name} ({', '.join(sent)})"
        return SeoReport(
            plugin=plugin, written=True, title=title, description=description, note=note
        )
    if refusal is not None:
        note = f"not written: WordPress refused the {name} fields ({refusal})"
    else:
        note = (
            f"not written: {name} is active but does not expose {', '.join(sent)} to the REST"
            " API; register them with show_in_rest on the site"
        )
    return SeoReport(plugin=plugin, written=False, title=title, description=description, note=note)
