"""The theme ZIP on the real WordPress of the test session: installed by WordPress's own
theme uploader, activated, and its front page, fonts, templates and 404 served.

The previous theme is switched back and the test theme deleted afterwards, so the other
tests on the shared site see it as it was.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import httpx
from playwright.sync_api import sync_playwright

from presswright.sites.design import SiteDesign, design_site
from presswright.sites.theme import TEMPLATES, SiteInfo, build_theme, theme_json
from tests.wordpress.wordpress_site import RunningWordPress

CHROMIUM = Path(os.environ.get("PW_TEST_CHROMIUM", "/usr/bin/chromium"))
# Runs in the docroot: installs a ZIP with Theme_Upgrader (the code behind Appearance >
# Themes > Upload) and switches to it; or switches back; or reads theme.json as WordPress does.
_PHP = r"""<?php
$args = json_decode($argv[1], true);
require getcwd() . '/wp-load.php';
if ($args['action'] === 'install') {
    require_once ABSPATH . 'wp-admin/includes/file.php';
    require_once ABSPATH . 'wp-admin/includes/misc.php';
    require_once ABSPATH . 'wp-admin/includes/class-wp-upgrader.php';
    $upgrader = new Theme_Upgrader(new Automatic_Upgrader_Skin());
    $result = $upgrader->install($args['zip']);
    if ($result !== true) {
        $errors = is_wp_error($result) ? $result->get_error_messages()
            : $upgrader->skin->get_upgrade_messages();
        fwrite(STDERR, 'install failed: ' . json_encode($errors));
        exit(1);
    }
    $previous = get_stylesheet();
    $theme = wp_get_theme($args['slug']);
    if (!$theme->exists() || $theme->errors()) {
        fwrite(STDERR, 'theme broken: ' . json_encode($theme->errors()));
        exit(1);
    }
    switch_theme($args['slug']);
    echo json_encode(array('previous' => $previous, 'active' => get_option('stylesheet'),
        'block_theme' => $theme->is_block_theme(), 'name' => $theme->get('Name')));
} elseif ($args['action'] === 'restore') {
    switch_theme($args['previous']);
    require_once ABSPATH . 'wp-admin/includes/file.php';
    require_once ABSPATH . 'wp-admin/includes/theme.php';
    $deleted = delete_theme($args['slug']);
    echo json_encode(array('active' => get_option('stylesheet'), 'deleted' => $deleted === true));
} elseif ($args['action'] === 'editor-user') {
    $id = wp_insert_user(array('user_login' => $args['login'], 'user_pass' => $args['password'],
        'user_email' => $args['login'] . '@example.com', 'role' => 'administrator'));
    if (is_wp_error($id)) { fwrite(STDERR, $id->get_error_message()); exit(1); }
    echo json_encode(array('id' => $id));
} elseif ($args['action'] === 'delete-user') {
    require_once ABSPATH . 'wp-admin/includes/user.php';
    echo json_encode(array('deleted' => wp_delete_user($args['id'])));
} else {
    $raw = json_decode(file_get_contents($args['file']), true);
    $kept = new WP_Theme_JSON($raw);
    echo json_encode(array('kept' => $kept->get_raw_data()));
}
"""


def _php(site: RunningWordPress, tmp_path: Path, **args: Any) -> dict[str, Any]:
    script = tmp_path / "theme-tool.php"
    script.write_text(_PHP, encoding="utf-8")
    done = subprocess.run(
        ["php", "-d", "display_errors=stderr", "-d", "error_reporting=E_ERROR", str(script),
         json.dumps(args)],
        cwd=site.docroot, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr or done.stdout
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@contextmanager
def _active_theme(
    site: RunningWordPress, tmp_path: Path, design: SiteDesign, name: str
) -> Iterator[tuple[str, dict[str, Any]]]:
    bundle = build_theme(design, SiteInfo(name=name), font_cache=tmp_path / "fonts")
    archive = tmp_path / f"{bundle.slug}.zip"
    archive.write_bytes(bundle.zip())
    installed = _php(site, tmp_path, action="install", zip=str(archive), slug=bundle.slug)
    try:
        yield bundle.slug, installed
    finally:
        restored = _php(
            site, tmp_path, action="restore", previous=installed["previous"], slug=bundle.slug
        )
        assert restored["active"] == installed["previous"] and restored["deleted"]


def _font_urls(html: str, slug: str) -> list[str]:
    faces = re.findall(r"@font-face\s*\{[^}]*\}", html)
    assert faces, "no @font-face rule on the page"
    return re.findall(rf"url\('([^']*/themes/{re.escape(slug)}/assets/fonts/[^']+)'\)", html)


def test_the_theme_installs_activates_and_renders_its_tokens(
    wordpress: RunningWordPress, tmp_path: Path
) -> None:
    design = design_site(language="en", style_words="warm, earthy, modern").design
    with _active_theme(wordpress, tmp_path, design, "Harbour Bakery") as (slug, installed):
        assert installed["active"] == slug and installed["block_theme"]
        assert installed["name"] == "Harbour Bakery"
        page = httpx.get(f"{wordpress.url}/", timeout=30, follow_redirects=True)
        assert page.status_code == 200
        html = page.text
        for slot in type(design.palette).model_fields:
            value = design.palette.color(slot)  # type: ignore[arg-type]
            assert f"--wp--preset--color--{slot.replace('_', '-')}: {value}" in html, slot
        assert "--wp--preset--font-family--heading:" in html
        assert f'"{design.fonts.body.name}"' in html
        urls = _font_urls(html, slug)
        assert len(urls) == 2 * len(design.fonts.families())
        assert len(set(urls)) == len(urls)  # each face declared once
        font = httpx.get(urljoin(wordpress.url, urls[0]), timeout=30)
        assert font.status_code == 200 and font.content[:4] == b"wOF2"
        assert f"/themes/{slug}/style.css" in html  # functions.php enqueued the stylesheet
        assert "wp-block-site-title" in html and "<main" in html
        assert 'lang="en' in html
        templates = wordpress.rest("GET", "/wp/v2/templates").json()
        ids = {template["id"] for template in templates}
        assert {f"{slug}//{name}" for name in TEMPLATES} <= ids
        parts = wordpress.rest("GET", "/wp/v2/template-parts").json()
        assert {f"{slug}//header", f"{slug}//footer"} <= {part["id"] for part in parts}
        missing = httpx.get(f"{wordpress.url}/no-such-page-{slug}/", timeout=30)
        assert missing.status_code == 404 and "Page not found" in missing.text


def test_a_persian_theme_sets_the_direction_and_ships_arabic_script_fonts(
    wordpress: RunningWordPress, tmp_path: Path
) -> None:
    design = design_site(language="fa", style_words="elegant").design
    with _active_theme(wordpress, tmp_path, design, "نانوایی سحر") as (slug, _installed):
        html = httpx.get(f"{wordpress.url}/", timeout=30, follow_redirects=True).text
        assert '<html lang="fa" dir="rtl"' in html
        assert f'"{design.fonts.body.name}"' in html and design.fonts.script == "arabic"
        urls = _font_urls(html, slug)
        assert any("arabic" in url for url in urls) and any("noto-serif" in url for url in urls)
        missing = httpx.get(f"{wordpress.url}/no-such-page-{slug}/", timeout=30)
        assert missing.status_code == 404 and "صفحه پیدا نشد" in missing.text


# Runs in the site editor: every template and part WordPress serves for the active theme,
# parsed and validated by the editor's own block code (what decides the recovery prompt).
_EDITOR_CHECK = """async (slug) => {
  const problems = [];
  const walk = (blocks, where) => {
    for (const block of blocks) {
      if (block.name === 'core/missing' || !block.isValid) {
        problems.push(where + ': ' + block.name + ' invalid');
      }
      walk(block.innerBlocks, where);
    }
  };
  const seen = [];
  for (const kind of ['templates', 'template-parts']) {
    const items = await wp.apiFetch({ path: '/wp/v2/' + kind + '?context=edit' });
    for (const item of items.filter((i) => i.theme === slug)) {
      seen.push(item.slug);
      walk(wp.blocks.parse(item.content.raw), item.slug);
    }
  }
  return { seen, problems };
}"""


def test_the_site_editor_opens_every_template_without_a_recovery_prompt(
    wordpress: RunningWordPress, tmp_path: Path
) -> None:
    design = design_site(language="de", style_words="fresh").design
    password = secrets.token_urlsafe(16)
    login = f"editor-{secrets.token_hex(4)}"
    user = _php(wordpress, tmp_path, action="editor-user", login=login, password=password)
    try:
        with (
            _active_theme(wordpress, tmp_path, design, "Gärtnerei Grün") as (slug, _installed),
            sync_playwright() as driver,
        ):
            browser = driver.chromium.launch(
                executable_path=str(CHROMIUM), args=["--disable-gpu", "--disable-dev-shm-usage"]
            )
            try:
                page = browser.new_page()
                page.goto(f"{wordpress.url}/wp-login.php")
                page.fill("#user_login", login)
                page.fill("#user_pass", password)
                page.click("#wp-submit")
                page.wait_for_url("**/wp-admin/**")
                page.goto(f"{wordpress.url}/wp-admin/site-editor.php", timeout=120_000)
                page.wait_for_function(
                    "() => window.wp && wp.blocks && wp.apiFetch"
                    " && wp.blocks.getBlockTypes().length > 50",
                    timeout=120_000,
                )
                found = page.evaluate(_EDITOR_CHECK, slug)
            finally:
                browser.close()
        assert set(found["seen"]) == {*TEMPLATES, "header", "footer"}
        assert found["problems"] == []
    finally:
        _php(wordpress, tmp_path, action="delete-user", id=user["id"])


def test_wordpress_reads_every_key_of_theme_json(
    wordpress: RunningWordPress, tmp_path: Path
) -> None:
    """WP_Theme_JSON drops what it does not know; only the v3-only switches may go."""
    written = theme_json(design_site(language="ja", style_words="calm").design)
    document = tmp_path / "theme.json"
    document.write_text(json.dumps(written), encoding="utf-8")
    kept = _unwrap_origins(_php(wordpress, tmp_path, action="read", file=str(document))["kept"])
    dropped = sorted(_paths(written) - _paths(kept))
    # appearanceTools is read by expanding it into the settings it stands for.
    assert kept["settings"]["color"]["link"] is True
    assert kept["settings"]["spacing"]["padding"] is True
    dropped.remove("settings.appearanceTools")
    # WordPress 6.1 (schema 2) does not know these two v3 switches; 6.6+ does. Without them
    # it behaves the same: a theme's presets replace the default ones of the same slug.
    v3_only = [
        "settings.spacing.defaultSpacingSizes",
        "settings.typography.defaultFontSizes",
    ]
    wordpress_version = _wordpress_version(wordpress)
    allowed = v3_only if wordpress_version < (6, 6) else []
    assert [path for path in dropped if path not in allowed and path != "$schema"] == []


def _unwrap_origins(node: Any) -> Any:
    """Presets come back keyed by origin ({"theme": [...]}): the list itself, as written."""
    if isinstance(node, dict):
        if set(node) == {"theme"} and isinstance(node["theme"], list):
            return [_unwrap_origins(item) for item in node["theme"]]
        return {key: _unwrap_origins(value) for key, value in node.items()}
    return node


def _paths(node: Any, prefix: str = "") -> set[str]:
    if isinstance(node, dict):
        found: set[str] = set()
        for key, value in node.items():
            path = f"{prefix}.{key}" if prefix else key
            found |= {path} | _paths(value, path)
        return found
    if isinstance(node, list) and node and isinstance(node[0], dict):
        return set().union(*(_paths(item, f"{prefix}[]") for item in node))
    return set()


def _wordpress_version(site: RunningWordPress) -> tuple[int, int]:
    text = (site.docroot / "wp-includes/version.php").read_text(encoding="utf-8")
    match = re.search(r"\$wp_version = '(\d+)\.(\d+)", text)
    assert match
    return int(match.group(1)), int(match.group(2))
