"""`presswright article|product|check`, run as a user runs them: bad input is one line, exit 1."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_setup_commands import assert_one_line_error, run


def test_a_too_short_topic_is_refused_in_one_line(tmp_path: Path) -> None:
    done = run("article", "abc", env={"PRESSWRIGHT_HOME": str(tmp_path / "home")})
    assert_one_line_error(done, "invalid article brief", "topic")
    assert not (tmp_path / "home").exists()  # refused before anything was created


def test_an_unknown_format_and_language_are_refused(tmp_path: Path) -> None:
    env = {"PRESSWRIGHT_HOME": str(tmp_path / "home")}
    assert_one_line_error(run("article", "Sourdough bread", "--format", "pdf", env=env), "pdf")
    assert_one_line_error(
        run("article", "Sourdough bread", "--language", "xx", env=env), "language"
    )


def test_product_facts_that_are_not_json_are_refused(tmp_path: Path) -> None:
    facts = tmp_path / "facts.json"
    facts.write_text("{name: apron", encoding="utf-8")
    assert_one_line_error(run("product", str(facts)), "is not valid JSON")
    facts.write_text(json.dumps({"name": "Apron"}), encoding="utf-8")
    assert_one_line_error(run("product", str(facts)), "invalid product facts", "category")


def test_check_article_prints_every_violation(tmp_path: Path) -> None:
    broken = {
        "language": "en",
        "title": "Sourdough",
        "excerpt": "Bread.",
        "outline": ["Starter"],
        "body_html": "<h3>Starter</h3><p>Feed it.</p><script>x()</script>",
        "meta": {"seo_title": "S" * 70, "meta_desc": "Too short.", "slug": "Not A Slug"},
        "headings": [],
        "internal_links": [],
        "schema_ld_json": {},
        "keywords": ["sourdough bread"],
    }
    path = tmp_path / "article.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    done = run("check", "article", str(path))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    rules = {line.rsplit("[", 1)[-1].rstrip("]") for line in lines}
    assert {"meta_desc_length", "slug", "body_sanitized"} <= rules, lines
    assert any(line.startswith(f"{path}: meta.seo_title:") for line in lines)
    assert len(lines) >= 6


def test_check_article_accepts_a_valid_article(tmp_path: Path) -> None:
    from tests.content.samples import english_article

    path = tmp_path / "article.json"
    path.write_text(english_article().model_dump_json(), encoding="utf-8")
    done = run("check", "article", str(path))
    assert done.returncode == 0, done.stderr
    assert "meets every rule" in done.stdout


def test_every_format_renders_a_checked_article() -> None:
    from presswright.cli.content_commands import FORMATS, render
    from tests.content.samples import english_article

    article = english_article()
    rendered = {fmt: render(article, fmt) for fmt in FORMATS}
    assert json.loads(rendered["json"])["title"] == article.title
    assert (
        rendered["html"].startswith("<!DOCTYPE html>") and "application/ld+json" in rendered["html"]
    )
    assert rendered["gutenberg"].startswith("<!-- wp:")
    assert rendered["md"].startswith(f"# {article.title}")


def _pattern(heading: str, paragraph: str) -> dict[str, object]:
    inner = [
        {"type": "heading", "level": 2, "text": heading},
        {"type": "paragraph", "text": paragraph},
        {"type": "buttons", "inner": [{"type": "button", "text": "Jetzt buchen", "url": "#"}]},
    ]
    return {
        "title": "Kurs",
        "category": "call-to-action",
        "blocks": [{"type": "group", "inner": inner}],
    }


def test_check_pattern_judges_the_text_too(tmp_path: Path) -> None:
    path = tmp_path / "pattern.json"
    garbage = _pattern(
        "One short email every Friday.",
        "./10.2,4836597-2022-11-01T18:47:54Z+s/-SJBKDgVbWfjwcAxNzFaYhGnMdCiL/IAM.com, 23 Dec",
    )
    path.write_text(json.dumps(garbage), encoding="utf-8")
    done = run("check", "pattern", str(path), "--language", "en")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    rules = {line.rsplit("[", 1)[-1].rstrip("]") for line in done.stderr.strip().splitlines()}
    assert {"quality_prompt_leak", "quality_junk"} <= rules, done.stderr

    good = _pattern(
        "Yoga am Morgen",
        "Starte entspannt in den Tag: Unsere Kurse am Morgen dauern eine Stunde und passen"
        " für alle, die gerade erst mit Yoga beginnen.",
    )
    path.write_text(json.dumps(good), encoding="utf-8")
    done = run("check", "pattern", str(path))
    assert done.returncode == 0, done.stderr
    # Judged as German by default: in English the same text fails.
    assert run("check", "pattern", str(path), "--language", "en").returncode == 1
