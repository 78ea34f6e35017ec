"""A page's search fields and the content contract's checks of them.

The model writes the SEO title and meta description of one page under a schema holding the
contract's lengths; :func:`seo_problems` holds them (and the page's lead) to the existing
content contract: lengths and slug (:func:`~presswright.content.field_rules.meta_problems`),
keyword placement (:func:`~presswright.content.field_rules.keyword_problems`: the keyword
in the H1, SEO title or meta description, and in the introduction under the H1), and the
quality gate on both texts.
"""

from __future__ import annotations

from typing import Any

from presswright.content.field_rules import keyword_problems, meta_problems
from presswright.content.models import META_DESC_MAX, META_DESC_MIN, SEO_TITLE_MAX, SeoMeta
from presswright.content.quality import text_problems
from presswright.content.violations import Violation
from presswright.flows.nodes.base import NodeContext, NodeOutcome
from presswright.llm.prose import ceiling, prose_string
from presswright.llm.types import GenerationParams

__all__ = ["LEAD_SLOT", "SEO_FIELDS", "ask_seo", "seo_problems", "seo_schema"]

LEAD_SLOT = "s0.intro"  # the hero's introduction: the first text under the page's H1
HEADING_SLOT = "s0.heading"
SEO_FIELDS = ("meta.seo_title", "meta.meta_desc")
_WIDE_SCRIPTS = frozenset({"ja", "zh", "ko"})


def seo_schema() -> dict[str, Any]:
    """The JSON Schema of a page's search fields, with the contract's lengths (the SEO title
    held exactly, the description as prose: whole sentences within its limit)."""
    return {
        "title": "PageSeo",
        "type": "object",
        "properties": {
            "seo_title": {"type": "string", "minLength": 10, "maxLength": SEO_TITLE_MAX},
            # Prose: it ends a sentence, and its limit is met by whole sentences.
            "meta_desc": prose_string(META_DESC_MIN, META_DESC_MAX),
        },
        "required": ["seo_title", "meta_desc"],
        "additionalProperties": False,
    }


def _max_tokens(language: str) -> int:
    """Room for both fields at their longest (the description up to its prose ceiling).

    The packaged model's tokenizer spends about 0.2-0.4 tokens per character of the Latin
    languages, 1 in Arabic and Persian and about 2 in Chinese, Japanese and Korean.
    """
    per_char = 2.2 if language in _WIDE_SCRIPTS else 1.1 if language in ("ar", "fa") else 0.5
    return max(300, 40 + int((SEO_TITLE_MAX + ceiling(META_DESC_MAX)) * per_char))


def _prompt(brief: dict[str, Any], page: dict[str, Any], problems: list[Violation]) -> str:
    request = brief["request"]
    lines = [
        f'Write the search engine title and meta description of the page "{page["title"]}"'
        f" of {request['business_name']}, a {request['business_type']}.",
        f"The page: {page['purpose']}",
        f'Write both in {brief["language_name"]}. Use the phrase "{page["keyword"]}", spelled'
        " exactly so, in both. The title is short; the description is one or two sentences.",
    ]
    if problems:
        lines.append("Your previous texts broke these rules; write them anew:")
        lines += [f"- {problem.field}: {problem.message}" for problem in problems]
    return "\n".join(lines)


async def ask_seo(
    context: NodeContext,
    outcome: NodeOutcome,
    *,
    brief: dict[str, Any],
    page: dict[str, Any],
    problems: list[Violation],
    sample: int,
) -> dict[str, str]:
    """The model's SEO title and meta description of ``page`` (re-asked quoting problems)."""
    result = await context.complete(
        _prompt(brief, page, problems),
        model=context.inputs.get("model") or None,
        system=str(brief["system"]),
        schema=seo_schema(),
        params=GenerationParams(
            temperature=0.7 if sample else None,
            max_tokens=_max_tokens(str(brief["language"])),
            language=brief["language"],
            verbatim=tuple(brief["verbatim"]),
            sample=sample,
        ),
        cache=sample == 0 and not problems,
    )
    outcome.add_usage(result)
    parsed = result.parsed
    data = parsed.model_dump() if hasattr(parsed, "model_dump") else dict(parsed)
    return {key: " ".join(str(data[key]).split()) for key in ("seo_title", "meta_desc")}


def seo_problems(
    seo: dict[str, str],
    *,
    page: dict[str, Any],
    values: dict[str, str],
    language: str,
    description: str,
) -> list[Violation]:
    """Every contract rule the page's search fields and lead break."""
    meta = SeoMeta(
        seo_title=seo["seo_title"] or "-", meta_desc=seo["meta_desc"] or "-", slug=page["slug"]
    )
    problems = meta_problems(meta, language)
    problems += keyword_problems(
        [page["keyword"]],
        title=values.get(HEADING_SLOT, ""),
        meta=meta,
        lead_field=LEAD_SLOT,
        lead_rule="keyword_in_lead",
        lead=values.get(LEAD_SLOT, ""),
        lead_what="introduction under the page's heading",
    )
    problems += text_problems(
        "meta.seo_title", seo["seo_title"], language, kind="short", brief=description
    )
    problems += text_problems(
        "meta.meta_desc", seo["meta_desc"], language, kind="prose", brief=description
    )
    return problems
