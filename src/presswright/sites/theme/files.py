"""The theme's text files besides theme.json and the templates: style.css (the header
WordPress reads, and what theme.json cannot say), rtl.css, functions.php and readme.txt.

style.css uses logical properties only (``margin-inline``, ``border-inline-start``), so one
stylesheet serves both directions; rtl.css (loaded by WordPress instead of style.css when the
site's locale is right to left) adds the base direction. functions.php enqueues the stylesheet
(a block theme's style.css is not loaded by itself) and, for an Arabic or Persian site whose
WordPress locale is not, sets ``lang`` and ``dir`` on ``<html>`` from the theme's language;
it gives pages an excerpt (a deploy writes the meta description there) and prints
``<meta name="description">`` from it on single pages unless Yoast SEO or Rank Math is active.
Every value written into these files comes from fixed text or is cleaned here: the site's
name reaches only the style.css header, reduced to one line of plain text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["ThemeHeader", "functions_php", "header_text", "readme_txt", "rtl_css", "style_css"]

REQUIRES_WP = "6.1"
TESTED_UP_TO = "6.1"  # the WordPress the tests run (Debian 12's package)
REQUIRES_PHP = "7.4"

_RULES = """
/* Focus is always visible: a 2px ring in the text colour (4.5:1 on the background). */
:where(a, button, input, select, textarea, summary, .wp-element-button):focus-visible {
\toutline: 2px solid var(--wp--preset--color--contrast);
\toutline-offset: 2px;
}

/* The footer stays at the bottom of a short page. */
.wp-site-blocks {
	display: flex;
	flex-direction: column;
	min-height: 100vh;
	min-height: 100dvh;
}

.wp-site-blocks > main {
	flex-grow: 1;
}

.site-header {
\tpadding-block: var(--wp--preset--spacing--40);
}

.site-main {
\tmargin-block: var(--wp--preset--spacing--60);
}

.site-footer {
\tpadding-block: var(--wp--preset--spacing--60);
\tmargin-block-start: var(--wp--preset--spacing--70);
}

.post-meta {
\tcolor: var(--wp--preset--color--muted);
\tfont-size: var(--wp--preset--font-size--small);
}

.wp-block-quote {
\tborder-inline-start: 4px solid var(--wp--preset--color--accent);
\tpadding-inline-start: var(--wp--preset--spacing--40);
\tmargin-inline: 0;
}

/* Form fields in the palette: text 4.5:1 on the page, a border at least 3:1 (WCAG 1.4.11). */
.wp-block-search__input,
input:where([type="text"], [type="email"], [type="search"], [type="url"], [type="tel"]),
textarea {
	background-color: var(--wp--preset--color--base);
	color: var(--wp--preset--color--contrast);
	border: 1px solid var(--wp--preset--color--muted);
}

/* The mobile menu overlay takes the page's colours (over WordPress's white and black). */
.site-header .wp-block-navigation:not(.has-background)
	.wp-block-navigation__responsive-container.is-menu-open {
	background-color: var(--wp--preset--color--base);
}

.site-header .wp-block-navigation:not(.has-text-color)
	.wp-block-navigation__responsive-container.is-menu-open {
	color: var(--wp--preset--color--contrast);
}

.wp-block-navigation .wp-block-navigation-item__content {
\tpadding-block: 0.5rem;
}

img {
\tmax-width: 100%;
\theight: auto;
}
"""

_RTL_RULES = """
body {
\tdirection: rtl;
\tunicode-bidi: embed;
}
"""


def header_text(value: str, *, limit: int = 100) -> str:
    """One line of plain text for a stylesheet header: no controls, no comment end, trimmed."""
    cleaned = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in value)
    cleaned = re.sub(r"\s+", " ", cleaned.replace("*/", " ").replace("/*", " ")).strip()
    return cleaned[:limit].strip()


@dataclass(frozen=True)
class ThemeHeader:
    """What the style.css header says."""

    name: str
    slug: str
    description: str
    version: str
    rtl: bool


def _header(header: ThemeHeader) -> str:
    tags = "full-site-editing, block-patterns"
    if header.rtl:
        tags += ", rtl-language-support"
    lines = [
        f"Theme Name: {header_text(header.name)}",
        "Author: Presswright",
        f"Description: {header_text(header.description, limit=300)}",
        f"Requires at least: {REQUIRES_WP}",
        f"Tested up to: {TESTED_UP_TO}",
        f"Requires PHP: {REQUIRES_PHP}",
        f"Version: {header.version}",
        "License: GNU General Public License v2 or later",
        "License URI: https://www.gnu.org/licenses/gpl-2.0.html",
        f"Text Domain: {header.slug}",
        f"Tags: {tags}",
    ]
    return "/*\n" + "\n".join(lines) + "\n*/\n"


def style_css(header: ThemeHeader) -> str:
    """style.css: the header WordPress reads, then the rules theme.json cannot express."""
    return _header(header) + _RULES


def rtl_css(header: ThemeHeader) -> str:
    """rtl.css: WordPress loads it in place of style.css for a right-to-left locale."""
    return _header(header) + _RULES + _RTL_RULES


def functions_php(slug: str, language: str, *, rtl: bool) -> str:
    """functions.php: enqueue the stylesheet; give <html> the theme's language and direction;
    give pages an excerpt and print it as the meta description when no SEO plugin does."""
    prefix = re.sub(r"[^a-z0-9_]", "_", slug.lower())
    if not re.fullmatch(r"[a-z]{2}", language):
        raise ValueError(f"language {language!r} is not a two-letter code")
    direction = "rtl" if rtl else "ltr"
    return f"""<?php
/**
 * Functions of the {slug} block theme: its stylesheet, the language of its pages and
 * their meta description.
 *
 * @package {slug}
 */

if ( ! defined( 'ABSPATH' ) ) {{
\texit;
}}

/**
 * Loads style.css (rtl.css in its place for a right-to-left locale).
 */
function {prefix}_styles() {{
\t$version = wp_get_theme()->get( 'Version' );
\twp_enqueue_style( '{slug}-style', get_stylesheet_uri(), array(), $version );
\twp_style_add_data( '{slug}-style', 'rtl', 'replace' );
}}
add_action( 'wp_enqueue_scripts', '{prefix}_styles' );

/**
 * The site is written in '{language}' ({direction}): when the WordPress locale is another
 * language, <html> still says the language and direction of the text it holds.
 *
 * @param string $output The lang and dir attributes WordPress prepared.
 * @return string
 */
function {prefix}_language_attributes( $output ) {{
\tif ( 0 === strpos( get_locale(), '{language}' ) ) {{
\t\treturn $output;
\t}}
\treturn 'lang="{language}" dir="{direction}"';
}}
add_filter( 'language_attributes', '{prefix}_language_attributes' );

/**
 * Pages have an excerpt: a deploy writes the page's meta description there.
 */
function {prefix}_page_excerpts() {{
	add_post_type_support( 'page', 'excerpt' );
}}
add_action( 'init', '{prefix}_page_excerpts' );

/**
 * Prints the meta description of a single page or post from its own excerpt, unless
 * Yoast SEO or Rank Math is active (each prints its own).
 */
function {prefix}_meta_description() {{
	if ( ! is_singular() || defined( 'WPSEO_VERSION' ) || defined( 'RANK_MATH_VERSION' ) ) {{
		return;
	}}
	$post = get_queried_object();
	if ( ! $post instanceof WP_Post || '' === trim( $post->post_excerpt ) ) {{
		return;
	}}
	$description = trim( preg_replace( '/\\s+/', ' ', wp_strip_all_tags( $post->post_excerpt ) ) );
	printf( '<meta name="description" content="%s" />' . "\\n", esc_attr( $description ) );
}}
add_action( 'wp_head', '{prefix}_meta_description', 1 );
"""


def readme_txt(header: ThemeHeader, font_notices: list[str]) -> str:
    """readme.txt: what the theme is, and the licences of the fonts it ships."""
    fonts = "\n".join(f"* {notice}" for notice in font_notices)
    return (
        f"=== {header_text(header.name)} ===\n"
        f"Requires at least: {REQUIRES_WP}\nTested up to: {TESTED_UP_TO}\n"
        f"Requires PHP: {REQUIRES_PHP}\nLicense: GPLv2 or later\n\n"
        "A block theme made by Presswright: its palette is checked against WCAG AA for every\n"
        "text and background pair it uses, and its fonts are bundled (no external requests).\n\n"
        f"== Copyright ==\n\nBundled fonts (their licence texts are in assets/fonts/):\n{fonts}\n"
    )
