"""The shipped fake provider's answers for the browser tests: articles, product copy, patterns.

The served studio runs every generation on ``fake:test`` (the shipped fake provider, stored as
the workspace's ``fake`` connection). :class:`BrowserStudio` answers each prompt of the three
content flows: articles about sourdough bread in English or Arabic (any number of sections,
with or without FAQ), product copy for any product name (from ``tests.bulk.fakes``), and
block patterns (from ``tests.content.test_pattern_flow``). Every answer meets its contract,
so the screens show real, checked results.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from presswright.llm.provider_check import CHECK_PROMPT
from presswright.llm.types import ProviderRequest
from tests.browser.book_fakes import BrowserBooks
from tests.browser.site_fakes import BrowserSites
from tests.bulk.fakes import product_draft
from tests.content.test_pattern_flow import FakeDesigner

__all__ = ["AR_KEYWORD", "AR_TOPIC", "EN_KEYWORD", "EN_TOPIC", "BrowserStudio"]

EN_TOPIC = "Baking sourdough bread at home"
EN_KEYWORD = "sourdough bread"
AR_TOPIC = "خبز العجين المخمر في المنزل"
AR_KEYWORD = "خبز العجين المخمر"


@dataclass(frozen=True)
class _Article:
    """Everything a writer says about sourdough bread, in one language."""

    title: str
    sections: list[tuple[str, str]]
    intro: str
    conclusion: tuple[str, str]
    faq: list[tuple[str, str]]
    seo_title: str
    meta: str
    excerpt: str
    filler: str


ENGLISH = _Article(
    title="Sourdough bread at home",
    sections=[
        (
            "Feeding the starter",
            "A starter needs a regular meal of flour and water; when it doubles within a few"
            " hours it is lively enough to raise a loaf with a deep, tangy flavour.",
        ),
        (
            "Mixing and folding",
            "Mix flour, water, salt and starter, let the dough rest, then fold it gently every"
            " half hour: the folds build strength without the work of long kneading.",
        ),
        (
            "Shaping and baking",
            "Shape the dough into a taut round, let it rise slowly in the fridge overnight, and"
            " bake it in a very hot Dutch oven until the crust crackles.",
        ),
        (
            "Choosing the flour",
            "Wholemeal flour gives a richer taste and feeds the starter quickly, while strong"
            " white flour gives a light, open crumb; a mix of both suits beginners.",
        ),
        (
            "Keeping the loaf fresh",
            "Wrap the cooled loaf in a clean linen towel and keep it in a dry place, or slice"
            " and freeze it so every morning's toast tastes freshly baked.",
        ),
        (
            "Fixing common mistakes",
            "A flat loaf usually means a weak starter or a short rise, and a dense crumb asks"
            " for more time and warmth, so keep notes and adjust one thing at a time.",
        ),
    ],
    intro=(
        "Baking sourdough bread at home takes patience, but a lively starter and a slow rise"
        " reward you with a crust that crackles and a crumb full of flavour."
    ),
    conclusion=(
        "Your first loaf",
        "Start simple, bake often, and your sourdough will improve with every loaf you pull"
        " from the oven.",
    ),
    faq=[
        ("How long does sourdough take?", "About a day from mixing to baking."),
        ("Can I use a loaf tin?", "Yes, it bakes well and slices neatly."),
        ("Does a starter need feeding daily?", "Only when it lives on the counter."),
    ],
    seo_title="Sourdough bread at home: a patient baker's guide",
    meta=(
        "Learn how to bake sourdough bread at home: feed a lively starter, shape the loaf, and"
        " bake a crackling crust with an open, flavourful crumb."
    ),
    excerpt="A patient guide to sourdough at home.",
    filler=(
        "A good loaf needs time more than skill: let the dough rise slowly, fold it gently,"
        " and bake it in a very hot oven."
    ),
)

ARABIC = _Article(
    title="خبز العجين المخمر في المنزل",
    sections=[
        (
            "تغذية الخميرة الطبيعية",
            "تحتاج الخميرة الطبيعية إلى وجبة منتظمة من الدقيق والماء كل يوم، وعندما يتضاعف"
            " حجمها خلال ساعات قليلة تصبح جاهزة لرفع رغيف ذي نكهة عميقة.",
        ),
        (
            "الخلط والطي",
            "اخلط الدقيق والماء والملح مع الخميرة، ثم اترك العجين يرتاح قليلاً واطوه برفق كل"
            " نصف ساعة، فالطي يقوي العجين دون تعب العجن الطويل.",
        ),
        (
            "التشكيل والخبز",
            "شكّل العجين رغيفاً مشدود السطح، واتركه يختمر ببطء في البراد طوال الليل، ثم اخبزه"
            " في قدر حديدي ساخن جداً حتى تتشقق القشرة وتصبح ذهبية.",
        ),
        (
            "اختيار الدقيق",
            "يمنح دقيق القمح الكامل طعماً أغنى ويغذي الخميرة بسرعة، بينما يعطي الدقيق الأبيض"
            " القوي لباً خفيفاً ومفتوحاً، والمزج بينهما بداية ممتازة للمبتدئين.",
        ),
        (
            "حفظ الرغيف طازجاً",
            "لف الرغيف بعد أن يبرد بمنشفة نظيفة من الكتان واحفظه في مكان جاف، أو قطّعه شرائح"
            " وجمّده لتحمّص منه ما تحتاجه كل صباح.",
        ),
        (
            "أخطاء شائعة وحلولها",
            "إذا خرج الرغيف مسطحاً فغالباً ما تكون الخميرة ضعيفة أو الاختمار قصيراً، أما اللب"
            " الكثيف فيحتاج إلى وقت أطول ودفء أكثر، فدوّن ملاحظاتك وغيّر أمراً واحداً في كل مرة.",
        ),
    ],
    intro=(
        "يحتاج خبز العجين المخمر في المنزل إلى الصبر، لكن الخميرة النشيطة والاختمار البطيء"
        " يكافئانك بقشرة مقرمشة ولب غني بالنكهة."
    ),
    conclusion=(
        "رغيفك الأول",
        "ابدأ بوصفة بسيطة واخبز كثيراً، وسيتحسن خبزك مع كل رغيف تخرجه من الفرن.",
    ),
    faq=[
        ("كم يستغرق تحضير الرغيف؟", "يستغرق يوماً كاملاً تقريباً بين الخلط والخبز."),
        ("هل يمكنني استخدام قالب الخبز؟", "نعم، يخبز جيداً في القالب ويسهل تقطيعه."),
        ("هل تحتاج الخميرة إلى تغذية يومية؟", "فقط عندما تبقى خارج البراد."),
    ],
    seo_title="خبز العجين المخمر في المنزل: دليل الخباز الصبور",
    meta=(
        "تعلّم خبز العجين المخمر في المنزل خطوة بخطوة وبهدوء: غذِّ الخميرة الطبيعية، واطوِ العجين"
        " برفق، واخبز رغيفاً بقشرة مقرمشة ولب مفتوح غني بالنكهة."
    ),
    excerpt="دليل هادئ لخبز العجين المخمر في المنزل.",
    filler=(
        "الرغيف الجيد يحتاج إلى الوقت أكثر من المهارة: اترك العجين يختمر ببطء، واطوه برفق،"
        " واخبزه في فرن ساخن جداً."
    ),
)

_ARTICLES = {"English": ENGLISH, "Arabic": ARABIC}
_LANGUAGE = re.compile(r"\bin (?P<name>English|Arabic)\b")


class ArticleWriter:
    """Answers every step of the article flow in the language the prompt names."""

    def article(self, prompt: str) -> _Article:
        found = _LANGUAGE.search(prompt)
        if found is None:
            raise AssertionError(f"an article in a language the fake does not write: {prompt[:80]}")
        return _ARTICLES[found["name"]]

    def answer(self, prompt: str, schema: dict[str, Any] | None) -> dict[str, Any]:
        article = self.article(prompt)
        if prompt.startswith("An article in "):  # one field asked for again
            return {"text": self.field_text(article, prompt)}
        if "Rewrite the search metadata" in prompt:
            return self.seo(article)
        if "Rewrite the opening paragraph" in prompt:
            return {"paragraph": article.intro}
        if "Plan an article" in prompt:
            wanted = schema["properties"]["sections"]["maxItems"] if schema else 2
            return {"title": article.title, "sections": [h for h, _ in article.sections][:wanted]}
        if "Write the section" in prompt:
            text = next((p for h, p in article.sections if f'"{h}"' in prompt), article.filler)
            return {"paragraphs": [text]}
        if "opening paragraph" in prompt:
            return {"paragraph": article.intro}
        if "closing section" in prompt:
            heading, paragraph = article.conclusion
            return {"heading": heading, "paragraph": paragraph}
        if "frequently asked questions" in prompt:
            return {"items": [{"question": q, "answer": a} for q, a in article.faq]}
        if "search metadata" in prompt:
            return self.seo(article)
        raise AssertionError(f"unexpected article prompt: {prompt[:80]}")

    @staticmethod
    def seo(article: _Article) -> dict[str, Any]:
        return {
            "seo_title": article.seo_title,
            "meta_desc": article.meta,
            "excerpt": article.excerpt,
        }

    @staticmethod
    def field_text(article: _Article, prompt: str) -> str:
        """A good text for the field a rewrite prompt names in its "Write ..." line."""
        asked = next((line for line in prompt.splitlines() if line.startswith("Write ")), "")
        for what, text in (
            ("meta description", article.meta),
            ("opening paragraph", article.intro),
            ("search result title", article.seo_title),
            ("excerpt", article.excerpt),
            ("answer", article.faq[0][1]),
            ("heading", article.conclusion[0]),
        ):
            if what in asked:
                return text
        return article.filler


_PRODUCT = re.compile(r"^Product: (?P<name>.+)$", re.MULTILINE)


class BrowserStudio:
    """The fake model behind the served studio: one callable for every content prompt."""

    def __init__(self) -> None:
        self.writer = ArticleWriter()
        self.designer = FakeDesigner()
        self.books = BrowserBooks()
        self.sites = BrowserSites()

    def __call__(self, request: ProviderRequest) -> str:
        prompt = next(m.content for m in request.messages if m.role == "user")
        if prompt == CHECK_PROMPT:  # the Test button of Settings, Providers
            return "OK"
        if self.sites.answers(request, prompt):
            return self.sites(request)
        if self.books.answers(prompt):
            return self.books(request)
        if "block pattern" in prompt or (
            request.json_schema and request.json_schema.get("title") == "PatternText"
        ):
            return self.designer(request)
        if prompt.startswith("Product copy in "):  # one field of product copy asked again
            found = _PRODUCT.search(prompt)
            name = found["name"].strip() if found else "Linen apron"
            return json.dumps({"text": f"{name} for everyday use"})
        if "product copy" in prompt:
            found = _PRODUCT.search(prompt)
            assert found is not None, prompt[:200]
            return json.dumps(product_draft(found["name"].strip()))
        return json.dumps(self.writer.answer(prompt, request.json_schema))
