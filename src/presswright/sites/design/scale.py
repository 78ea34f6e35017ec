"""Fluid type and spacing scales: sizes that grow with the viewport between two widths.

A size is ``clamp(min, intercept + slope * 100vw, max)`` with the rem part kept in the
middle term, so browser zoom and the reader's own font size still scale the text (WCAG
1.4.4). The type scale is modular: step n is ``base * ratio**n``, with a smaller base and
ratio on narrow screens than on wide ones.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["FluidSize", "fluid_clamp", "spacing_scale", "type_scale"]

VIEWPORT_MIN = 360  # px: a small phone
VIEWPORT_MAX = 1280  # px: where the largest sizes are reached
ROOT_PX = 16

_TYPE_STEPS = (
    ("small", "Small", -1), ("medium", "Medium", 0), ("large", "Large", 1),
    ("x-large", "Extra Large", 2), ("xx-large", "2X Large", 3), ("huge", "Huge", 4),
)  # fmt: skip
# WordPress's own spacing slugs (20-80), so patterns written for core themes keep working.
_SPACE_STEPS = (
    ("20", "2X-Small", 0.375, 0.5), ("30", "X-Small", 0.625, 0.75), ("40", "Small", 1.0, 1.25),
    ("50", "Medium", 1.5, 2.0), ("60", "Large", 2.0, 3.0), ("70", "X-Large", 3.0, 4.5),
    ("80", "2X-Large", 4.0, 6.5),
)  # fmt: skip


@dataclass(frozen=True)
class FluidSize:
    """A named size: its smallest and largest value in rem, and the CSS clamp between them."""

    slug: str
    name: str
    min_rem: float
    max_rem: float

    @property
    def css(self) -> str:
        """The CSS value."""
        return fluid_clamp(self.min_rem, self.max_rem)


def _number(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".")


def fluid_clamp(min_rem: float, max_rem: float) -> str:
    """``clamp()`` from ``min_rem`` at VIEWPORT_MIN to ``max_rem`` at VIEWPORT_MAX."""
    if abs(max_rem - min_rem) < 1e-9:
        return f"{_number(min_rem)}rem"
    slope = (max_rem - min_rem) * ROOT_PX / (VIEWPORT_MAX - VIEWPORT_MIN)  # px per px
    intercept_rem = min_rem - slope * VIEWPORT_MIN / ROOT_PX
    return (
        f"clamp({_number(min_rem)}rem, {_number(intercept_rem)}rem + "
        f"{_number(slope * 100)}vw, {_number(max_rem)}rem)"
    )


def type_scale(
    *,
    base_min: float = 1.0,
    base_max: float = 1.125,
    ratio_min: float = 1.2,
    ratio_max: float = 1.25,
) -> tuple[FluidSize, ...]:
    """Six font sizes (small to huge); ``medium`` is the body size, in rem."""
    return tuple(
        FluidSize(
            slug, name, round(base_min * ratio_min**step, 4), round(base_max * ratio_max**step, 4)
        )
        for slug, name, step in _TYPE_STEPS
    )


def spacing_scale() -> tuple[FluidSize, ...]:
    """Seven spacing sizes with WordPress's slugs 20 to 80, in rem."""
    return tuple(FluidSize(slug, name, low, high) for slug, name, low, high in _SPACE_STEPS)
