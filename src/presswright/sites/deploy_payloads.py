"""What a site deploy sends besides pages: the menu's blocks and the global styles.

Every label is plain text (tags stripped); colours and font names come from the site's
design, which was checked when it was made.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from presswright.content.block_types import delimit_block
from presswright.publish.wordpress.post_content import plain_text
from presswright.sites.compile import Site

if TYPE_CHECKING:
    from presswright.sites.deploy import DeployedPage

__all__ = ["navigation_markup", "styles_of"]


def navigation_markup(site: Site, ids: dict[str, DeployedPage]) -> str:
    """The menu as ``core/navigation-link`` blocks, one per page, in the sitemap's order."""
    links = []
    for item in site.navigation:
        page = ids[item.slug]
        attrs = {
            "label": plain_text(item.label),
            "type": "page",
            "id": page.remote_id,
            "url": page.url,
            "kind": "post-type",
            "isTopLevelLink": True,
        }
        links.append(delimit_block("navigation-link", attrs, ""))
    return "\n".join(links)


def _palette(design: dict[str, Any]) -> list[dict[str, str]]:
    return [
        {"slug": slot.replace("_", "-"), "name": slot.replace("_", " ").title(), "color": color}
        for slot, color in design["palette"].items()
    ]


def _stack(family: dict[str, str]) -> str:
    return f'"{family["name"]}", {family["generic"]}'


def styles_of(site: Site, current: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The user global styles with the site's palette and fonts (other keys kept)."""
    settings = dict(current.get("settings") or {})
    color = dict(settings.get("color") or {})
    color["palette"] = {**dict(color.get("palette") or {}), "custom": _palette(site.design)}
    settings["color"] = color
    var = "var(--wp--preset--color--{})".format
    fonts = site.design["fonts"]
    styles = dict(current.get("styles") or {})
    elements = dict(styles.get("elements") or {})
    elements.update(
        link={"color": {"text": var("primary")}},
        button={"color": {"background": var("primary"), "text": var("on-primary")}},
        heading={
            "typography": {"fontFamily": _stack(fonts["heading"])},
            "color": {"text": var("contrast")},
        },
    )
    styles.update(
        color={"background": var("base"), "text": var("contrast")},
        typography={**dict(styles.get("typography") or {}), "fontFamily": _stack(fonts["body"])},
        elements=elements,
    )
    return settings, styles
