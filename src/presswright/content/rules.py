"""The SEO contract of generated content: every rule, each broken one named as a Violation.

Messages say what is wrong and what would be right, because they are quoted back to the
model in repair re-asks and printed by ``presswright check``. Rule ids are stable.
"""

from __future__ import annotations

import itertools

from pydantic import ValidationError

from presswright.content.body_html import count_words, normalize_space, read_body
from presswright.content.field_rules import (
    contains_keyword,
    fold_text,
    keyword_problems,
    language_problems,
    length_problems,
    meta_problems,
    violation,
)
from presswright.content.models import (
    SHORT_DESCRIPTION_MAX_WORDS,
    ContentData,
    ContentRequest,
    ProductCopy,
    ProductFacts,
)
from presswright.content.quality_fields import (
    article_quality_problems,
    product_quality_problems,
)
from presswright.content.sanitize import is_sanitized, lost_text
from presswright.content.schema_ld import (
    article_language,
    extract_faq,
    has_faq_node,
    ld_problems,
)
from presswright.content.violations import Violation

__all__ = [
    "EXCERPT_MAX",
    "IMAGE_ALT_MAX",
    "IMAGE_ALT_MIN",
    "TAGS_MAX",
    "TITLE_MAX",
    "check_article",
    "check_article_json",
    "check_product",
    "check_product_json",
    "contains_keyword",
]

TITLE_MAX = 200
EXCERPT_MAX = 300
TAGS_MAX = 20
IMAGE_ALT_MIN = 5
IMAGE_ALT_MAX = 125


def _heading_problems(data: ContentData, body: list[tuple[int, str]]) -> list[Violation]:
    problems: list[Violation] = []
    declared = [(heading.level, normalize_space(heading.text)) for heading in data.headings]
    if declared != body:
        shown = ", ".join(f"h{level} {text!r}" for level, text in body) or "none"
        problems.append(
            violation(
                "headings",
                "headings_match",
                "the headings list does not match the headings of body_html; list exactly"
                f" the body's headings in order: {shown}",
            )
        )
    if any(level == 1 for level, _ in body):
        problems.append(
            violation(
                "body_html",
                "heading_h1",
                "body_html contains an h1, but the title is the page's only h1; use h2 for"
                " the top-level sections",
            )
        )
    if body and body[0][0] > 2:
        problems.append(
            violation(
                "body_html",
                "heading_first_level",
                f"the first heading of body_html is h{body[0][0]} {body[0][1]!r}; the first"
                " heading must be an h2",
            )
        )
    for level, text in body:
        if not text:
            problems.append(
                violation(
                    "body_html",
                    "heading_empty",
                    f"body_html has an empty h{level} heading; give it the words of its"
                    " section's subject, or remove it",
                )
            )
    for (before, _), (level, text) in itertools.pairwise(body):
        if level > before + 1:
            problems.append(
                violation(
                    "body_html",
                    "heading_skip",
                    f"heading h{level} {text!r} follows an h{before}, skipping a level;"
                    f" make it an h{before + 1}",
                )
            )
    return problems


def _link_problems(data: ContentData, request: ContentRequest | None) -> list[Violation]:
    problems: list[Violation] = []
    anchors = read_body(data.body_html).links
    allowed = {link.url for link in request.site_index} if request else set()
    seen: set[str] = set()
    for index, link in enumerate(data.internal_links):
        field = f"internal_links[{index}]"
        texts = [text for href, text in anchors if href == link.url]
        if not texts:
            problems.append(
                violation(
                    f"{field}.url",
                    "internal_link_in_body",
                    f"internal link {link.url!r} is not in body_html; link it there as"
                    f' <a href="{link.url}">{link.anchor}</a> or remove it from'
                    " internal_links",
                )
            )
        elif normalize_space(link.anchor) not in texts:
            problems.append(
                violation(
                    f"{field}.anchor",
                    "internal_link_anchor",
                    f"internal link {link.url!r} has anchor {link.anchor!r} but body_html"
                    f" links it with the text {texts[0]!r}; make the two the same",
                )
            )
        if allowed and link.url not in allowed:
            problems.append(
                violation(
                    f"{field}.url",
                    "internal_link_site_index",
                    f"internal link {link.url!r} is not a page of the site; link only to"
                    f" urls of the site index, e.g. {sorted(allowed)[0]!r}",
                )
            )
        if link.url in seen:
            problems.append(
                violation(
                    f"{field}.url",
                    "internal_link_duplicate",
                    f"internal link {link.url!r} is listed more than once; keep one entry per url",
                )
            )
        seen.add(link.url)
    return problems


def _ld_problems(data: ContentData) -> list[Violation]:
    ld = data.schema_ld_json
    problems = ld_problems(ld)
    if any(problem.rule in {"ld_not_json", "ld_shape"} for problem in problems):
        return problems
    path, value = article_language(ld) or ("", None)
    # A missing inLanguage is already reported by ld_problems.
    if isinstance(value, str) and value.strip() and value != data.language:
        where = f"schema_ld_json{'' if path.startswith('[') else '.'}{path}".rstrip(".")
        problems.append(
            violation(
                f"{where}.inLanguage",
                "ld_language",
                f"the JSON-LD inLanguage is {value!r}; it must be the article's language"
                f" {data.language!r}",
            )
        )
    has_faq_section = bool(extract_faq(data.body_html))
    if has_faq_section != has_faq_node(ld):
        message = (
            "body_html has a FAQ section but the JSON-LD has no FAQPage; add a FAQPage with"
            " its questions and answers"
            if has_faq_section
            else "the JSON-LD has a FAQPage but body_html has no FAQ section (an h2 such as"
            " 'Frequently asked questions' followed by h3 questions); remove the FAQPage"
        )
        problems.append(violation("schema_ld_json", "ld_faq_match", message))
    return problems


def check_article(data: ContentData, request: ContentRequest | None = None) -> list[Violation]:
    """Every contract rule an article breaks, in a stable order; empty when it passes."""
    problems = length_problems("title", "title_length", data.title, 1, TITLE_MAX, "title")
    problems += length_problems(
        "excerpt", "excerpt_length", data.excerpt, 1, EXCERPT_MAX, "excerpt"
    )
    problems += meta_problems(data.meta, data.language)
    body = read_body(data.body_html)
    keywords = request.keywords if request is not None else data.keywords
    problems += keyword_problems(
        keywords,
        title=data.title,
        meta=data.meta,
        lead_field="body_html",
        lead_rule="keyword_in_first_paragraph",
        lead=body.first_paragraph,
        lead_what="first paragraph of body_html",
    )
    problems += _heading_problems(data, list(body.headings))
    if not is_sanitized(data.body_html):
        problems.append(
            violation(
                "body_html",
                "body_sanitized",
                "body_html contains markup the sanitizer removes (scripts, styles, event"
                " handlers or tags outside the WordPress post allowlist); use plain"
                " <p>, <h2>-<h6>, <ul>, <ol>, <li>, <a href>, <strong> and <em>",
            )
        )
    problems += _lost_text_problems("body_html", "body_text_lost", data.body_html)
    if not body.text:
        problems.append(
            violation("body_html", "body_empty", "body_html has no text; write the article body")
        )
    problems += _link_problems(data, request)
    problems += _ld_problems(data)
    problems += language_problems(
        data.language, request.language if request else None, body.text, "body_html"
    )
    problems += _without_repeated_language(article_quality_problems(data, request), problems)
    if not data.outline:
        problems.append(
            violation("outline", "outline_empty", "the outline is empty; list the section titles")
        )
    problems += [
        violation(f"outline[{index}]", "outline_entry_empty", f"outline entry {index + 1} is empty;"
           " give every entry a section title or remove it")
        for index, entry in enumerate(data.outline)
        if not entry.strip()
    ]  # fmt: skip
    return problems


def check_product(data: ProductCopy, facts: ProductFacts | None = None) -> list[Violation]:
    """Every contract rule a product copy breaks, in a stable order; empty when it passes."""
    problems = length_problems("title", "title_length", data.title, 1, TITLE_MAX, "title")
    words = count_words(data.short_description)
    if not data.short_description.strip():
        problems.append(
            violation(
                "short_description",
                "short_description_length",
                f"the short description is empty; write one to {SHORT_DESCRIPTION_MAX_WORDS} words",
            )
        )
    elif words > SHORT_DESCRIPTION_MAX_WORDS:
        problems.append(
            violation(
                "short_description",
                "short_description_length",
                f"the short description has {words} words; shorten it to at most"
                f" {SHORT_DESCRIPTION_MAX_WORDS}",
            )
        )
    long_text = read_body(data.long_description_html).text
    if not is_sanitized(data.long_description_html):
        problems.append(
            violation(
                "long_description_html",
                "long_description_sanitized",
                "long_description_html contains markup the sanitizer removes; use plain <p>,"
                " <ul>, <li>, <strong> and <em>",
            )
        )
    problems += _lost_text_problems(
        "long_description_html", "long_description_text_lost", data.long_description_html
    )
    if not long_text:
        problems.append(
            violation(
                "long_description_html",
                "long_description_empty",
                "long_description_html has no text; describe the product",
            )
        )
    problems += [
        violation(f"feature_bullets[{index}]", "feature_bullet_empty", f"feature bullet {index + 1}"
           " is empty; state one feature of the product or remove the bullet")
        for index, bullet in enumerate(data.feature_bullets)
        if not bullet.strip()
    ]  # fmt: skip
    problems += meta_problems(data.meta, data.language)
    keywords = facts.keywords if facts is not None else data.keywords
    problems += keyword_problems(
        keywords,
        title=data.title,
        meta=data.meta,
        lead_field="short_description",
        lead_rule="keyword_in_short_description",
        lead=data.short_description,
        lead_what="short description",
    )
    problems += _tag_problems(data.tags)
    problems += length_problems(
        "image_alt_text",
        "image_alt_text_length",
        data.image_alt_text,
        IMAGE_ALT_MIN,
        IMAGE_ALT_MAX,
        "image alt text",
    )
    problems += language_problems(
        data.language, facts.language if facts else None, long_text, "long_description_html"
    )
    return problems + _without_repeated_language(product_quality_problems(data, facts), problems)


def _lost_text_problems(field: str, rule: str, html: str) -> list[Violation]:
    """A violation when sanitizing ``html`` would drop text a reader sees, naming that text."""
    lost = lost_text(html)
    if not lost:
        return []
    shown = " ".join(lost[:12]) + (" ..." if len(lost) > 12 else "")
    return [
        violation(
            field,
            rule,
            f"sanitizing {field} would drop {len(lost)} words a reader sees ({shown!r}):"
            " markup the sanitizer cannot read, such as a quote left open in a tag, SVG or"
            " MathML, or a stray '<', hides them; write that text as plain paragraphs",
        )
    ]


def _without_repeated_language(
    quality: list[Violation], earlier: list[Violation]
) -> list[Violation]:
    """The quality violations, less the per-paragraph language ones a whole-body one covers."""
    judged = {problem.field for problem in earlier if problem.rule == "language_detected"}
    return [
        problem
        for problem in quality
        if not (problem.rule == "quality_language" and problem.field in judged)
    ]


def _tag_problems(tags: list[str]) -> list[Violation]:
    problems: list[Violation] = []
    if not 1 <= len(tags) <= TAGS_MAX:
        problems.append(
            violation("tags", "tags_count", f"there are {len(tags)} tags; give 1 to {TAGS_MAX}")
        )
    seen: set[str] = set()
    for index, tag in enumerate(tags):
        folded = fold_text(tag)
        if not folded:
            problems.append(
                violation(f"tags[{index}]", "tag_empty", f"tag {index + 1} is empty; remove it")
            )
        elif folded in seen:
            problems.append(
                violation(
                    f"tags[{index}]",
                    "tag_duplicate",
                    f"tag {tag!r} repeats an earlier tag; keep each tag once",
                )
            )
        seen.add(folded)
    return problems


def _loc(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(document)"


def _shape_violations(error: ValidationError, contract: str) -> list[Violation]:
    violations: list[Violation] = []
    for item in error.errors(include_url=False):
        field = _loc(item["loc"])
        if item["type"] == "missing":
            message = f"{field} is missing; add it as the {contract} contract requires"
        elif item["type"] == "extra_forbidden":
            message = f"{field} is not part of the {contract} contract; remove it"
        else:
            message = f"{field}: {item['msg']}"
        violations.append(violation(field, "shape", message))
    return violations


def check_article_json(raw: object) -> list[Violation]:
    """Shape violations of parsed article JSON, or every contract rule when the shape is valid."""
    try:
        data = ContentData.model_validate(raw)
    except ValidationError as error:
        return _shape_violations(error, "article")
    return check_article(data)


def check_product_json(raw: object) -> list[Violation]:
    """Shape violations of parsed product JSON, or every contract rule when the shape is valid."""
    try:
        data = ProductCopy.model_validate(raw)
    except ValidationError as error:
        return _shape_violations(error, "product")
    return check_product(data)
