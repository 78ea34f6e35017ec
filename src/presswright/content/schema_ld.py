"""schema.org JSON-LD for articles, built from checked fields and never from model text.

A model that writes JSON-LD itself invents properties, breaks the JSON or forgets the
FAQ; so the JSON-LD of an article is always derived from its fields: an ``Article`` node,
plus a ``FAQPage`` node when the body has a FAQ section. Both go in one ``@graph``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from presswright.content.body_html import count_words, normalize_space, read_body
from presswright.content.models import ContentData
from presswright.content.violations import Violation

__all__ = [
    "ARTICLE_TYPES",
    "FAQ_HEADINGS",
    "HEADLINE_MAX",
    "SCHEMA_CONTEXT",
    "article_language",
    "article_node",
    "build_article_ld",
    "extract_faq",
    "faq_node",
    "has_faq_node",
    "ld_nodes",
    "ld_problems",
]

SCHEMA_CONTEXT = "https://schema.org"
# Google truncates longer headlines in rich results and used to reject them.
HEADLINE_MAX = 110
ARTICLE_TYPES = frozenset({"Article", "BlogPosting", "NewsArticle", "TechArticle"})
_CONTEXTS = frozenset({SCHEMA_CONTEXT, "http://schema.org", f"{SCHEMA_CONTEXT}/"})

# The headings that open a FAQ section, per language, compared case-insensitively.
FAQ_HEADINGS: tuple[str, ...] = (
    "frequently asked questions",
    "faqs",
    "faq",
    "häufig gestellte fragen",
    "häufige fragen",
    "preguntas frecuentes",
    "questions fréquentes",
    "foire aux questions",
    "domande frequenti",
    "سوالات متداول",
    "پرسش‌های متداول",
    "الأسئلة الشائعة",
    "الأسئلة المتكررة",
    "よくある質問",
    "자주 묻는 질문",
    "常见问题",
    "常見問題",
)
_LATIN_START = re.compile(r"[a-z]")


def _is_faq_heading(text: str) -> bool:
    folded = normalize_space(text).casefold().rstrip(" :?\uff1a\uff1f")
    for heading in FAQ_HEADINGS:
        if folded == heading:
            return True
        # "FAQ: composting" or "Frequently asked questions about composting", but not "FAQs"
        # matched as "FAQ" plus a letter, nor "Faqir".
        if folded.startswith(heading):
            rest = folded[len(heading) :]
            if not (_LATIN_START.match(heading) and rest[:1].isalnum()):
                return True
    return False


def extract_faq(body_html: str) -> list[tuple[str, str]]:
    """The (question, answer) pairs of the body's FAQ section: h3 questions under a FAQ h2."""
    outline = read_body(body_html)
    pairs: list[tuple[str, str]] = []
    in_faq = False
    for index, (level, text) in enumerate(outline.headings):
        if level <= 2:
            in_faq = level == 2 and _is_faq_heading(text)
        elif in_faq and level == 3:
            answer = outline.sections[index + 1]
            if text and answer:
                pairs.append((text, answer))
    return pairs


def _headline(title: str) -> str:
    title = normalize_space(title)
    if len(title) <= HEADLINE_MAX:
        return title
    cut = title[: HEADLINE_MAX - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-\u2013\u2014") + "…"


def article_node(data: ContentData, *, published: str | None = None) -> dict[str, Any]:
    """The schema.org Article node of an article's fields."""
    node: dict[str, Any] = {
        "@type": "Article",
        "headline": _headline(data.title),
        "description": normalize_space(data.meta.meta_desc),
        "inLanguage": data.language,
        "wordCount": count_words(read_body(data.body_html).text),
    }
    if data.keywords:
        node["keywords"] = ", ".join(data.keywords)
    sections = [normalize_space(entry) for entry in data.outline if entry.strip()]
    if sections:
        node["articleSection"] = sections
    if published:
        node["datePublished"] = published
    return node


def faq_node(faq: list[tuple[str, str]]) -> dict[str, Any]:
    """The schema.org FAQPage node of (question, answer) pairs."""
    return {
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": question,
                "acceptedAnswer": {"@type": "Answer", "text": answer},
            }
            for question, answer in faq
        ],
    }


def build_article_ld(
    data: ContentData,
    *,
    faq: list[tuple[str, str]] | None = None,
    published: str | None = None,
) -> dict[str, Any]:
    """The JSON-LD of an article: an Article node, plus a FAQPage node when ``faq`` is given."""
    graph = [article_node(data, published=published)]
    if faq:
        graph.append(faq_node(faq))
    return {"@context": SCHEMA_CONTEXT, "@graph": graph}


def ld_nodes(ld: object) -> list[tuple[str, dict[str, Any]]]:
    """The (path, node) pairs of JSON-LD in graph, list or single-node form."""
    if isinstance(ld, dict) and isinstance(ld.get("@graph"), list):
        items: list[tuple[str, object]] = [
            (f"@graph[{index}]", node) for index, node in enumerate(ld["@graph"])
        ]
    elif isinstance(ld, list):
        items = [(f"[{index}]", node) for index, node in enumerate(ld)]
    else:
        items = [("", ld)]
    return [(path, node) for path, node in items if isinstance(node, dict)]


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type")
    if isinstance(kind, str):
        return {kind}
    if isinstance(kind, list):
        return {item for item in kind if isinstance(item, str)}
    return set()


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _join(base: str, key: str) -> str:
    if not base or not key or key.startswith("["):
        return f"{base}{key}"
    return f"{base}.{key}"


def ld_problems(ld: object, *, field: str = "schema_ld_json") -> list[Violation]:
    """What keeps JSON-LD from being valid JSON with the properties schema.org requires."""
    try:
        serializable = json.loads(json.dumps(ld, allow_nan=False)) == ld
    except (TypeError, ValueError):
        serializable = False
    if not serializable:
        return [
            Violation(
                field=field,
                rule="ld_not_json",
                message="the JSON-LD does not survive json.dumps/json.loads unchanged; use only"
                " objects, lists, strings, finite numbers, booleans and null",
            )
        ]
    if not isinstance(ld, dict | list) or not ld_nodes(ld):
        return [
            Violation(
                field=field,
                rule="ld_shape",
                message='the JSON-LD is not an object; use {"@context": "https://schema.org",'
                ' "@graph": [{"@type": "Article", ...}]}',
            )
        ]
    problems: list[Violation] = []
    if isinstance(ld, dict):
        contexts = [ld.get("@context")]
    else:
        contexts = [node.get("@context") for node in ld if isinstance(node, dict)]
    if not any(context in _CONTEXTS for context in contexts):
        problems.append(
            Violation(
                field=_join(field, "@context"),
                rule="ld_context",
                message=f'@context is {contexts[0]!r}; it must be "{SCHEMA_CONTEXT}"',
            )
        )
    nodes = ld_nodes(ld)
    articles = [(path, node) for path, node in nodes if _types(node) & ARTICLE_TYPES]
    if not articles:
        problems.append(
            Violation(
                field=field,
                rule="ld_article_missing",
                message='the JSON-LD has no Article node; add {"@type": "Article", "headline":'
                ' ..., "description": ..., "inLanguage": ...}',
            )
        )
    for path, node in articles:
        problems.extend(_article_problems(_join(field, path), node))
    for path, node in nodes:
        if "FAQPage" in _types(node):
            problems.extend(_faq_problems(_join(field, path), node))
    return problems


def _article_problems(path: str, node: dict[str, Any]) -> list[Violation]:
    problems = [
        Violation(
            field=_join(path, key),
            rule="ld_article_property",
            message=f"the Article node has no {key}; set it to {what}",
        )
        for key, what in (
            ("headline", "the article title"),
            ("description", "the meta description"),
            ("inLanguage", "the article's language code, e.g. 'en'"),
        )
        if not _text(node.get(key))
    ]
    headline = node.get("headline")
    if isinstance(headline, str) and len(headline) > HEADLINE_MAX:
        problems.append(
            Violation(
                field=_join(path, "headline"),
                rule="ld_headline_length",
                message=f"the headline is {len(headline)} characters; shorten it to at most"
                f" {HEADLINE_MAX}",
            )
        )
    return problems


def _faq_problems(path: str, node: dict[str, Any]) -> list[Violation]:
    entities = node.get("mainEntity")
    if not isinstance(entities, list) or not entities:
        return [
            Violation(
                field=_join(path, "mainEntity"),
                rule="ld_faq_empty",
                message="the FAQPage has no questions; list each as"
                ' {"@type": "Question", "name": ..., "acceptedAnswer": {"text": ...}}',
            )
        ]
    problems: list[Violation] = []
    for index, question in enumerate(entities):
        where = _join(path, f"mainEntity[{index}]")
        if not isinstance(question, dict) or not _text(question.get("name")):
            problems.append(
                Violation(
                    field=_join(where, "name"),
                    rule="ld_faq_question",
                    message=f"question {index + 1} of the FAQPage has no name; set it to the"
                    " question text",
                )
            )
            continue
        answer = question.get("acceptedAnswer")
        if not isinstance(answer, dict) or not _text(answer.get("text")):
            problems.append(
                Violation(
                    field=_join(where, "acceptedAnswer.text"),
                    rule="ld_faq_question",
                    message=f"question {question['name']!r} has no acceptedAnswer.text; set it"
                    " to the answer from the FAQ section",
                )
            )
    return problems


def has_faq_node(ld: object) -> bool:
    """Whether JSON-LD holds a FAQPage node."""
    return any("FAQPage" in _types(node) for _, node in ld_nodes(ld))


def article_language(ld: object) -> tuple[str, object] | None:
    """The (path, inLanguage) of the first Article node, or None when there is none."""
    for path, node in ld_nodes(ld):
        if _types(node) & ARTICLE_TYPES:
            return path, node.get("inLanguage")
    return None
