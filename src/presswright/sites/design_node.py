"""``site_design``: the site's palette and font pairing, chosen by the model, checked here.

The model proposes the eight colours of :class:`~presswright.sites.design.palette.Palette`
for the business and its style words (each a ``#rrggbb`` the schema holds it to) and picks
one of the font pairings the theme ships. Contrast is never the model's word:
:func:`~presswright.sites.design.palette.repair_palette` measures every text/background
pair the theme draws with the WCAG formula and moves failing colours until each passes;
the output records every change and every measured ratio.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from presswright.flows.nodes.base import NodeContext, NodeOutcome, NodeType
from presswright.llm.types import GenerationParams
from presswright.sites.design.palette import Palette, repair_palette

__all__ = ["DESIGN_SLOTS", "SiteDesignConfig", "SiteDesignNode", "design_schema"]

DESIGN_SLOTS = (
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


def _font_pairings() -> dict[str, Any]:
    """The font pairings the theme ships, by name (from the design package)."""
    from presswright.sites.design.fonts import FONT_PAIRINGS

    return dict(FONT_PAIRINGS)


def design_schema(pairings: list[str]) -> dict[str, Any]:
    """The model's answer: eight hex colours and one of the theme's font pairings."""
    properties: dict[str, Any] = {
        slot: {
            "type": "string",
            "pattern": _HEX,
            "description": str(Palette.model_fields[slot].description),
        }
        for slot in DESIGN_SLOTS
    }
    properties["fonts"] = {"type": "string", "enum": pairings}
    return {
        "title": "SiteDesign",
        "type": "object",
        "properties": properties,
        "required": [*DESIGN_SLOTS, "fonts"],
        "additionalProperties": False,
    }


def _prompt(brief: dict[str, Any], pairings: dict[str, Any]) -> str:
    request = brief["request"]
    style = brief.get("style") or "clean and friendly"
    choices = "; ".join(f"{name}: {_describe(value)}" for name, value in pairings.items())
    return (
        f"Choose the colours and fonts of the website of {request['business_name']}, a"
        f" {request['business_type']}, for {request['audience']}. Its style: {style}.\n"
        "Give each colour as #rrggbb: base (page background), contrast (text), surface"
        " (alternate sections), muted (secondary text), primary (brand colour for links and"
        " buttons), on_primary (text on buttons), secondary (labels), accent (borders).\n"
        f"Pick fonts from: {choices}."
    )


def _describe(pairing: Any) -> str:
    for attribute in ("description", "mood", "label"):
        value = getattr(pairing, attribute, None)
        if isinstance(value, str) and value:
            return value
    return str(pairing)


class SiteDesignNode(NodeType):
    """Picks the palette (repaired to WCAG AA) and the font pairing of the site."""

    name = "site_design"
    Config = SiteDesignConfig
    description = "Choose the palette (every text pair repaired to WCAG AA) and the font pairing."

    async def run(self, config: BaseModel, context: NodeContext) -> NodeOutcome:
        assert isinstance(config, SiteDesignConfig)
        brief = context.upstream["brief"]
        pairings = _font_pairings()
        outcome = NodeOutcome(output=None)
        result = await context.complete(
            _prompt(brief, pairings),
            model=context.inputs.get("model") or None,
            system=str(brief["system"]),
            schema=design_schema(sorted(pairings)),
            params=GenerationParams(temperature=config.temperature, max_tokens=400),
        )
        outcome.add_usage(result)
        answer = result.parsed if isinstance(result.parsed, dict) else result.parsed.model_dump()
        repair = repair_palette(Palette.model_validate({s: answer[s] for s in DESIGN_SLOTS}))
        outcome.output = {
            "palette": repair.palette.model_dump(),
            "proposed": {slot: answer[slot] for slot in DESIGN_SLOTS},
            "changes": [
                {"slot": c.slot, "before": c.before, "after": c.after, "reason": c.reason}
                for c in repair.changes
            ],
            "contrast": [
                {
                    "foreground": check.pair.foreground,
                    "background": check.pair.background,
                    "ratio": round(check.ratio, 2),
                    "minimum": check.pair.minimum,
                    "use": check.pair.use,
                }
                for check in repair.checks
            ],
            "fonts": answer["fonts"],
        }
        return outcome
