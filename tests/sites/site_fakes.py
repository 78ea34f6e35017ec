"""A scripted model for the site flow on the shipped fake provider.

It answers each request of the site flow the way a good model would: the plan (a tagline
and, for exactly the pages the schema asks, a purpose, a search phrase and sections), each
slot group of a page (through the pattern tests' :class:`SlotWriter`, with the page's key
phrase in the hero's introduction), each page's SEO title and meta description, and the
design (colours a little off AA, so the repair has work, and a font pairing). A test can
break one thing: ``junk_seo`` answers a page's meta description with words of no language.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from presswright.llm.types import ProviderRequest
from tests.content.test_pattern_corpus import SlotWriter

KEYWORDS = [
    "fresh sourdough bread",
    "family bakery history",
    "bakery catering service",
    "visit our bakery",
    "seasonal cakes order",
    "bakery opening hours",
    "bread baking classes",
    "wedding cake design",
    "gluten free pastries",
    "coffee and breakfast",
]
SECTIONS = [["features", "cta"], ["text", "newsletter"], ["features", "faq"], ["contact", "text"]]
FILLER_TEXT = (
    "warm loaves, sweet pastries and strong coffee baked by our friendly team every morning"
    " for neighbours, families and visitors who walk through the door of our little shop"
)
FILLER = re.findall(r"\S+", FILLER_TEXT)
# Words of the filler a sentence cannot end on.
_NO_ENDING = frozenset({"and", "the", "our", "for", "by", "of", "who", "through", "every"})
GIBBERISH = "Xqzt vrrplk mnbvc qwrtp zxcvb lkjhg poiuy wqrtz mnbbv cxzlk jhgfd spoiu ytrew"


def meta_description(keyword: str, business: str, seed: int) -> str:
    """A meta description of 140 to 160 characters holding ``keyword``."""
    words = [f"Discover {keyword} at {business}:"]
    extra = FILLER[seed % 5 :] + FILLER[: seed % 5]
    for word in extra:
        if len(" ".join([*words, word])) > 155:
            break
        words.append(word)
    while words[-1].rstrip(",").casefold() in _NO_ENDING:  # "... families and." is cut off
        words.pop()
    text = " ".join(words).rstrip(",") + "."
    assert 140 <= len(text) <= 160, (len(text), text)
    return text


@dataclass
class FakeSiteModel:
    """Answers the site flow's requests; the fields let a test break one thing."""

    business: str = "Rosa's Bakery"
    junk_seo: set[str] = field(default_factory=set)  # page titles whose meta is gibberish
    # Page title -> how many of its hero requests are answered without the key phrase.
    bland_heroes: Counter[str] = field(default_factory=Counter)
    hero_requests: Counter[str] = field(default_factory=Counter)
    # Page title -> how many of its hero requests are answered with text that is not JSON.
    broken_heroes: Counter[str] = field(default_factory=Counter)
    steps: Counter[str] = field(default_factory=Counter)
    writer: SlotWriter = field(default_factory=SlotWriter)
    seo_prompts: list[str] = field(default_factory=list)

    def __call__(self, request: ProviderRequest) -> str:
        assert request.json_schema is not None, "every site flow request has a schema"
        title = request.json_schema.get("title")
        prompt = next(m.content for m in request.messages if m.role == "user")
        self.steps[str(title)] += 1
        if title == "SitePlan":
            return json.dumps(self.plan(request.json_schema))
        if title == "PageSeo":
            self.seo_prompts.append(prompt)
            return json.dumps(self.seo(prompt, request))
        if title == "SiteDesign":
            return json.dumps(self.design())
        return self.slots(prompt, request)

    def plan(self, schema: dict[str, Any]) -> dict[str, Any]:
        count = schema["properties"]["pages"]["maxItems"]
        return {
            "tagline": "Warm bread and friendly faces every morning",
            "pages": [
                {
                    "purpose": f"Tell visitors about {KEYWORDS[n]} and invite them in.",
                    "keyword": KEYWORDS[n],
                    "sections": SECTIONS[n % len(SECTIONS)],
                }
                for n in range(count)
            ],
        }

    def slots(self, prompt: str, request: ProviderRequest) -> str:
        answer = json.loads(self.writer(request))
        phrase = re.search(r'Key phrase: "([^"]+)"', prompt)
        page = re.search(r'the "([^"]+)" page of the website', prompt)
        if "hero banner" in prompt and page:
            self.hero_requests[page[1]] += 1
            if self.hero_requests[page[1]] <= self.broken_heroes[page[1]]:
                return "Sorry, here is the banner text you asked for."
            if self.hero_requests[page[1]] <= self.bland_heroes[page[1]]:
                return json.dumps(answer, ensure_ascii=False)  # the key phrase left out
        if "hero banner" in prompt and "intro" in answer and phrase:
            answer["intro"] = (
                f"Come and enjoy {phrase[1]} made with care by our small team in town."
            )
        return json.dumps(answer, ensure_ascii=False)

    def seo(self, prompt: str, request: ProviderRequest) -> dict[str, str]:
        page = re.search(r'of the page "([^"]+)"', prompt)
        phrase = re.search(r'Use the phrase "([^"]+)"', prompt)
        assert page and phrase, prompt
        seed = request.params.sample + self.steps["PageSeo"]
        if page[1] in self.junk_seo:
            return {
                "seo_title": f"{phrase[1]} at {self.business}"[:60],
                "meta_desc": (GIBBERISH + " " + GIBBERISH)[:150],
            }
        return {
            "seo_title": f"{phrase[1].capitalize()} | {self.business}"[:60],
            "meta_desc": meta_description(phrase[1], self.business, seed),
        }

    @staticmethod
    def design() -> dict[str, str]:
        return {
            "base": "#fffaf3",
            "contrast": "#3a3a3a",
            "surface": "#f4e9da",
            "muted": "#9a8f85",  # too light on both backgrounds: the repair darkens it
            "primary": "#d9822b",  # too light for links: the repair darkens it
            "on_primary": "#ffffff",
            "secondary": "#6b4e3d",
            "accent": "#c9b8a6",
        }
