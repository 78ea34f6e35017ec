"""The quality gate applied to every free-text field of an article or of product copy.

:mod:`presswright.content.rules` calls these; each violation carries the field path the
other rules use (``body_html``, ``meta.meta_desc``, ``feature_bullets[2]``, ``tags[0]``), and
a paragraph or heading of an HTML field is named in the message. The brief (topic,
keywords, site pages, product name and facts) is what the model was given: its words count
as words and never as leaked prompt text, and its URLs may appear.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from presswright.content.body_html import count_words, read_body
from presswright.content.field_rules import violation
from presswright.content.grounding import unsupported_claims
from presswright.content.models import ContentData, ContentRequest, ProductCopy, ProductFacts
from presswright.content.quality import TextKind, repetition_problems, text_problems
from presswright.content.quality_repeats import copied_fields, same_words
from presswright.content.quality_words import function_words
from presswright.content.violations import Violation
from presswright.content.voice import RELATED_LABEL

__all__ = ["article_quality_problems", "names_the_product", "product_quality_problems"]

_Field = tuple[str, str, TextKind, str]  # (field path, text, kind, what to call it)


def _check(
    fields: Iterable[_Field],
    language: str,
    brief: str,
    allowed_urls: list[str],
    *,
    task_talk: bool = False,
) -> list[Violation]:
    problems: list[Violation] = []
    for field, text, kind, label in fields:
        for problem in text_problems(
            field,
            text,
            language,
            kind=kind,
            allowed_urls=allowed_urls,
            brief=brief,
            task_talk=task_talk,
        ):
            message = f"{label}: {problem.message}" if label else problem.message
            problems.append(problem.model_copy(update={"message": message}))
    return problems


def _html_fields(field: str, html: str, language: str) -> list[_Field]:
    body = read_body(html)
    # "Related: <page title>" paragraphs are link labels Presswright adds, not prose.
    related = f"{RELATED_LABEL.get(language, '')}:"
    fields: list[_Field] = [
        (field, text, "short" if text.startswith(related) else "prose", f"paragraph {index + 1}")
        for index, text in enumerate(body.paragraphs)
    ]
    fields += [
        (field, text, "short", f"heading {text!r}") for _, text in body.headings if text.strip()
    ]
    return fields


def _meta_fields(title: str, seo_title: str, meta_desc: str, slug: str) -> list[_Field]:
    return [
        ("title", title, "short", ""),
        ("meta.seo_title", seo_title, "short", ""),
        ("meta.meta_desc", meta_desc, "prose", ""),
        ("meta.slug", slug, "slug", ""),
    ]


def article_quality_problems(
    data: ContentData, request: ContentRequest | None = None
) -> list[Violation]:
    """Quality violations of an article's title, excerpt, body, FAQ, meta and slug."""
    brief_parts = [*data.keywords, *(link.anchor for link in data.internal_links)]
    urls = [link.url for link in data.internal_links]
    if request is not None:
        brief_parts += [request.topic, *request.keywords]
        brief_parts += [page.title for page in request.site_index]
        urls += [page.url for page in request.site_index]
    fields = _meta_fields(data.title, data.meta.seo_title, data.meta.meta_desc, data.meta.slug)
    fields.insert(1, ("excerpt", data.excerpt, "prose", ""))
    fields += _html_fields("body_html", data.body_html, data.language)
    problems = _check(fields, data.language, "\n".join(brief_parts), urls)
    body = read_body(data.body_html)
    # A paragraph or heading that is the title or another part again, or repeats a sentence.
    parts = [("title", "the title", data.title)]
    # A section heading may repeat the title (a style flaw, not junk); nothing else may.
    parts += [
        ("body_html", f"heading {text!r}", text)
        for _, text in body.headings
        if not same_words(text, data.title)
    ]
    parts += [
        ("body_html", f"paragraph {index + 1}", text) for index, text in enumerate(body.paragraphs)
    ]
    return problems + copied_fields(parts)


def _facts_brief(facts: ProductFacts) -> list[str]:
    parts = [facts.name, facts.category, *facts.features, *facts.keywords]
    parts += [f"{key} {value}" for key, value in facts.attributes.items()]
    return parts + [text for text in (facts.price, facts.audience) if text]


def _name_tokens(text: str, language: str) -> set[str]:
    folded = html.unescape(text).casefold()
    common = function_words(language) | function_words("en")
    tokens = {token for token in re.findall(r"[^\W\d_]{3,}", folded) if token not in common}
    # Chinese, Japanese and Korean runs: any two characters stand for the run.
    for run in re.findall(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]{2,}", folded):
        tokens |= {run[i : i + 2] for i in range(len(run) - 1)}
    return tokens


def names_the_product(seo_title: str, facts: ProductFacts, title: str) -> bool:
    """Whether the SEO title says what the product is: a word of its name or of its title."""
    language = facts.language
    wanted = _name_tokens(facts.name, language) | _name_tokens(title, language)
    return bool(wanted & _name_tokens(seo_title, language)) or not wanted


def product_quality_problems(
    data: ProductCopy, facts: ProductFacts | None = None
) -> list[Violation]:
    """Quality violations of product copy: title, descriptions, bullets, tags, alt text, meta."""
    brief_parts = [*data.keywords, *(_facts_brief(facts) if facts is not None else [])]
    fields = _meta_fields(data.title, data.meta.seo_title, data.meta.meta_desc, data.meta.slug)
    fields.insert(1, ("short_description", data.short_description, "prose", ""))
    fields += _html_fields("long_description_html", data.long_description_html, data.language)
    fields += [
        (f"feature_bullets[{index}]", bullet, "short", "")
        for index, bullet in enumerate(data.feature_bullets)
    ]
    fields += [(f"tags[{index}]", tag, "short", "") for index, tag in enumerate(data.tags)]
    fields.append(("image_alt_text", data.image_alt_text, "short", ""))
    problems = _check(fields, data.language, "\n".join(brief_parts), [], task_talk=True)
    named = _name_tokens(facts.name, facts.language) if facts is not None else set()
    if (
        facts is not None
        and named
        and data.title.strip()
        and not named & _name_tokens(data.title, facts.language)
    ):
        problems.append(
            violation(
                "title",
                "title_off_topic",
                f"the title {data.title!r} does not name the product; put its name"
                f" ({facts.name!r}) in it",
            )
        )
    vague = [
        index
        for index, bullet in enumerate(data.feature_bullets)
        if bullet.strip() and (count_words(bullet) < 2 or same_words(bullet, data.title))
    ]
    problems += [
        violation(
            f"feature_bullets[{index}]",
            "feature_bullet_vague",
            f"feature bullet {index + 1} ({data.feature_bullets[index]!r}) states no feature;"
            " say what the product has or does in a few words",
        )
        for index in vague
    ]
    if facts is not None:
        problems += unsupported_claims(data, facts, skip=vague)
    if (
        facts is not None
        and data.meta.seo_title.strip()
        and not names_the_product(data.meta.seo_title, facts, data.title)
    ):
        problems.append(
            violation(
                "meta.seo_title",
                "seo_title_off_topic",
                f"the SEO title {data.meta.seo_title!r} does not name the product; put the"
                f" product's name ({facts.name!r}) or its title in it",
            )
        )
    paragraphs = read_body(data.long_description_html).paragraphs
    problems += repetition_problems("long_description_html", paragraphs)
    problems += repetition_problems("feature_bullets", data.feature_bullets)
    # Each part says something of its own: a bullet is not a paragraph pasted again. The
    # short description may reappear in the long one, as shops often write it.
    parts: list[tuple[str, str, str]] = []
    parts += [
        ("long_description_html", f"paragraph {index + 1}", text)
        for index, text in enumerate(paragraphs)
    ]
    parts += [
        (f"feature_bullets[{index}]", f"bullet {index + 1}", bullet)
        for index, bullet in enumerate(data.feature_bullets)
    ]
    parts.append(("image_alt_text", "the image alt text", data.image_alt_text))
    return problems + copied_fields(parts)
