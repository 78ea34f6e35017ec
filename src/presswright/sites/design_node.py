"""``site_design``: the site's palette and font pairing, chosen by the model, checked here.

The model proposes the eight colours of :class:`~presswright.sites.design.palette.Palette`
for the business, starting from the palette its style words suggest
(:mod:`~presswright.sites.design.style_words`), each a ``#rrggbb`` the schema holds it to.
Everything then goes through :func:`~presswright.sites.design.tokens.design_site`: the
fonts are the theme's pairing for the language's script and the style words, and contrast
is never the model's word: every text/background pair the theme draws is measured with the
WCAG formula and failing colours are moved until each passes. The output holds the design
tokens the theme is built from (``tokens``), every change and every measured ratio.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from presswright.flows.nodes.base import NodeContext, NodeOutcome, NodeType
from presswright.llm.types import GenerationParams
from presswright.sites.design.fonts import FontFamily, FontPairing
from presswright.sites.design.palette import Palette, PaletteSlot
from presswright.sites.design.style_words import palette_from_style, read_style_words
from presswright.sites.design.tokens import DesignResult, design_site

__all__ = [
    "DESIGN_SLOTS",
    "SiteDesignConfig",
    "SiteDesignNode",
    "design_record",
    "design_schema",
]

DESIGN_SLOTS: tuple[PaletteSlot, ...] = (
    "base",
    "contrast",
    "surface",
    "muted",
    "primary",
    "on_primary",
    "secondary",
    "accent",
)
_HEX = "^#[0-9a-fA-F]{6}$"


class SiteDesignConfig(BaseModel):
    """Config of ``site_design``."""

    model_config = ConfigDict(extra="forbid")

    temperature: float | None = None


def design_schema() -> dict[str, Any]:
    """The model's answer: the eight colours of the palette, each a ``#rrggbb``."""
    properties: dict[str, Any] = {
        slot: {
            "type": "string",
            "pattern": _HEX,
            "description": str(Palette.model_fields[slot].description),
        }
        for slot in DESIGN_SLOTS
    }
    return {
        "title": "SiteDesign",
        "type": "object",
        "properties": properties,
        "required": list(DESIGN_SLOTS),
        "additionalProperties": False,
    }


def _prompt(brief: dict[str, Any], suggestion: Palette) -> str:
    request = brief["request"]
    style = brief.get("style") or "clean and friendly"
    start = ", ".join(f"{slot} {suggestion.color(slot)}" for slot in DESIGN_SLOTS)
    return (
        f"Choose the colours of the website of {request['business_name']}, a"
        f" {request['business_type']}, for {request['audience']}. Its style: {style}.\n"
        "Give each colour as #rrggbb: base (page background), contrast (text), surface"
        " (alternate sections), muted (secondary text), primary (brand colour for links and"
        " buttons), on_primary (text on buttons), secondary (labels), accent (borders).\n"
        f"The style words suggest: {start}."
    )


def _fonts(pairing: FontPairing) -> dict[str, Any]:
    def one(item: FontFamily) -> dict[str, str]:
        return {"slug": item.slug, "name": item.name, "generic": item.generic}

    return {
        "script": pairing.script,
        "heading": one(pairing.heading),
        "body": one(pairing.body),
        "families": [one(item) for item in pairing.families()],
    }


def design_record(made: DesignResult, proposed: dict[str, str]) -> dict[str, Any]:
    """The design a site holds: the theme's tokens, the palette, every change and ratio."""
    return {
        "tokens": made.design.model_dump(mode="json"),
        "palette": made.design.palette.model_dump(),
        "proposed": proposed,
        "changes": [
            {"slot": c.slot, "before": c.before, "after": c.after, "reason": c.reason}
            for c in made.report.palette_changes
        ],
        "contrast": [
            {
                "foreground": check.pair.foreground,
                "background": check.pair.background,
                "ratio": round(check.ratio, 2),
                "minimum": check.pair.minimum,
                "use": check.pair.use,
            }
            for check in made.report.checks
        ],
        "fonts": _fonts(made.design.fonts),
        "ignored": list(made.report.ignored),
    }


class SiteDesignNode(NodeType):
    """Picks the palette (repaired to WCAG AA) and the font pairing of the site."""

    name = "site_design"
    Config = SiteDesignConfig
    description = "Choose the palette (every text pair repaired to WCAG AA) and the font pairing."

    async def run(self, config: BaseModel, context: NodeContext) -> NodeOutcome:
        assert isinstance(config, SiteDesignConfig)
        brief = context.upstream["brief"]
        reading = read_style_words(list(brief["request"].get("style_words") or []))
        outcome = NodeOutcome(output=None)
        result = await context.complete(
            _prompt(brief, palette_from_style(reading)),
            model=context.inputs.get("model") or None,
            system=str(brief["system"]),
            schema=design_schema(),
            params=GenerationParams(temperature=config.temperature, max_tokens=400),
        )
        outcome.add_usage(result)
        answer = result.parsed if isinstance(result.parsed, dict) else result.parsed.model_dump()
        proposed: dict[str, str] = {slot: str(answer[slot]) for slot in DESIGN_SLOTS}
        made = design_site(
            language=str(brief["language"]),
            style_words=list(reading.used),
            suggested_palette=proposed,
        )
        outcome.output = design_record(made, proposed)
        return outcome
