"""The book flow's answers for the served studio: the scripted author of tests/books.

:class:`BrowserBooks` answers the book flow's prompts (plan, outline, chapter parts,
summaries, continuity checks) with :class:`tests.books.flow_fakes.FakeAuthor`, which writes a
lighthouse story in readable English whose sentences never repeat inside a chapter (the prose
gate refuses repeats). A book briefed in Arabic (its system prompt says "in Arabic") gets
:class:`ArabicAuthor`: the same story in Arabic, built the same way from word lists. Every
other prompt is left to the studio's other fakes.
"""

from __future__ import annotations

import re
from typing import Any

from presswright.llm.types import ProviderRequest
from tests.books.flow_fakes import FakeAuthor

__all__ = [
    "AR_POOLS",
    "AR_TITLE",
    "CONTINUITY_AUDIENCE",
    "CONTINUITY_CLAIM",
    "ArabicAuthor",
    "BrowserBooks",
    "arabic_sentence",
]

# A book briefed for this audience (it is in every prompt's system text) gets an author whose
# chapter 2 first contradicts the bible's timeline: the continuity pass flags it.
CONTINUITY_AUDIENCE = "readers who check timelines"
CONTINUITY_CLAIM = "The lamp failed for the first time in early June."

AR_TITLE = "ابنة حارس المنارة"
# Who (all her, so every verb is feminine), did what, to what, when, how.
AR_POOLS = (
    ["مارا", "ابنة الحارس", "الفتاة", "الفتاة الصغيرة", "البنت الشجاعة", "هي"],
    ["راقبت", "تبعت", "تذكرت", "درست", "عبرت", "أصلحت",
     "حملت", "نظفت", "رسمت", "وصفت", "فتحت", "زارت"],
    ["الميناء الرمادي", "الدرج الضيق", "المصباح المكسور", "الصخور الباردة",
     "الشباك الفضية", "القارب الخشبي", "الباب الثقيل", "الحديقة الصغيرة",
     "الشاطئ الهادئ", "النافذة المضيئة", "الطريق الطويل", "السوق الفارغ"],
    ["قبل الفجر", "بعد العشاء", "في المساء الهادئ", "أثناء العاصفة الطويلة",
     "عند الظهر", "في الصباح الأول", "تحت القمر الشاحب", "في آخر الليل"],
    ["بيد ثابتة", "دون كلمة", "بينما اشتدت الريح", "بينما غنت الطيور",
     "بعناية كبيرة", "بينما تغير المد", "بينما هطل المطر", "بابتسامة دافئة"],
)  # fmt: skip
AR_COMBINATIONS = 6 * 12 * 12 * 8 * 8


def arabic_sentence(seed: int) -> str:
    """One Arabic sentence; different seeds below AR_COMBINATIONS give different ones."""
    index = (seed * 7919) % AR_COMBINATIONS
    parts = []
    for pool in AR_POOLS:
        index, pick = divmod(index, len(pool))
        parts.append(pool[pick])
    return " ".join(parts) + "."


class ArabicAuthor(FakeAuthor):
    """The lighthouse story in Arabic: bible, outline, prose, summaries, no findings."""

    def __init__(self) -> None:
        super().__init__(language="ar")

    def architect(self, prompt: str, request: ProviderRequest) -> dict[str, Any]:
        return {
            "title": AR_TITLE,
            "premise": "فتاة تحرس منارة والدها طوال شتاء مليء بالعواصف وتتعلم معنى الشجاعة.",
            "characters": [
                {
                    "name": "مارا",
                    "traits": "شجاعة وفضولية في الثانية عشرة من عمرها",
                    "arc": "تتعلم أن تثق بنفسها",
                },
                {"name": "توم", "traits": "والدها، حارس المنارة الصبور", "arc": "يتعلم أن يثق بها"},
            ],
            "places": [{"name": "صخرة النورس", "description": "الجزيرة التي تقوم عليها المنارة."}],
            "timeline": ["تبدأ العواصف في نوفمبر.", "ينطفئ المصباح في ديسمبر."],
            "glossary": [{"term": "غرفة المصباح", "definition": "الغرفة التي يوضع فيها المصباح."}],
        }

    def outline(self, prompt: str, request: ProviderRequest) -> dict[str, Any]:
        assert request.json_schema is not None
        count = request.json_schema["properties"]["chapters"]["maxItems"]
        ordinals = ["الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس"]
        return {
            "chapters": [
                {
                    "title": f"المد {ordinals[(number - 1) % len(ordinals)]}",
                    "goal": f"تواجه مارا البحر بطريقة جديدة في الفصل {number}.",
                    "beats": [
                        "تصعد مارا إلى البرج عند الغروب.",
                        "يظهر قارب قرب الصخور.",
                        "يضاء المصباح من جديد.",
                    ],
                    "end_state": f"يضيء المصباح ويهدأ الميناء بعد الفصل {number}.",
                    "deaths": [],
                }
                for number in range(1, count + 1)
            ]
        }

    def part(self, prompt: str, request: ProviderRequest) -> dict[str, Any]:
        found = re.search(r"next part of chapter (\d+) of", prompt)
        assert found is not None, prompt[:120]
        number = int(found.group(1))
        self.parts_of[number] += 1
        base = (number * 1000 + self.parts_of[number] * 10 + request.params.sample * 997) * 8
        size = self.sentences_per_paragraph
        paragraphs = [
            " ".join(arabic_sentence(seed) for seed in range(base + start, base + start + size))
            for start in (0, size)
        ]
        return {"paragraphs": paragraphs}

    def summary(self, prompt: str, request: ProviderRequest) -> dict[str, Any]:
        return {
            "summary": "أبقت مارا المصباح مضيئا طوال العاصفة وتعلمت أن تثق بحكمها.",
            "end_state": "مرت العاصفة وما زالت المنارة تضيء الخليج.",
            "deaths": [],
        }

    def check(self, prompt: str, request: ProviderRequest) -> dict[str, Any]:
        return {"findings": []}


class BrowserBooks:
    """The fake model's answers to the book flow: one author per language for the server."""

    def __init__(self) -> None:
        self.author = FakeAuthor()
        self.arabic = ArabicAuthor()
        self.contradicting = FakeAuthor(
            contradiction={2: (CONTINUITY_CLAIM, "The lamp fails in December.")}
        )

    def answers(self, prompt: str) -> bool:
        """Whether ``prompt`` is one of the book flow's ("Plan an article" is not)."""
        try:
            step = FakeAuthor.step(prompt)
        except AssertionError:
            return False
        return step != "architect" or prompt.startswith("Plan a ")

    def __call__(self, request: ProviderRequest) -> str:
        system = next((m.content for m in request.messages if m.role == "system"), "")
        author = self.arabic if "in Arabic" in system else self.author
        if CONTINUITY_AUDIENCE in system:
            author = self.contradicting
        answer = author(request)
        author.prompts.clear()  # a served studio writes many books: keep no prompts
        return answer
