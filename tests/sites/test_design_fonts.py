"""Fonts: every site gets families that cover its script, and the shipped subsets hold it."""

# Sample texts and needed characters keep each language's own punctuation.
# ruff: noqa: RUF001

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from fontTools.ttLib import TTCollection, TTFont

from presswright.content.models import LANGUAGES
from presswright.errors import UserInputError
from presswright.sites.design import (
    CATALOGUE,
    SiteFontsMissingError,
    choose_fonts,
    design_site,
    font_file,
    read_style_words,
    script_for_language,
)
from presswright.sites.design.font_files import script_characters, unicode_range
from presswright.sites.design.fonts import FontFamily, Script, family
from presswright.sites.theme.strings import template_strings

# A line of ordinary text per language, the kind a generated page holds.
SAMPLES = {
    "en": "Fresh bread every morning, baked with care.",
    "de": "Frisches Brot jeden Morgen, mit Sorgfalt gebacken.",
    "es": "Pan fresco cada mañana, horneado con cariño.",
    "fr": "Du pain frais chaque matin, cuit avec soin.",
    "it": "Pane fresco ogni mattina, cotto con cura.",
    "fa": "نان تازه هر صبح، با دقت پخته می‌شود.",
    "ar": "خبز طازج كل صباح، مخبوز بعناية.",
    "zh": "每天早上都有新鲜的面包，用心烘焙。",
    "ja": "毎朝焼きたてのパンを、心を込めてお届けします。",
    "ko": "매일 아침 정성껏 구운 신선한 빵을 드립니다.",
}
SCRIPTS = {"en": "latin", "fa": "arabic", "ar": "arabic", "zh": "han-sc", "ja": "japanese",
           "ko": "hangul"}  # fmt: skip


def _cmap(path: str, face: str) -> set[int]:
    if path.endswith(".ttc"):
        fonts = TTCollection(path, lazy=True).fonts
        font = next(f for f in fonts if f["name"].getDebugName(1) == face)
    else:
        font = TTFont(path, lazy=True)
    return set(font.getBestCmap())


def _letters(text: str) -> set[int]:
    return {ord(ch) for ch in text if not ch.isspace()}


def test_every_supported_language_has_a_script() -> None:
    for language in LANGUAGES:
        assert script_for_language(language) == SCRIPTS.get(language, "latin")
    with pytest.raises(UserInputError, match="not supported"):
        script_for_language("tlh")


@pytest.mark.parametrize("language", sorted(LANGUAGES))
@pytest.mark.parametrize("words", ["", "warm, earthy", "modern bold", "elegant classic"])
def test_a_site_gets_fonts_that_cover_its_script(language: str, words: str) -> None:
    pairing = choose_fonts(language, read_style_words(words))
    script = script_for_language(language)
    assert pairing.heading.script == script and pairing.body.script == script
    assert "body" in pairing.body.roles
    characters = script_characters(script)
    covered = set(characters)
    for chosen in (pairing.heading, pairing.body):
        companion = pairing.companion(chosen)
        if companion is not None:
            covered |= script_characters(companion.script)
    strings = template_strings(language)
    text = SAMPLES[language] + "".join(vars(strings).values())
    missing = {chr(code) for code in _letters(text) - covered}
    assert not missing, f"{language}: the shipped subsets lack {sorted(missing)}"


# What each script's languages need, all of it, in every family of that script: Latin for
# en/de/es/fr/it (Latin-1 and Latin Extended-A, typographic quotes, dashes, the euro), the
# Arabic letters with the Persian ones and the zero-width non-joiner, and for CJK the common
# level of each national standard that the subsets keep.
_LATIN_NEEDED = {*range(0x21, 0x7F), *range(0xC0, 0x180), *map(ord, "’‘“”–—…€«»")}
_ARABIC_NEEDED = {*range(0x621, 0x63B), *range(0x641, 0x64B), *map(ord, "پچژگکی،؟"), 0x200C}


def _needed(chosen: FontFamily) -> set[int]:
    if chosen.script == "latin":
        return _LATIN_NEEDED - {0xD7, 0xF7}
    if chosen.script == "arabic":
        return _ARABIC_NEEDED
    return {code for code in script_characters(chosen.script) if chr(code).isalpha()}


@pytest.mark.parametrize("chosen", CATALOGUE, ids=lambda f: f.slug)
def test_every_catalogue_file_is_installed_and_covers_its_languages(chosen: FontFamily) -> None:
    for source in chosen.sources:
        assert Path(source.path).is_file(), f"{source.path}: run `make site-fonts`"
        missing = _needed(chosen) - _cmap(source.path, chosen.name)
        assert not missing, f"{chosen.name} {source.weight} lacks {sorted(map(chr, missing))[:20]}"


def test_a_korean_subset_is_woff2_and_covers_korean_text(tmp_path: Path) -> None:
    chosen = family("noto-sans-kr")
    made = font_file(chosen, 400, cache_dir=tmp_path)
    assert made.data[:4] == b"wOF2"
    font = TTFont(io.BytesIO(made.data))
    cmap = set(font.getBestCmap())
    assert _letters(SAMPLES["ko"] + template_strings("ko").not_found_text) - _letters(".") <= (
        cmap | set(range(0x20, 0x7F))
    )
    assert not cmap & set(range(0x4E00, 0x9FFF)), "no hanzi in a Korean subset"
    assert len(made.data) < 600_000
    # The licence and copyright records stay in the subset.
    assert font["name"].getDebugName(13)
    # A second build reads the cache instead of subsetting again.
    cached = list(tmp_path.glob("noto-sans-kr-400-*.woff2"))
    assert len(cached) == 1
    cached[0].write_bytes(b"wOF2 cached")
    assert font_file(chosen, 400, cache_dir=tmp_path).data == b"wOF2 cached"


def test_latin_and_arabic_subsets_are_small_and_shape_arabic() -> None:
    latin = TTFont(io.BytesIO(font_file(family("noto-sans"), 400).data))
    assert set(map(ord, "ÀÉßñœ€")) <= set(latin.getBestCmap())
    arabic = TTFont(io.BytesIO(font_file(family("noto-naskh-arabic"), 700).data))
    cmap = set(arabic.getBestCmap())
    assert _letters(SAMPLES["fa"]) - _letters("،.") <= cmap
    assert "GSUB" in arabic  # joining forms survive the subset
    assert 0x200C in cmap  # the zero-width non-joiner Persian writes with


def test_unicode_ranges_are_css() -> None:
    assert unicode_range("latin").startswith("U+0020-007E, U+00A0-024F")
    assert "U+AC00-D7A3" in unicode_range("hangul")


def test_a_missing_font_file_names_the_package_to_install() -> None:
    chosen = family("noto-sans")
    gone = replace(
        chosen, slug="gone", sources=(replace(chosen.sources[0], path="/nonexistent/x.ttf"),)
    )
    with pytest.raises(SiteFontsMissingError, match=r"/nonexistent/x\.ttf") as caught:
        font_file(gone, 400)
    assert "fonts-noto-core" in str(caught.value) and "make site-fonts" in str(caught.value)


def test_a_model_font_suggestion_is_used_only_when_it_fits() -> None:
    fitting = design_site(language="fa", heading_font="Noto Kufi Arabic", body_font="noto-sans")
    assert fitting.design.heading_font == "noto-kufi-arabic"
    assert fitting.design.body_font != "noto-sans"  # Latin only: not for a Persian site
    assert any("does not cover the arabic script" in item for item in fitting.report.ignored)
    unknown = design_site(language="en", body_font="Comic Sans MS")
    assert any("not a font the theme ships" in item for item in unknown.report.ignored)
    display = design_site(language="en", body_font="Noto Serif Display")
    assert display.design.body_font != "noto-serif-display"


def test_cjk_subsets_hold_the_common_level_of_each_national_standard() -> None:
    def count(script: Script, low: int, high: int) -> int:
        return sum(low <= code <= high for code in script_characters(script))

    assert count("han-sc", 0x4E00, 0x9FFF) == 3755  # GB 2312 level 1
    assert count("japanese", 0x4E00, 0x9FFF) == 2965  # JIS X 0208 level 1
    assert count("hangul", 0xAC00, 0xD7A3) == 2350  # KS X 1001
    assert count("japanese", 0x3041, 0x3096) == 86  # every hiragana
