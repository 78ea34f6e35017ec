"""Slugs: real titles in every language, validity, the encoded length limit, and WordPress."""

# Real titles in ten languages use characters that look like ASCII ones on purpose.
# ruff: noqa: RUF001

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from presswright.content.models import LANGUAGES
from presswright.content.slugs import SLUG_MAX_BYTES, slug_problem, slugify, wordpress_slug

TITLES = [
    (
        "en",
        "Don't Panic: 10 Tips for Node.js & C++ Developers (2024 Edition)",
        "dont-panic-10-tips-for-node-js-c-developers-2024-edition",
    ),
    (
        "en",
        "Café Culture — A Beginner’s Guide to Espresso",
        "cafe-culture-a-beginners-guide-to-espresso",
    ),
    ("de", "Größte Übersicht: Äpfel, Öle & Straßen", "groesste-uebersicht-aepfel-oele-strassen"),
    (
        "es",
        "¿Qué es el SEO? Guía para principiantes, año 2024",
        "que-es-el-seo-guia-para-principiantes-ano-2024",
    ),
    ("fr", "L’été à Paris : où manger des crêpes ?", "lete-a-paris-ou-manger-des-crepes"),
    ("fr", "Cœur de bœuf et Æther", "coeur-de-boeuf-et-aether"),
    (
        "it",
        "Perché la pizza è così buona? Città e caffè",
        "perche-la-pizza-e-cosi-buona-citta-e-caffe",
    ),
    ("fa", "راهنمای سئو برای می\u200cخواهم‌ها: ۱۰ نکته", "راهنمای-سئو-برای-می-خواهم-ها-۱۰-نکته"),
    ("ar", "ما هو تَحْسِينُ محركات البحث؟ دليل ٢٠٢٤", "ما-هو-تحسين-محركات-البحث-دليل-٢٠٢٤"),
    ("ja", "SEOとは？初心者向けガイド【2024年版】", "seoとは-初心者向けガイド-2024年版"),
    ("ja", "Ｃａｆé　東京・カフェ巡り", "cafe-東京-カフェ巡り"),
    (
        "ko",
        "검색 엔진 최적화(SEO)란 무엇인가? 완벽 가이드",
        "검색-엔진-최적화-seo-란-무엇인가-완벽-가이드",
    ),
    ("zh", "什么是SEO？搜索引擎优化完整指南（2024年）", "什么是seo-搜索引擎优化完整指南-2024年"),
]


@pytest.mark.parametrize(("language", "title", "expected"), TITLES)
def test_slugify_real_titles(language: str, title: str, expected: str) -> None:
    slug = slugify(title, language)
    assert slug == expected
    assert slug_problem(slug, language) is None
    assert slugify(slug, language) == slug


def test_every_language_has_a_title() -> None:
    assert {language for language, _, _ in TITLES} == set(LANGUAGES)


def test_german_transliteration_is_only_for_german() -> None:
    assert slugify("Müller Straße", "de") == "mueller-strasse"
    # WordPress's default remove_accents() table: ü -> u, ß -> s.
    assert slugify("Müller Straße", "en") == "muller-strase"


def test_latin_letters_in_other_scripts_lose_accents_like_wordpress() -> None:
    assert slugify("Café Noir مقهى", "ar") == "cafe-noir-مقهى"


def test_latin_slug_drops_letters_it_cannot_transliterate() -> None:
    slug = slugify("Tokyo 東京 travel", "en")
    assert slug == "tokyo-travel"
    assert slug.isascii()


def test_slugify_of_only_punctuation_is_empty() -> None:
    assert slugify("?!… — ;", "en") == ""
    assert slug_problem("", "en") is not None


def test_wordpress_slug_percent_encodes_lowercase_utf8() -> None:
    assert wordpress_slug("seo-guide") == "seo-guide"
    assert wordpress_slug("سئو-۱") == "%d8%b3%d8%a6%d9%88-%db%b1"
    assert wordpress_slug("東京") == "%e6%9d%b1%e4%ba%ac"


@pytest.mark.parametrize(
    ("slug", "language", "words"),
    [
        ("Hello-World", "en", ["uppercase", "'hello-world'"]),
        ("hello world", "en", ["spaces"]),
        ("hello_world", "en", ["underscores"]),
        ("-hello-", "en", ["starts or ends with a hyphen"]),
        ("hello--world", "en", ["double hyphens"]),
        ("größe", "de", ["non-ASCII", "'groesse'"]),
        ("hello!", "en", ["'!'"]),
        ("سئو ر", "fa", ["spaces", "'سئو-ر'"]),
        ("東京_カフェ", "ja", ["underscores"]),
        ("東京--カフェ", "ja", ["double hyphens"]),
        ("東京・カフェ", "ja", ["'・'"]),
        ("ＳＥＯ-ガイド", "ja", ["uppercase"]),
        ("\u0301abc", "ko", ["not letters"]),
        ("\u1100\u1161", "ko", ["NFC"]),
    ],
)
def test_slug_problem_names_the_problem(slug: str, language: str, words: list[str]) -> None:
    problem = slug_problem(slug, language)
    assert problem is not None
    assert "a valid slug is" in problem
    for word in words:
        assert word in problem


def test_unicode_letters_are_valid_only_outside_latin_languages() -> None:
    assert slug_problem("東京-カフェ", "ja") is None
    assert slug_problem("東京-カフェ", "en") is not None


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown language 'xx'"):
        slugify("Hello", "xx")


@pytest.mark.parametrize(
    ("language", "word"),
    [("en", "optimisation "), ("fa", "بهینه‌سازی "), ("ja", "検索"), ("ko", "검색 ")],
)
def test_long_titles_fit_the_encoded_limit(language: str, word: str) -> None:
    slug = slugify(word * 100, language)
    encoded = len(wordpress_slug(slug))
    assert encoded <= SLUG_MAX_BYTES
    assert encoded > SLUG_MAX_BYTES // 2
    assert slug_problem(slug, language) is None
    assert slugify(slug, language) == slug
    if " " in word:
        # Cut between words, never inside one.
        assert slug.split("-")[-1] == slugify(word, language).split("-")[0]


def test_truncation_keeps_a_letter_with_its_combining_mark() -> None:
    # Devanagari vowel signs are combining marks; a cut must not separate them from the letter.
    slug = slugify("कि" * 50, "ja")
    assert len(wordpress_slug(slug)) <= SLUG_MAX_BYTES
    assert slug.endswith("कि")


def test_too_long_slug_is_a_problem() -> None:
    problem = slug_problem("東" * 23, "zh")
    assert problem is not None
    assert "207 bytes" in problem


def test_slugify_is_idempotent_on_random_text() -> None:
    rng = random.Random(20240611)  # noqa: S311 - a reproducible sample, not a secret
    alphabet = (
        "abcXYZ019 -_.,'’!?&/×ßäöüÄÖÜéñçøæœłđ"
        "سئوکی\u200c\u200d\u064e\u0651ـ۱٢"
        "東京カタカナーひらがな々・。、「」（）ＡＢ１"
        "한국어검색"
        "\u0301\u0308\u00a0\u2013\u2014\u3000"
    )
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        for language in LANGUAGES:
            slug = slugify(text, language)
            assert slugify(slug, language) == slug, (text, language)
            if slug:
                assert slug_problem(slug, language) is None, (text, language, slug)


_WORDPRESS = Path("/usr/share/wordpress/wp-includes")
_PHP_SLUG = """<?php
// sanitize_title() as WordPress runs it on save: remove_accents(), then the dashes filter.
function apply_filters($tag, $value, ...$args) { return $value; }
function get_locale() { return getenv('WP_LOCALE'); }
function mbstring_binary_safe_encoding($reset = false) {}
function reset_mbstring_encoding() {}
require getenv('WP_INCLUDES') . '/formatting.php';
$out = array();
foreach (json_decode(stream_get_contents(STDIN), true) as $title) {
    $out[] = sanitize_title_with_dashes(remove_accents($title), '', 'save');
}
echo json_encode($out);
"""


@pytest.mark.skipif(
    shutil.which("php") is None or not (_WORDPRESS / "formatting.php").is_file(),
    reason="needs php and the Debian wordpress package",
)
@pytest.mark.parametrize(
    ("language", "locale"), [("en", "en_US"), ("de", "de_DE"), ("fr", "fr_FR")]
)
def test_latin_slugs_equal_wordpress_sanitize_title(
    tmp_path: Path, language: str, locale: str
) -> None:
    # Titles without underscores or untransliterable symbols, where WordPress's slug is
    # already one our rules accept, so the two must agree exactly.
    titles = [title for lang, title, _ in TITLES if lang in {"en", "de", "es", "fr", "it"}] + [
        "Über 50% Rabatt auf Öl & Gemüse!",
        "Straße, Fluß und Maß: 3×4 Regeln",
        "Crème brûlée — la recette « facile » de Noël",
        "Rock'n'Roll: Q&A mit AT&T",
        "A/B testing vs. multivariate testing",
        "10:30 Uhr — Ænima, Øresund, Łódź, Đà Nẵng, İstanbul",
        "  Spaces   everywhere  ",
    ]
    script = tmp_path / "slug.php"
    script.write_text(_PHP_SLUG, encoding="utf-8")
    result = subprocess.run(
        ["php", str(script)],
        input=json.dumps(titles),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env={"WP_INCLUDES": str(_WORDPRESS), "WP_LOCALE": locale, "PATH": "/usr/bin:/bin"},
    )
    theirs = json.loads(result.stdout)
    ours = [slugify(title, language) for title in titles]
    assert ours == theirs
