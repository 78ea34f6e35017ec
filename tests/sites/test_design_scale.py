"""Fluid scales: each size is its minimum on a phone, its maximum on a wide screen."""

from __future__ import annotations

import itertools
import re

import pytest

from presswright.sites.design import design_site, spacing_scale, type_scale
from presswright.sites.design.scale import VIEWPORT_MAX, VIEWPORT_MIN, fluid_clamp


def _at(css: str, viewport_px: float) -> float:
    """Evaluate our clamp() at a viewport width, in rem."""
    match = re.fullmatch(r"clamp\(([\d.]+)rem, ([-\d.]+)rem \+ ([\d.]+)vw, ([\d.]+)rem\)", css)
    assert match, css
    low, intercept, slope, high = map(float, match.groups())
    return min(high, max(low, intercept + slope * viewport_px / 100 / 16))


@pytest.mark.parametrize("size", [*type_scale(), *spacing_scale()], ids=lambda s: s.slug)
def test_each_size_runs_from_its_minimum_to_its_maximum(size: object) -> None:
    css, low, high = size.css, size.min_rem, size.max_rem  # type: ignore[attr-defined]
    assert _at(css, VIEWPORT_MIN) == pytest.approx(low, abs=0.002)
    assert _at(css, VIEWPORT_MAX) == pytest.approx(high, abs=0.002)
    assert _at(css, 200) == pytest.approx(low)  # never below the minimum
    assert _at(css, 3000) == pytest.approx(high)  # nor above the maximum
    assert "rem +" in css  # zoom and the reader's font size still scale it (WCAG 1.4.4)


def test_the_type_scale_is_modular_and_grows() -> None:
    sizes = type_scale()
    assert [s.slug for s in sizes] == ["small", "medium", "large", "x-large", "xx-large", "huge"]
    medium = sizes[1]
    assert (medium.min_rem, medium.max_rem) == (1.0, 1.125)  # 16px body text at least
    assert sizes[2].min_rem == pytest.approx(1.2) and sizes[2].max_rem == pytest.approx(
        1.40625, abs=1e-3
    )
    for smaller, larger in itertools.pairwise(sizes):
        assert larger.min_rem > smaller.min_rem and larger.max_rem > smaller.max_rem


def test_spacing_uses_wordpress_slugs() -> None:
    assert [s.slug for s in spacing_scale()] == ["20", "30", "40", "50", "60", "70", "80"]


def test_equal_ends_are_a_plain_length() -> None:
    assert fluid_clamp(1.5, 1.5) == "1.5rem"


def test_arabic_script_reads_larger_and_looser() -> None:
    latin = design_site(language="en").design
    persian = design_site(language="fa").design
    assert persian.font_sizes[1].min_rem > latin.font_sizes[1].min_rem
    assert float(persian.line_height) > float(latin.line_height)
    assert design_site(language="zh").design.line_height == "1.8"
