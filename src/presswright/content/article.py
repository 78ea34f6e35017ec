"""The article flow's own nodes: the brief, and the finish that guarantees the contract.

The model writes drafts (outline, sections, introduction, conclusion, FAQ, meta) in ordinary
``llm`` nodes; ``article_finish`` assembles them into :class:`ContentData` and defends the
contract in the documented order: constrained generation already happened, then repair
re-asks quoting each violation to the step that owns the field, then deterministic fixes,
then a final check. Anything still broken raises :class:`ContentContractError`; a broken
article is never returned as a success.
"""

from __future__ import annotations

import html
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from presswright.content.drafts import ArticleOutline, IntroDraft, SeoDraft, requiring_terms
from presswright.content.field_rewrites import TextField, rewrite_failing_fields
from presswright.content.fixes import fix_article
from presswright.content.models import (
    LANGUAGES,
    META_DESC_MAX,
    META_DESC_MIN,
    SEO_TITLE_MAX,
    ContentData,
    ContentRequest,
    Heading,
    InternalLink,
    SeoMeta,
    SiteLink,
)
from presswright.content.quality_repeats import same_words
from presswright.content.rules import check_article
from presswright.content.sanitize import sanitize_html
from presswright.content.schema_ld import build_article_ld, extract_faq
from presswright.content.slugs import slugify
from presswright.content.violations import Violation, failure_hint
from presswright.content.voice import FAQ_HEADING, RELATED_LABEL, guidance
from presswright.errors import ContentContractError, StructuredOutputError
from presswright.flows.nodes.base import NoConfig, NodeContext, NodeOutcome, NodeType
from presswright.llm.types import GenerationParams

__all__ = ["ArticleBriefNode", "ArticleFinishNode", "assemble_article", "choose_links"]

MAX_LINKS = 3
_SEO_RULES = frozenset({"keyword_in_title_or_meta_desc"})
_INTRO_RULES = frozenset({"keyword_in_first_paragraph"})
_SEO_FIELDS = frozenset({"meta.seo_title", "meta.meta_desc", "excerpt"})


class ArticleBriefNode(NodeType):
    """Checks the brief and turns it into the guidance every later prompt shares."""

    name = "article_brief"
    Config = NoConfig
    description = "Validate an article brief; output the request and the shared system prompt."

    async def run(self, config: BaseModel, context: NodeContext) -> NodeOutcome:
        fields = set(ContentRequest.model_fields)
        request = ContentRequest.model_validate(
            {k: v for k, v in context.inputs.items() if k in fields and v is not None}
        )
        brand = context.inputs.get("brand") or None
        return NodeOutcome(
            output={
                "request": request.model_dump(mode="json"),
                "system": guidance(
                    language=request.language,
                    tone=request.tone,
                    keywords=request.keywords,
                    brand=brand,
                ),
                "language_name": LANGUAGES[request.language],
                "section_count": request.section_count(),
                # The outline holds exactly the sections asked for, on any model.
                "outline_schema": _outline_schema(request.section_count()),
                "keywords": ", ".join(request.keywords) or "none",
                "language": request.language,
                "verbatim": list(request.keywords),
            }
        )


def _outline_schema(sections: int) -> dict[str, Any]:
    """ArticleOutline's schema with exactly ``sections`` section headings."""
    schema = ArticleOutline.model_json_schema()
    schema["properties"]["sections"].update(minItems=sections, maxItems=sections)
    return schema


def _words(text: str) -> set[str]:
    folded = text.casefold()
    words = set(re.findall(r"[^\W\d_]{3,}", folded))
    # Scripts without spaces: compare character pairs instead of words.
    cjk = re.sub(r"[^\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]", "", folded)
    return words | {cjk[i : i + 2] for i in range(len(cjk) - 1)}


def choose_links(
    site_index: list[SiteLink], sections: list[tuple[str, list[str]]]
) -> dict[int, list[SiteLink]]:
    """The site pages most related to each section (by shared words), at most three in all."""
    scored: list[tuple[int, int, int, SiteLink]] = []
    section_words = [_words(heading + " " + " ".join(paras)) for heading, paras in sections]
    for order, link in enumerate(site_index):
        title_words = _words(link.title)
        if not title_words:
            continue
        best = max(range(len(sections)), key=lambda i: len(title_words & section_words[i]))
        overlap = len(title_words & section_words[best])
        if overlap:
            scored.append((-overlap, order, best, link))
    chosen: dict[int, list[SiteLink]] = {}
    seen: set[str] = set()
    for _, _, section, link in sorted(scored, key=lambda item: (item[0], item[1])):
        if link.url in seen or len(seen) == MAX_LINKS:
            continue
        seen.add(link.url)
        chosen.setdefault(section, []).append(link)
    return chosen


def assemble_article(
    request: ContentRequest,
    *,
    title: str,
    intro: str,
    sections: list[tuple[str, list[str]]],
    conclusion: tuple[str, str],
    faq: list[tuple[str, str]],
    seo: SeoDraft,
) -> ContentData:
    """Put the drafts together: sanitized body, headings, links, slug and JSON-LD from data."""
    esc = html.escape
    parts = [f"<p>{esc(intro.strip())}</p>"]
    headings: list[Heading] = []
    links: list[InternalLink] = []
    related = choose_links(request.site_index, sections)
    for index, (heading, paragraphs) in enumerate(sections):
        parts.append(f"<h2>{esc(heading.strip())}</h2>")
        headings.append(Heading(level=2, text=heading.strip()))
        parts.extend(f"<p>{esc(p.strip())}</p>" for p in paragraphs if p.strip())
        for link in related.get(index, []):
            label = RELATED_LABEL[request.language]
            parts.append(
                f'<p>{esc(label)}: <a href="{esc(link.url)}">{esc(link.title.strip())}</a></p>'
            )
            links.append(InternalLink(anchor=link.title.strip(), url=link.url))
    parts.append(f"<h2>{esc(conclusion[0].strip())}</h2><p>{esc(conclusion[1].strip())}</p>")
    headings.append(Heading(level=2, text=conclusion[0].strip()))
    if faq:
        parts.append(f"<h2>{esc(FAQ_HEADING[request.language])}</h2>")
        headings.append(Heading(level=2, text=FAQ_HEADING[request.language]))
        for question, answer in faq:
            parts.append(f"<h3>{esc(question.strip())}</h3><p>{esc(answer.strip())}</p>")
            headings.append(Heading(level=3, text=question.strip()))
    body = sanitize_html("".join(parts))
    data = ContentData(
        language=request.language,
        title=title.strip(),
        excerpt=seo.excerpt.strip(),
        outline=[heading.strip() for heading, _ in sections],
        body_html=body,
        meta=SeoMeta(
            seo_title=seo.seo_title.strip(),
            meta_desc=seo.meta_desc.strip(),
            slug=slugify(seo.seo_title or title, request.language) or "article",
        ),
        headings=headings,
        internal_links=links,
        schema_ld_json={},
        keywords=request.keywords,
    )
    ld = build_article_ld(data, faq=extract_faq(body) or None)
    return data.model_copy(update={"schema_ld_json": ld})


class ArticleFinishConfig(BaseModel):
    """Config of ``article_finish``."""

    model_config = ConfigDict(extra="forbid")

    max_repairs: int = Field(default=2, ge=0, le=5, description="Re-ask rounds before fixes.")


class ArticleFinishNode(NodeType):
    """Assembles the drafts and returns an article that meets every contract rule, or fails."""

    name = "article_finish"
    Config = ArticleFinishConfig
    description = "Assemble, repair (re-ask, then fix) and check an article against its contract."

    async def run(self, config: BaseModel, context: NodeContext) -> NodeOutcome:
        assert isinstance(config, ArticleFinishConfig)
        up = context.upstream
        brief = up["brief"]
        request = ContentRequest.model_validate(brief["request"])
        model = context.inputs.get("model") or None
        outcome = NodeOutcome(output=None)
        drafts: dict[str, Any] = {
            "title": str(up["outline"]["title"]),
            "intro": str(up["intro"]["paragraph"]),
            "sections": [
                (str(heading), list(section["paragraphs"]))
                for heading, section in zip(up["outline"]["sections"], up["sections"], strict=False)
            ],
            "conclusion": (str(up["conclusion"]["heading"]), str(up["conclusion"]["paragraph"])),
            "faq": [(i["question"], i["answer"]) for i in (up.get("faq") or {}).get("items", [])],
            "seo": SeoDraft.model_validate(up["seo"]),
        }
        rewrites = await rewrite_failing_fields(
            context.complete,
            _text_fields(drafts, request),
            language=request.language,
            subject=f"An article in {LANGUAGES[request.language]} about: {request.topic}",
            brief=" ".join([request.topic, *request.keywords]),
            system=brief["system"],
            model=model,
            verbatim=request.keywords,
            allowed_urls=[link.url for link in request.site_index],
        )
        for completion in rewrites.completions:
            outcome.add_usage(completion)
        _apply_texts(drafts, rewrites.texts)
        data = assemble_article(request, **drafts)
        violations = check_article(data, request)
        for _ in range(config.max_repairs):
            asks = _repairs(violations)
            if not asks:
                break
            for step, quoted in asks.items():
                try:
                    result = await context.complete(
                        _repair_prompt(step, quoted, data, request),
                        model=model,
                        system=brief["system"],
                        schema=SeoDraft
                        if step == "seo"
                        else requiring_terms(
                            IntroDraft,
                            "paragraph",
                            language=request.language,
                            terms=request.keywords,
                        ),
                        params=GenerationParams(
                            temperature=0.2,
                            language=request.language,
                            verbatim=tuple(request.keywords),
                        ),
                        cache=False,
                    )
                except StructuredOutputError:
                    # No usable repair: keep the draft; the fixes and the final check decide.
                    continue
                outcome.add_usage(result)
                if step == "seo":
                    drafts["seo"] = result.parsed
                else:
                    drafts["intro"] = IntroDraft.model_validate(result.parsed).paragraph
            data = assemble_article(request, **drafts)
            violations = check_article(data, request)
        if violations:
            data = fix_article(data, request)
            violations = check_article(data, request)
        if violations:
            raise ContentContractError(
                "article", [str(v) for v in violations], hint=failure_hint(violations)
            )
        outcome.output = data.model_dump(mode="json")
        return outcome


def _text_fields(drafts: dict[str, Any], request: ContentRequest) -> list[TextField]:
    """Every free-text field of the drafts, with what it is for and its bounds."""
    fields = [TextField("title", "the article's title", drafts["title"], "short", 3, 200)]
    for index, (heading, paragraphs) in enumerate(drafts["sections"]):
        fields.append(
            TextField(
                f"sections[{index}].heading",
                f"the heading of section {index + 1}: a few words naming one part of the topic",
                heading,
                "short",
                2,
                120,
                # A heading may repeat the title (a style flaw the final check allows too).
                distinct=not same_words(heading, drafts["title"]),
            )
        )
        fields += [
            TextField(
                f"sections[{index}].paragraphs[{number}]",
                f"paragraph {number + 1} of the section {heading.strip()!r}: two to four sentences",
                paragraph,
                "prose",
                30,
                1200,
            )
            for number, paragraph in enumerate(paragraphs)
        ]
    fields.append(
        TextField(
            "intro",
            "the opening paragraph of the article",
            drafts["intro"],
            "prose",
            20,
            1200,
            tuple(request.keywords),
        )
    )
    heading, paragraph = drafts["conclusion"]
    fields += [
        TextField("conclusion.heading", "the heading of the closing section", heading, "short",
                  2, 120),
        TextField("conclusion.paragraph", "the closing paragraph that sums the article up",
                  paragraph, "prose", 20, 1200),
    ]  # fmt: skip
    for index, (question, answer) in enumerate(drafts["faq"]):
        fields += [
            TextField(f"faq[{index}].question", "a question a reader asks about the topic",
                      question, "short", 5, 200),
            TextField(f"faq[{index}].answer", f"a short answer to {question.strip()!r}", answer,
                      "prose", 10, 800),
        ]  # fmt: skip
    seo: SeoDraft = drafts["seo"]
    fields += [
        TextField("seo.seo_title", "the search result title", seo.seo_title, "short", 10,
                  SEO_TITLE_MAX, distinct=False),
        TextField("seo.meta_desc", "the meta description: what the reader learns, in two"
                  " sentences", seo.meta_desc, "prose", META_DESC_MIN, META_DESC_MAX,
                  distinct=False),
        TextField("seo.excerpt", "a one-sentence excerpt", seo.excerpt, "prose", 20, 300,
                  distinct=False),
    ]  # fmt: skip
    return fields


def _apply_texts(drafts: dict[str, Any], texts: dict[str, str]) -> None:
    """Put rewritten field texts back into the drafts, by the paths of :func:`_text_fields`."""
    sections = [(heading, list(paragraphs)) for heading, paragraphs in drafts["sections"]]
    faq = [list(pair) for pair in drafts["faq"]]
    conclusion = list(drafts["conclusion"])
    seo: dict[str, Any] = drafts["seo"].model_dump()
    for path, text in texts.items():
        found = re.fullmatch(r"(\w+)(?:\[(\d+)\])?(?:\.(\w+))?(?:\[(\d+)\])?", path)
        assert found is not None, path
        head, index, part, number = found.groups()
        if head in ("title", "intro"):
            drafts[head] = text
        elif head == "sections" and part == "heading":
            sections[int(index)] = (text, sections[int(index)][1])
        elif head == "sections":
            sections[int(index)][1][int(number)] = text
        elif head == "conclusion":
            conclusion[0 if part == "heading" else 1] = text
        elif head == "faq":
            faq[int(index)][0 if part == "question" else 1] = text
        elif head == "seo":
            seo[part] = text
    drafts["sections"] = sections
    drafts["faq"] = [(question, answer) for question, answer in faq]
    drafts["conclusion"] = (conclusion[0], conclusion[1])
    drafts["seo"] = SeoDraft.model_validate(seo)


def _repairs(violations: list[Violation]) -> dict[str, list[Violation]]:
    """Which drafting step owns each violation the model can repair."""
    asks: dict[str, list[Violation]] = {}
    for violation in violations:
        if violation.rule in _INTRO_RULES:
            asks.setdefault("intro", []).append(violation)
        elif violation.rule in _SEO_RULES or violation.field in _SEO_FIELDS:
            asks.setdefault("seo", []).append(violation)
    return asks


def _repair_prompt(
    step: str, violations: list[Violation], data: ContentData, request: ContentRequest
) -> str:
    quoted = "\n".join(f"- {v.message}" for v in violations)
    keywords = ", ".join(request.keywords) or "none"
    if step == "seo":
        return (
            f"Rewrite the search metadata of the article {data.title!r}.\n"
            f"Your previous answer broke these rules:\n{quoted}\n"
            f"Previous: seo_title={data.meta.seo_title!r}, meta_desc={data.meta.meta_desc!r}, "
            f"excerpt={data.excerpt!r}.\n"
            f"Keywords that must appear in the title or the description: {keywords}.\n"
            "seo_title: at most 60 characters. meta_desc: 140 to 160 characters."
        )
    return (
        f"Rewrite the opening paragraph of the article {data.title!r}.\n"
        f"Your previous answer broke these rules:\n{quoted}\n"
        f"It must contain each of these keywords word for word: {keywords}."
    )
