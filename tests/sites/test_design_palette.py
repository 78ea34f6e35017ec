"""Palette checks and repair: every pair the theme draws passes WCAG AA after repair."""

from __future__ import annotations

import random

import pytest
from pydantic import ValidationError

from presswright.sites.design import (
    PAIRS,
    Palette,
    SiteDesign,
    check_palette,
    contrast_ratio,
    design_site,
    palette_from_style,
    read_style_words,
    repair_palette,
)
from presswright.sites.design.color import hex_to_oklch
from presswright.sites.design.palette import repair_color

SLOTS = list(Palette.model_fields)
# A model's palette of the classic mistakes: pale text, a yellow brand colour for links and a
# white button label on it, a dark surface on a light page.
BAD = Palette(
    base="#fdf6e3", contrast="#93a1a1", surface="#222222", muted="#cccccc",
    primary="#ffcc00", on_primary="#ffffff", secondary="#ff9900", accent="#eeeeee",
)  # fmt: skip


def _hue_distance(first: float, second: float) -> float:
    return abs((first - second + 180) % 360 - 180)


def test_check_measures_every_pair_with_the_formula() -> None:
    checks = check_palette(BAD)
    assert [c.pair for c in checks] == list(PAIRS)
    for check in checks:
        assert check.ratio == contrast_ratio(check.foreground, check.background)
    assert not all(check.passes for check in checks)


def test_repair_of_a_bad_palette_passes_and_says_what_it_changed() -> None:
    repair = repair_palette(BAD)
    assert all(check.passes for check in repair.checks)
    assert all(check.passes for check in check_palette(repair.palette))
    changed = {change.slot for change in repair.changes}
    assert {"contrast", "muted", "primary", "secondary", "accent", "surface"} <= changed
    assert repair.palette.base == BAD.base  # the anchor never moves
    for change in repair.changes:
        assert change.before == BAD.color(change.slot)
        assert change.after == repair.palette.color(change.slot)
        assert change.reason
    primary = next(c for c in repair.changes if c.slot == "primary")
    assert "1.4" in primary.reason and "4.5:1" in primary.reason  # before ratio and threshold
    # Lightness moved, hue kept: the yellow stays a (dark) yellow.
    before, after = hex_to_oklch(BAD.primary), hex_to_oklch(repair.palette.primary)
    assert after.lightness < before.lightness
    assert _hue_distance(before.hue, after.hue) < 8


def test_a_passing_palette_is_left_alone() -> None:
    good = repair_palette(BAD).palette
    again = repair_palette(good)
    assert again.changes == ()
    assert again.palette == good


@pytest.mark.parametrize("seed", range(6))
def test_every_pair_passes_after_repair_for_random_palettes(seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    for _ in range(60):
        palette = Palette.model_validate({s: f"#{rng.randrange(1 << 24):06x}" for s in SLOTS})
        repair = repair_palette(palette)
        failing = [c for c in check_palette(repair.palette) if not c.passes]
        assert not failing, (palette, failing)
        assert repair.palette.base == palette.base
        unchanged = set(SLOTS) - {change.slot for change in repair.changes}
        for slot in unchanged:
            assert repair.palette.color(slot) == palette.color(slot)


@pytest.mark.parametrize("base", ["#767676", "#777777", "#808080", "#6b6b6b", "#008080"])
def test_mid_grey_backgrounds_still_get_readable_text(base: str) -> None:
    """Near mid-grey only black or white text reads; the repair still finds it."""
    palette = Palette.model_validate({s: base for s in SLOTS})
    repair = repair_palette(palette)
    assert all(c.passes for c in check_palette(repair.palette))


def test_repair_color_keeps_hue_and_reaches_the_threshold() -> None:
    repaired = repair_color("#4da3ff", ["#ffffff"], 4.5)
    assert 4.5 <= contrast_ratio(repaired, "#ffffff") < 4.8  # the nearest passing lightness
    assert _hue_distance(hex_to_oklch(repaired).hue, hex_to_oklch("#4da3ff").hue) < 5
    on_dark = repair_color("#1a3a8a", ["#101010"], 4.5)
    assert hex_to_oklch(on_dark).lightness > hex_to_oklch("#1a3a8a").lightness


def test_style_words_steer_the_proposal() -> None:
    warm = read_style_words("warm, earthy, modern")
    assert warm.used == ("warm", "earthy", "modern")
    assert not warm.dark
    dark = read_style_words(["luxury", "dark", "sparkly"])
    assert dark.dark and dark.ignored == ("sparkly",)
    assert contrast_ratio(palette_from_style(dark).base, "#000000") < 1.6  # a dark page
    warm_primary = hex_to_oklch(palette_from_style(read_style_words("warm")).primary)
    calm_primary = hex_to_oklch(palette_from_style(read_style_words("calm")).primary)
    assert _hue_distance(warm_primary.hue, 55) < 25
    assert _hue_distance(calm_primary.hue, 210) < 25


def test_design_site_takes_valid_suggestions_and_reports_the_rest() -> None:
    result = design_site(
        language="en",
        style_words="fresh, friendly",
        suggested_palette={
            "primary": "#7CFC00",  # lawn green: too light for links on white
            "on-primary": "#FFFFFF",
            "accent": "red",
            "background": "#000000",
        },
    )
    design, report = result.design, result.report
    assert all(c.passes for c in report.checks)
    assert hex_to_oklch(design.palette.primary).hue == pytest.approx(
        hex_to_oklch("#7cfc00").hue, abs=8
    )
    assert any(c.slot == "primary" and c.before == "#7cfc00" for c in report.palette_changes)
    assert any("'red' is not a hex colour" in item for item in report.ignored)
    assert any("'background'" in item for item in report.ignored)
    assert design.style_words == ("fresh", "friendly")


def test_a_site_design_refuses_a_failing_palette() -> None:
    design = design_site(language="en", style_words="calm").design
    with pytest.raises(ValidationError, match="under WCAG AA"):
        SiteDesign.model_validate({**design.model_dump(), "palette": BAD.model_dump()})


def test_a_site_design_refuses_fonts_that_do_not_fit() -> None:
    design = design_site(language="fa").design.model_dump()
    with pytest.raises(ValidationError, match="does not cover arabic"):
        SiteDesign.model_validate({**design, "body_font": "noto-sans"})
    english = design_site(language="en").design.model_dump()
    with pytest.raises(ValidationError, match="for headings, not body text"):
        SiteDesign.model_validate({**english, "body_font": "noto-serif-display"})


def test_palette_refuses_what_is_not_a_hex_colour() -> None:
    with pytest.raises(ValidationError, match="hex colour"):
        Palette.model_validate({**BAD.model_dump(), "primary": "javascript:alert(1)"})
    assert Palette.model_validate({**BAD.model_dump(), "primary": "#ABC"}).primary == "#aabbcc"
