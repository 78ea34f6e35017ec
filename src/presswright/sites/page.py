"""``site_page``: one page of the sitemap, the child of the site flow's ``pages`` map.

The page's sections are pattern archetypes (:mod:`presswright.content.pattern_archetypes`):
the structure is built here, the model writes only the text slots, group by group, under a
schema of exactly those slots (:mod:`presswright.content.pattern_fill`). Its search fields
come from one more answer (:mod:`.page_seo`). Everything is held to the content contract in
the documented order: the quality gate and keyword placement, re-asks of only what failed
quoting each reason, a fresh sample, then :class:`ContentContractError` listing every reason.
The page is core blocks only (no Custom HTML block), with one H1: the hero's heading.
Contact details from the brief are shown as given, escaped like every text.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from presswright.content.blocks import render_pattern, validate_pattern
from presswright.content.pattern_archetypes import Skeleton, build_skeleton
from presswright.content.pattern_brief import Section
from presswright.content.pattern_fill import (
    Drafting,
    draw_groups,
    faults_by_part,
    faulty_parts,
    keep_better,
    reask_slots,
)
from presswright.content.pattern_quality import slot_problems
from presswright.content.pattern_slots import fill_skeleton
from presswright.content.violations import Violation
from presswright.errors import ContentContractError, StructuredOutputError, UserInputError
from presswright.flows.nodes.base import NodeContext, NodeOutcome, NodeType
from presswright.flows.nodes.profile import model_profile
from presswright.llm.types import ModelProfile
from presswright.sites.page_describe import (
    DESCRIBING_KINDS,
    description_from_text,
    title_from_text,
)
from presswright.sites.page_seo import HEADING_SLOT, SEO_FIELDS, ask_seo, seo_problems
from presswright.sites.plan import PAGE_ARCHETYPES

__all__ = [
    "SMALL_MODEL_SAMPLES",
    "SitePageConfig",
    "SitePageNode",
    "block_names",
    "page_description",
    "page_rounds",
]

_BLOCK = re.compile(r"<!-- wp:([a-z0-9/-]+)")
_LEAD_GROUP = "s0"  # the hero's heading and introduction


# A small model's answers often break a rule, and re-asks quoting the rule rarely mend them:
# it gets this many fresh draws of what fails (each keeps a group's better text).
SMALL_MODEL_SAMPLES = 5


class SitePageConfig(BaseModel):
    """Config of ``site_page`` (the same for every page of the map)."""

    model_config = ConfigDict(extra="forbid")

    max_repairs: int = Field(default=2, ge=0, le=5, description="Re-ask rounds per draw.")
    max_samples: int = Field(default=1, ge=0, le=5, description="Fresh draws of what fails.")


def page_rounds(config: SitePageConfig, profile: ModelProfile | None) -> tuple[int, int]:
    """Re-ask rounds and fresh draws: the config's, and a small model's more draws where the
    flow leaves ``max_samples`` unset (a value the flow sets, even the default's, wins)."""
    samples = config.max_samples
    if profile is not None and profile.small and "max_samples" not in config.model_fields_set:
        samples = max(samples, SMALL_MODEL_SAMPLES)
    return config.max_repairs, samples


def page_description(brief: dict[str, Any], page: dict[str, Any], *, lead: bool = True) -> str:
    """What a text request of the page says the page is; ``lead``: with the key phrase.

    Only the hero's request (its heading and introduction) is given the key phrase: small
    models copy whatever a prompt repeats into every text they write.
    """
    request = brief["request"]
    text = (
        f'the "{page["title"]}" page of the website of {request["business_name"]}, a'
        f" {request['business_type']} ({request['description'][:300]}). This page: "
        f"{page['purpose']}"
    )
    if lead:
        text += (
            f' Key phrase: "{page["keyword"]}" (use it, spelled exactly so, in the'
            " introduction under the main heading)."
        )
    return text


def block_names(markup: str) -> list[str]:
    """The name of every block opened in ``markup``, in order (``core/`` left implicit)."""
    return _BLOCK.findall(markup)


def _one_h1(spec: dict[str, Any]) -> int:
    """How many level-1 headings the spec holds."""

    def count(blocks: list[Any]) -> int:
        found = 0
        for block in blocks:
            if block.get("type") == "heading" and block.get("level") == 1:
                found += 1
            found += count(block.get("inner", []))
        return found

    return count(spec["blocks"])


def _link_buttons(blocks: list[Any], sitemap: dict[str, Any]) -> None:
    """Point the archetypes' buttons (``#``) at the page to get in touch on, else home."""
    pages = list(sitemap.get("pages") or [])
    # An inner page showing the details first (the front page may show them too).
    showing = [p for p in pages if "contact" in p["sections"]]
    contact = next((p for p in showing if not p.get("front")), None) or next(
        iter(showing), pages[-1] if pages else None
    )
    target = f"/{contact['slug']}/" if contact and not contact.get("front") else "/"
    for block in blocks:
        if block.get("type") == "button" and block.get("url") == "#":
            block["url"] = target
        _link_buttons(block.get("inner", []), sitemap)


class _Page:
    """The texts of one page as they are settled: slot values and search fields."""

    def __init__(
        self,
        context: NodeContext,
        outcome: NodeOutcome,
        brief: dict[str, Any],
        *,
        profile: ModelProfile | None = None,
    ) -> None:
        self.context = context
        self.outcome = outcome
        self.brief = brief
        item = dict(context.extra["item"])
        # A reviewer may have edited the sitemap: the page still opens with its hero (its
        # heading is the one H1) and holds only the archetypes a page may have.
        kept = [n for n in dict.fromkeys(item["sections"]) if n in PAGE_ARCHETYPES]
        item["sections"] = ["hero", *kept]
        self.page: dict[str, Any] = item
        self.language = str(brief["language"])
        self.description = page_description(brief, self.page)
        sections = [
            Section(name, index)
            for index, name in enumerate(self.page["sections"])
            if name != "contact"
        ]
        self.skeleton: Skeleton = build_skeleton(sections, category="page")
        self.kinds = self.skeleton.kinds()
        model = context.inputs.get("model") or None
        self.model: str | None = model
        verbatim = tuple(brief["verbatim"])
        self.lead = Drafting(
            context,
            outcome,
            description=self.description,
            language=self.language,
            verbatim=(*verbatim, str(self.page["keyword"])),
            model=model,
            show_written=not (profile is not None and profile.copies_context),
        )
        self.drafting = Drafting(
            context,
            outcome,
            description=page_description(brief, self.page, lead=False),
            language=self.language,
            verbatim=verbatim,
            model=model,
            show_written=not (profile is not None and profile.copies_context),
        )
        self.values: dict[str, str] = {}
        self.seo: dict[str, str] = {"seo_title": "", "meta_desc": ""}
        # Where each search field came from: the model, or the page's own text.
        self.seo_source: dict[str, str] = {"seo_title": "model", "meta_desc": "model"}
        self.failed: dict[str, str] = {}

    def _by_drafting(self, groups: list[Any]) -> list[tuple[Drafting, list[Any]]]:
        """The hero's group with the key phrase, the others without."""
        lead = [g for g in groups if g.id == _LEAD_GROUP]
        rest = [g for g in groups if g.id != _LEAD_GROUP]
        return [(self.lead, lead), (self.drafting, rest)]

    async def draw(self, groups: list[Any], *, sample: int, seo: bool) -> None:
        for drafting, subset in self._by_drafting(groups):
            if subset:
                found = await draw_groups(drafting, subset, self.values, sample=sample)
                for group in subset:  # a group answered this time no longer failed
                    self.failed.pop(group.id, None)
                self.failed.update(found)
        if seo:
            await self.ask_seo([], sample=sample)

    async def ask_seo(self, problems: list[Violation], *, sample: int) -> None:
        try:
            self.seo = await ask_seo(
                self.context,
                self.outcome,
                brief=self.brief,
                page=self.page,
                problems=problems,
                sample=sample,
            )
            self.failed.pop("meta", None)
        except StructuredOutputError as error:  # reported with the other problems
            self.failed["meta"] = str(error)

    def problems(self) -> list[Violation]:
        found = [
            Violation(field=f"{group}.*", rule="slot_schema", message=reason)
            for group, reason in self.failed.items()
        ]
        lost = {slot.rsplit(".", 1)[0] for slot in self.kinds if slot not in self.values}
        found += [
            Violation(field=f"{group}.*", rule="slot_schema", message="no valid answer")
            for group in sorted(lost - set(self.failed))
        ]
        present = {slot: text for slot, text in self.values.items() if slot in self.kinds}
        found += slot_problems(present, self.kinds, self.language, brief=self.description)
        if "meta" not in self.failed:
            found += seo_problems(
                self.seo,
                page=self.page,
                values=self.values,
                language=self.language,
                description=self.description,
            )
        return found

    async def settle(self, repairs: int, samples: int) -> None:
        """Draw, check, re-ask what fails, draw afresh; ContentContractError at the end.

        A fresh draw replaces a group's text only where it breaks fewer rules than the text
        before it (:func:`keep_better`), the search fields likewise.
        """
        await self.draw(self.skeleton.groups, sample=0, seo=True)
        problems = self.problems()
        for sample in range(1, samples + 2):
            for _ in range(repairs):
                if not problems:
                    break
                for drafting, subset in self._by_drafting(self.skeleton.groups):
                    await reask_slots(drafting, subset, self.values, problems)
                seo_faults = [p for p in problems if p.field in SEO_FIELDS]
                if seo_faults:
                    await self.ask_seo(seo_faults, sample=0)
                problems = self.problems()
            if not problems or sample > samples:
                break
            problems = await self.redraw(problems, sample=sample + 1)
        if problems and all(p.field.startswith("meta.") for p in problems):
            problems = self.seo_from_text(problems)
        if problems:
            raise ContentContractError(
                f"page {self.page['title']!r}",
                [str(problem) for problem in problems],
                hint="regenerate the page, or use a larger model",
            )

    async def redraw(self, problems: list[Violation], *, sample: int) -> list[Violation]:
        """Draw the faulty groups afresh, keeping each one's better text; the new problems."""
        faulty = faults_by_part(problems)
        # Only the parts at fault are drawn again (an FAQ item, not the whole FAQ): a smaller
        # answer misses its schema less often, and the parts that passed stay as they are.
        groups = faulty_parts(self.skeleton.groups, problems)
        before = (dict(self.values), dict(self.failed))
        seo_before = dict(self.seo)
        await self.draw(groups, sample=sample, seo="meta" in faulty)
        fresh = self.problems()
        restored = keep_better(
            groups, values=self.values, failed=self.failed, before=before, old=problems, new=fresh
        )
        if "meta" in faulty and faults_by_part(fresh)["meta"] > faulty["meta"]:
            self.seo = seo_before
            if "meta" in before[1]:
                self.failed["meta"] = before[1]["meta"]
            else:
                self.failed.pop("meta", None)
            restored.append("meta")
        return self.problems() if restored else fresh

    def seo_from_text(self, problems: list[Violation]) -> list[Violation]:
        """The search fields that still break the contract, made from the page's text
        (:mod:`.page_describe`) where that passes it; the problems left."""
        whole = "meta" in self.failed  # no answer at all: both fields are made
        made = dict(self.seo)
        request = self.brief["request"]
        if whole or any(p.field == "meta.seo_title" for p in problems):
            title = title_from_text(
                self.values.get(HEADING_SLOT, ""), str(request["business_name"]), self.language
            )
            made["seo_title"] = title or made["seo_title"]
        if whole or any(p.field == "meta.meta_desc" for p in problems):
            texts = [
                text
                for slot_id, kind in self.kinds.items()
                if kind in DESCRIBING_KINDS and (text := self.values.get(slot_id))
            ]
            description = description_from_text(
                texts,
                keyword=str(self.page["keyword"]),
                language=self.language,
                brief=self.description,
            )
            made["meta_desc"] = description or made["meta_desc"]
        if not made["seo_title"] or not made["meta_desc"]:
            return problems
        kept = (self.seo, self.failed.get("meta"))
        self.seo = made
        self.failed.pop("meta", None)
        left = self.problems()
        if left:  # no better: the model's fields and their reasons stand
            self.seo = kept[0]
            if kept[1] is not None:
                self.failed["meta"] = kept[1]
            return problems
        for field in ("seo_title", "meta_desc"):
            if made[field] != kept[0].get(field):
                self.seo_source[field] = "page"
        return left

    def result(self) -> dict[str, Any]:
        spec = fill_skeleton(self.skeleton, self.values, self.language)
        spec["title"] = self.page["title"]
        contact = list(self.brief.get("contact_lines") or [])
        if "contact" in self.page["sections"] and contact:
            spec["blocks"].append(
                {
                    "type": "group",
                    "inner": [{"type": "paragraph", "text": line} for line in contact],
                }
            )
        _link_buttons(spec["blocks"], self.context.upstream.get("sitemap") or {})
        broken = [str(problem) for problem in validate_pattern(spec)]
        if _one_h1(spec) != 1:
            broken.append(f"the page has {_one_h1(spec)} H1 headings; it must have exactly one")
        markup = render_pattern(spec)
        foreign = sorted({name for name in block_names(markup) if name == "html" or "/" in name})
        if foreign:
            broken.append(f"the page holds blocks that are not core blocks: {', '.join(foreign)}")
        if broken:
            raise ContentContractError(f"page {self.page['title']!r}", broken)
        return {
            **self.page,
            "h1": spec["blocks"][0]["inner"][0]["text"],
            "seo_title": self.seo["seo_title"],
            "meta_desc": self.seo["meta_desc"],
            "seo_source": dict(self.seo_source),
            "spec": spec,
            "markup": markup,
        }


class SitePageNode(NodeType):
    """Writes one page of the sitemap: its sections' text and its search fields."""

    name = "site_page"
    Config = SitePageConfig
    description = (
        "Write one page of the sitemap (a map item) as block patterns of core blocks, with"
        " its SEO title and description, under the content contract."
    )

    async def run(self, config: BaseModel, context: NodeContext) -> NodeOutcome:
        assert isinstance(config, SitePageConfig)
        if "item" not in context.extra or "brief" not in context.upstream:
            raise UserInputError(
                f"node {context.node_id!r}: site_page writes one item of a map over the"
                " sitemap's pages, after a site_brief node called 'brief'",
                hint="use it as the child of a map: over: '{{ sitemap.pages }}'",
            )
        outcome = NodeOutcome(output=None)
        profile = model_profile(context, context.inputs.get("model") or None)
        page = _Page(context, outcome, context.upstream["brief"], profile=profile)
        await page.settle(*page_rounds(config, profile))
        outcome.output = page.result()
        return outcome
