"""The site plan: the schema the planner answers, and the sitemap made from its answer.

The planner (an ``llm`` node of the site flow) answers :func:`plan_schema`: a tagline and,
for exactly the pages the brief asks for, each page's purpose, search keyword and sections
(pattern archetypes, :data:`PAGE_ARCHETYPES`). :func:`build_sitemap` turns that answer into
the sitemap every later step reads: titles are the brief's own, slugs are made here (never
by the model), every page opens with a hero (its heading is the page's one H1), the page a
person contacts the business on (titled so in the site's language) shows the brief's
contact details right after its hero whatever the planner chose, and the navigation lists
the pages in the brief's order.
"""

from __future__ import annotations

from typing import Any

from presswright.content.quality import TextKind, text_problems
from presswright.content.slugs import slugify
from presswright.errors import ContentContractError
from presswright.llm.prose import prose_string
from presswright.sites.brief import SiteBrief

__all__ = [
    "MAX_SECTIONS",
    "PAGE_ARCHETYPES",
    "build_sitemap",
    "is_contact_page",
    "plan_schema",
]

# Archetypes a page may hold after its hero: none of them carries a stand-in picture, and
# none needs facts the brief does not give. Pricing tables, testimonials and figures would
# be prices, customers' words and numbers the model made up (invented reviews are unlawful
# in many places, e.g. the US FTC's 2024 rule on fake reviews and testimonials), so a site
# page never holds them; a planner's answer naming them is left out like any unknown name.
PAGE_ARCHETYPES = (
    "features",
    "faq",
    "cta",
    "text",
    "newsletter",
    "contact",
)
MAX_SECTIONS = 4  # after the hero
_CLOSING = " .,;:!?\u3002\uff0c\uff01\uff1f\u060c\u061f"
# Words that make a page title the contact page, in the ten languages (lower case).
_CONTACT_WORDS = (
    "contact", "kontakt", "contacto", "contactar", "contatti", "contatto", "contattaci",
    "تماس", "ارتباط", "اتصل", "تواصل", "お問い合わせ", "連絡", "문의", "연락",
    "联系", "聯繫", "聯絡",
)  # fmt: skip


def is_contact_page(title: str) -> bool:
    """Whether a page title names the page people contact the business on."""
    lowered = title.casefold()
    return any(word in lowered for word in _CONTACT_WORDS)


def plan_schema(pages: int) -> dict[str, Any]:
    """The JSON Schema of the planner's answer, with exactly ``pages`` pages."""
    page = {
        "type": "object",
        "properties": {
            # One sentence a reader reads (the page's prompts quote it): it ends a sentence.
            "purpose": prose_string(10, 200),
            "keyword": {"type": "string", "minLength": 3, "maxLength": 60},
            "sections": {
                "type": "array",
                "minItems": 1,
                "maxItems": MAX_SECTIONS,
                "items": {"type": "string", "enum": list(PAGE_ARCHETYPES)},
            },
        },
        "required": ["purpose", "keyword", "sections"],
        "additionalProperties": False,
    }
    return {
        "title": "SitePlan",
        "type": "object",
        "properties": {
            "tagline": {"type": "string", "minLength": 10, "maxLength": 100},
            "pages": {"type": "array", "minItems": pages, "maxItems": pages, "items": page},
        },
        "required": ["tagline", "pages"],
        "additionalProperties": False,
    }


def _sections(asked: list[str], *, contact: bool, contact_page: bool = False) -> list[str]:
    """Hero first, then the planner's sections in order, each once, known ones only.

    A contact page with contact details to show has them first after its hero: the details
    are what the page is for, and they are the brief's own words, not the model's.
    """
    kept: list[str] = ["contact"] if contact and contact_page else []
    for name in asked:
        if name == "contact" and not contact:
            name = "cta"  # no details to show: a call to action says how to get in touch
        if name in PAGE_ARCHETYPES and name not in kept:
            kept.append(name)
    return ["hero", *kept[:MAX_SECTIONS]]


def _unique_slug(title: str, language: str, taken: set[str], fallback: str) -> str:
    slug = slugify(title, language) or fallback
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    taken.add(candidate)
    return candidate


def build_sitemap(brief: SiteBrief, plan: dict[str, Any]) -> dict[str, Any]:
    """The sitemap of ``brief`` from the planner's answer; ContentContractError if unusable."""
    answered = list(plan.get("pages") or [])
    problems: list[str] = []
    if len(answered) != len(brief.pages):
        problems.append(
            f"the plan has {len(answered)} pages; the brief asks for {len(brief.pages)}"
        )
    tagline = " ".join(str(plan.get("tagline") or "").split())
    problems += [str(p) for p in text_problems("tagline", tagline, brief.language, kind="short")]
    taken: set[str] = set()
    pages: list[dict[str, Any]] = []
    for index, (title, answer) in enumerate(zip(brief.pages, answered, strict=False)):
        # A search phrase has no closing punctuation ("Rosa's Bakery." is searched without it).
        keyword = " ".join(str(answer.get("keyword") or "").split()).strip(_CLOSING)
        purpose = " ".join(str(answer.get("purpose") or "").split())
        checked: tuple[tuple[str, str, TextKind], ...] = (
            (f"pages[{index}].keyword", keyword, "short"),
            (f"pages[{index}].purpose", purpose, "prose"),
        )
        for field, text, kind in checked:
            problems += [str(p) for p in text_problems(field, text, brief.language, kind=kind)]
        pages.append(
            {
                "index": index,
                "title": title,
                "slug": _unique_slug(title, brief.language, taken, f"page-{index + 1}"),
                "purpose": purpose,
                "keyword": keyword,
                "sections": _sections(
                    list(answer.get("sections") or []),
                    contact=brief.contact is not None,
                    contact_page=is_contact_page(title),
                ),
                "front": index == 0,
            }
        )
    if problems:
        raise ContentContractError(
            "site plan", problems, hint="regenerate the plan, or use a larger model"
        )
    posts = None
    if brief.posts_page:
        posts = {
            "title": brief.posts_page,
            "slug": _unique_slug(brief.posts_page, brief.language, taken, "posts"),
        }
    navigation = [{"label": page["title"], "slug": page["slug"]} for page in pages]
    if posts is not None:
        navigation.append({"label": posts["title"], "slug": posts["slug"]})
    return {
        "tagline": tagline,
        "pages": pages,
        "navigation": navigation,
        "front_page": pages[0]["slug"],
        "posts_page": posts,
    }
