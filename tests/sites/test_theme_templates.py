"""Templates and parts are core block markup WordPress's own parser reads cleanly; the ZIP
has the layout WordPress installs; nothing from the site's name can become code."""

from __future__ import annotations

import io
import json
import re
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from presswright.content.models import LANGUAGES
from presswright.sites.design import design_site
from presswright.sites.theme import PARTS, TEMPLATES, SiteInfo, build_theme, parts, templates
from presswright.sites.theme.files import functions_php
from presswright.sites.theme.strings import template_strings
from tests.content.wordpress_php import freeform_or_invalid, parse_blocks


@pytest.fixture(scope="module")
def font_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """WOFF2 subsets shared by this module's builds."""
    return tmp_path_factory.mktemp("theme-fonts")


def _names(blocks: list[dict[str, Any]]) -> list[str]:
    found: list[str] = []
    for block in blocks:
        if block["blockName"]:
            found.append(block["blockName"])
        found += _names(block["innerBlocks"])
    return found


@pytest.mark.parametrize("language", ["en", "fa", "zh"])
def test_every_template_and_part_is_clean_core_block_markup(language: str) -> None:
    markup = {**templates(language), **{f"parts/{k}": v for k, v in parts().items()}}
    assert set(templates(language)) == set(TEMPLATES) and set(parts()) == set(PARTS)
    for name, text in markup.items():
        blocks = parse_blocks(text)
        assert not freeform_or_invalid(blocks), (name, freeform_or_invalid(blocks))
        names = _names(blocks)
        assert names and all(n.startswith("core/") for n in names), (name, names)
        assert "core/html" not in names and "core/freeform" not in names
        for block in blocks:
            if block["blockName"] == "core/template-part":
                assert block["attrs"]["slug"] in PARTS
    for name in TEMPLATES:
        names = _names(parse_blocks(templates(language)[name]))
        assert names[0] == "core/template-part" and names[-1] == "core/template-part"
        assert "core/group" in names  # the <main> the skip link targets
        assert '<main class="wp-block-group site-main">' in templates(language)[name]


def test_the_header_has_logo_title_and_navigation() -> None:
    names = _names(parse_blocks(parts()["header"]))
    assert {"core/site-logo", "core/site-title", "core/navigation"} <= set(names)
    footer = parse_blocks(parts()["footer"])
    assert footer[0]["attrs"]["backgroundColor"] == "surface"


def test_one_h1_per_template() -> None:
    """Pages carry their own H1 (the hero): page and front-page add none; the rest add one."""
    for name, text in templates("en").items():
        blocks = parse_blocks(text)
        h1 = text.count("<h1") + sum(
            1
            for block in _walk(blocks)
            if block["blockName"] in ("core/post-title", "core/query-title")
            and block["attrs"].get("level", 1) == 1
        )
        assert h1 == (0 if name in ("page", "front-page") else 1), name


def _walk(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for block in blocks:
        found.append(block)
        found += _walk(block["innerBlocks"])
    return found


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_the_404_page_speaks_the_site_language(language: str) -> None:
    strings = template_strings(language)
    assert strings.not_found_title in templates(language)["404"]
    assert strings.no_results in templates(language)["search"]


def test_the_zip_has_the_layout_wordpress_installs(font_cache: Path) -> None:
    design = design_site(language="en", style_words="calm").design
    site = SiteInfo(name="Harbour Café")
    data = build_theme(design, site, font_cache=font_cache).zip()
    assert data == build_theme(design, site, font_cache=font_cache).zip()  # reproducible
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert all(name.startswith("harbour-cafe/") for name in names)
        for required in ("style.css", "theme.json", "templates/index.html", "parts/header.html",
                         "functions.php", "rtl.css", "readme.txt"):  # fmt: skip
            assert f"harbour-cafe/{required}" in names
        assert {f"harbour-cafe/templates/{t}.html" for t in TEMPLATES} <= set(names)
        style = archive.read("harbour-cafe/style.css").decode()
        assert style.startswith("/*\nTheme Name: Harbour Café\n")
        assert json.loads(archive.read("harbour-cafe/theme.json"))["version"] == 3
        assert archive.testzip() is None


def test_the_site_name_cannot_add_headers_or_close_the_comment(font_cache: Path) -> None:
    design = design_site(language="en").design
    hostile = "Evil\nTemplate: twentytwentythree\r\nVersion: 9 */ body{display:none} /*"
    bundle = build_theme(design, SiteInfo(name=hostile), font_cache=font_cache)
    style = bundle.files["style.css"].decode()
    header = style.split("*/", 1)[0]
    # WordPress reads a header only at the start of a line (get_file_data()).
    starts = [line.split(":", 1)[0] for line in header.splitlines()[1:]]
    assert "Template" not in starts  # no parent theme smuggled in
    assert starts.count("Version") == 1 and starts.count("Theme Name") == 1
    assert "display:none" in header  # kept as text inside the header comment, harmless
    rules = style.split("*/", 1)[1]  # the header comment closes where we close it
    assert "display:none" not in rules and "Evil" not in rules
    assert "Evil" in bundle.files["readme.txt"].decode()
    assert bundle.slug == "evil-template-twentytwentythree-version-9"[:40].strip("-")
    php = bundle.files["functions.php"].decode()
    assert "Evil" not in php and "display" not in php


def test_a_name_without_latin_letters_gets_a_stable_slug(font_cache: Path) -> None:
    design = design_site(language="fa").design
    first = build_theme(design, SiteInfo(name="نانوایی"), font_cache=font_cache)
    again = build_theme(design, SiteInfo(name="نانوایی"), font_cache=font_cache)
    other = build_theme(design, SiteInfo(name="کافه"), font_cache=font_cache)
    assert first.slug.startswith("site-") and first.slug == again.slug != other.slug
    functions = first.files["functions.php"].decode()
    assert 'lang="fa" dir="rtl"' in functions
    assert "rtl-language-support" in first.files["style.css"].decode()
    assert "direction: rtl" in first.files["rtl.css"].decode()


@pytest.mark.parametrize("slug", ["../etc", "Upper", "a/b", "x" * 70, "-lead"])
def test_a_chosen_slug_must_be_a_folder_name(slug: str) -> None:
    with pytest.raises(ValidationError):
        SiteInfo(name="Shop", slug=slug)


def test_the_stylesheet_uses_only_palette_colours(font_cache: Path) -> None:
    design = design_site(language="en", style_words="dark").design
    bundle = build_theme(design, SiteInfo(name="Night Owl"), font_cache=font_cache)
    for name in ("style.css", "rtl.css"):
        rules = bundle.files[name].decode().split("*/", 1)[1]
        used = set(re.findall(r"var\(--wp--preset--color--([a-z-]+)\)", rules))
        assert used and used <= {"base", "contrast", "muted", "accent"}, used
        assert not re.search(r"#[0-9a-fA-F]{3,6}\b|rgba?\(|hsla?\(", rules)  # no fixed colour


@pytest.mark.parametrize(("slug", "language", "rtl"), [("rosas-bakery", "en", False),
                                                       ("site-1a2b", "fa", True)])  # fmt: skip
def test_functions_php_is_valid_php_printing_the_escaped_description(
    tmp_path: Path, slug: str, language: str, rtl: bool
) -> None:
    """PHP's own linter accepts it; the description is escaped and yields to SEO plugins."""
    php = functions_php(slug, language, rtl=rtl)
    path = tmp_path / "functions.php"
    path.write_text(php, encoding="utf-8")
    linted = subprocess.run(["php", "-l", str(path)], capture_output=True, text=True)
    assert linted.returncode == 0, linted.stdout + linted.stderr
    assert "add_post_type_support( 'page', 'excerpt' )" in php
    assert "esc_attr( $description )" in php and "is_singular()" in php
    assert "defined( 'WPSEO_VERSION' )" in php and "defined( 'RANK_MATH_VERSION' )" in php
