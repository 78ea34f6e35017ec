"""A scripted author for the book flow on the shipped fake provider.

It answers each step the way a good model would (a bible, an outline with the chapters the
schema asks for, parts of readable English prose, summaries, continuity checks) and lets a
test break one thing: a chapter whose parts come back as gibberish, a dead character who
speaks in the first draft of a chapter. Prose is built from word lists so that no sentence
repeats inside a chapter (the prose gate refuses repeats) and a new draw (``sample``) gives
new text.
"""

# The Chinese author writes Chinese punctuation, which looks like ASCII's.
# ruff: noqa: RUF001

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from presswright.books.continuity import REWRITE_SAMPLE
from presswright.llm.types import ProviderRequest

CHARACTERS = {
    "Mara": "brave and curious, twelve years old",
    "Tom": "her father, the patient lighthouse keeper",
    "Elias": "an old fisherman who knows the currents",
}
SUBJECTS = ["Mara", "Elias", "The keeper's daughter", "The old fisherman", "The girl", "She"]
VERBS = [
    "watched", "followed", "remembered", "studied", "crossed", "mended", "counted",
    "carried", "cleaned", "painted", "searched", "described",
]  # fmt: skip
OBJECTS = [
    "the grey harbour", "the narrow stairs", "the broken lamp", "the cold rocks",
    "the silver nets", "the wooden boat", "the heavy door", "the small garden",
    "the quiet beach", "the bright window", "the long road", "the empty market",
]  # fmt: skip
TIMES = [
    "before dawn", "after supper", "in the quiet evening", "during the long storm",
    "at noon", "on the first morning", "under a pale moon", "late at night",
]  # fmt: skip
MANNERS = [
    "with a steady hand", "without a word", "as the wind rose", "while the gulls cried",
    "with great care", "as the tide turned", "while the rain fell", "with a warm smile",
]  # fmt: skip
COMBINATIONS = len(SUBJECTS) * len(VERBS) * len(OBJECTS) * len(TIMES) * len(MANNERS)
# The same in Chinese: who, when, how, did what, to what.
ZH_POOLS = (
    ["玛拉", "老渔夫", "她", "守塔人的女儿", "那个女孩", "埃利亚斯"],
    ["在黎明前", "晚饭后", "在安静的夜晚", "在漫长的暴风雨中",
     "中午", "第一天早上", "在月光下", "深夜"],
    ["小心地", "一句话也没说就", "在风中", "在海鸥的叫声里",
     "慢慢地", "在潮水退去时", "在雨中", "微笑着"],
    ["看着", "走过", "想起", "打扫", "修好", "数着",
     "搬起", "寻找", "画下", "描述", "擦亮", "关上"],
    ["灰色的港口", "狭窄的楼梯", "破旧的灯", "冰冷的岩石", "银色的渔网", "木船",
     "沉重的门", "小花园", "安静的海滩", "明亮的窗户", "长长的路", "空荡荡的市场"],
)  # fmt: skip
ZH_COMBINATIONS = 6 * 8 * 8 * 12 * 12
OUTLINE_BATCH = re.compile(r"Outline chapters (\d+) to (\d+) of its")
GIBBERISH = "Xqzt vrrplk mnbvc qwrtp zxcvb lkjhg poiuy wqrtz, mnbbv cxzlk jhgfd spoiu ytrew."


def sentence(seed: int) -> str:
    """One English sentence; different seeds below COMBINATIONS give different sentences."""
    index = (seed * 7919) % COMBINATIONS  # a prime stride scatters neighbouring seeds
    parts = []
    for pool in (SUBJECTS, VERBS, OBJECTS, TIMES, MANNERS):
        index, pick = divmod(index, len(pool))
        parts.append(pool[pick])
    subject, verb, thing, time, manner = parts
    return f"{subject} {verb} {thing} {time} {manner}."


def zh_sentence(seed: int) -> str:
    """One Chinese sentence; different seeds below ZH_COMBINATIONS give different ones."""
    index = (seed * 7919) % ZH_COMBINATIONS
    parts = []
    for pool in ZH_POOLS:
        index, pick = divmod(index, len(pool))
        parts.append(pool[pick])
    return "".join(parts) + "。"


@dataclass
class FakeAuthor:
    """Answers the book flow's prompts; the fields let a test break one thing."""

    fail_chapters: set[int] = field(default_factory=set)  # parts of these are gibberish
    speaker: dict[int, str] = field(default_factory=dict)  # chapter -> dead who speaks
    deaths: dict[int, list[str]] = field(default_factory=dict)  # chapter -> who dies there
    # chapter -> (a sentence its first draft has, the bible's fact that it contradicts)
    contradiction: dict[int, tuple[str, str]] = field(default_factory=dict)
    invent_findings: bool = False  # the check answers with quotes found nowhere
    kind: str = "fiction"
    language: str = "en"  # en, or zh: the bible, outline and prose in Chinese
    sentences_per_paragraph: int = 4
    steps: Counter[str] = field(default_factory=Counter)
    parts_of: Counter[int] = field(default_factory=Counter)  # chapter -> part calls
    prompts: dict[str, list[str]] = field(default_factory=dict)
    outline_batches: list[tuple[int, int]] = field(default_factory=list)  # chapters asked

    @staticmethod
    def step(prompt: str) -> str:
        if prompt.startswith("Plan a"):
            return "architect"
        if "Outline its" in prompt or OUTLINE_BATCH.search(prompt):
            return "outline"
        if prompt.startswith("Write the next part"):
            return "part"
        if "Sum up this chapter" in prompt:
            return "summary"
        if "contradicts a fact above" in prompt:
            return "check"
        raise AssertionError(f"unexpected prompt: {prompt[:120]}")

    def __call__(self, request: ProviderRequest) -> str:
        prompt = next(m.content for m in request.messages if m.role == "user")
        step = self.step(prompt)
        self.steps[step] += 1
        self.prompts.setdefault(step, []).append(prompt)
        answer: dict[str, Any] = getattr(self, step)(prompt, request)
        return json.dumps(answer)

    # --- the steps --------------------------------------------------------------------------

    def architect(self, prompt: str, request: ProviderRequest) -> dict[str, Any]:
        if self.kind == "nonfiction":
            return {
                "title": "Tides for Beginners",
                "premise": "Anyone can learn to read the sea: tides follow the moon, and a"
                " few simple rules explain them.",
                "topics": [
                    {"name": "The moon", "summary": "How the moon pulls the water."},
                    {"name": "Tide tables", "summary": "How to read the times and heights."},
                ],
                "terms": [{"term": "Spring tide", "definition": "A tide with a large range."}],
            }
        if self.language == "zh":
            return {
                "title": "守塔人的女儿",
                "premise": "一个女孩在风暴不断的冬天里守护父亲的灯塔，并学会了什么是勇气。",
                "characters": [
                    {"name": "玛拉", "traits": "勇敢又好奇的十二岁女孩", "arc": "学会相信自己"},
                    {"name": "汤姆", "traits": "她的父亲，耐心的守塔人", "arc": "学会放手"},
                ],
                "places": [{"name": "海鸥岩", "description": "灯塔所在的小岛。"}],
                "timeline": ["十一月风暴开始。", "十二月灯坏了。"],
                "glossary": [{"term": "灯室", "definition": "放灯的房间。"}],
            }
        return {
            "title": "The Lighthouse Keeper's Daughter",
            "premise": "A girl keeps her father's lighthouse burning through a winter of"
            " storms and learns what courage costs.",
            "characters": [
                {"name": name, "traits": traits, "arc": "learns to trust the sea"}
                for name, traits in CHARACTERS.items()
            ],
            "places": [{"name": "Gull Rock", "description": "The island of the lighthouse."}],
            "timeline": ["The storms begin in November.", "The lamp fails in December."],
            "glossary": [{"term": "Lantern room", "definition": "The room that holds the lamp."}],
        }

    def outline(self, prompt: str, request: ProviderRequest) -> dict[str, Any]:
        assert request.json_schema is not None
        count = request.json_schema["properties"]["chapters"]["maxItems"]
        batch = OUTLINE_BATCH.search(prompt)
        first = int(batch.group(1)) if batch else 1  # a long book is outlined in batches
        self.outline_batches.append((first, first + count - 1))
        chapters = []
        for number in range(first, first + count):
            if self.language == "zh":
                chapters.append(
                    {
                        "title": f"第{number}章的潮水",
                        "goal": f"玛拉用新的方式面对大海（第{number}部分）。",
                        "beats": ["玛拉在黄昏时爬上灯塔。", "礁石附近出现了一条船。"],
                        "end_state": f"第{number}部分之后，灯亮着，港口很平静。",
                        "deaths": [],
                    }
                )
                continue
            chapter: dict[str, Any] = {
                "title": f"The {['First', 'Second', 'Third'][number % 3]} Tide of Part {number}",
                "goal": f"Mara faces the sea in a new way (part {number}).",
                "beats": [
                    "Mara climbs the tower at dusk.",
                    "A boat is seen near the rocks.",
                    "The lamp is lit again.",
                ],
                "end_state": f"The lamp burns and the harbour is calm after part {number}.",
            }
            if self.kind == "fiction":
                chapter["deaths"] = self.deaths.get(number, [])
            chapters.append(chapter)
        return {"chapters": chapters}

    def part(self, prompt: str, request: ProviderRequest) -> dict[str, Any]:
        number = int(re.search(r"next part of chapter (\d+) of", prompt).group(1))  # type: ignore[union-attr]
        self.parts_of[number] += 1
        if number in self.fail_chapters:
            return {"paragraphs": [GIBBERISH, GIBBERISH.replace("Xqzt", "Plkq")]}
        # Seeds differ per chapter, per part of the chapter and per draw (sample).
        base = (number * 1000 + self.parts_of[number] * 10 + request.params.sample * 997) * 8
        paragraphs = []
        for offset in (0, self.sentences_per_paragraph):
            seeds = range(base + offset, base + offset + self.sentences_per_paragraph)
            if self.language == "zh":
                paragraphs.append("".join(zh_sentence(seed) for seed in seeds))
            else:
                paragraphs.append(" ".join(sentence(seed) for seed in seeds))
        first_draft = request.params.sample < REWRITE_SAMPLE  # the continuity pass draws later
        dead = self.speaker.get(number)
        if dead and first_draft:
            paragraphs.append(f'"Keep the lamp burning tonight," {dead} said softly to Mara.')
        if number in self.contradiction and first_draft:
            paragraphs.append(self.contradiction[number][0])
        return {"paragraphs": paragraphs}

    def summary(self, prompt: str, request: ProviderRequest) -> dict[str, Any]:
        number = int(re.search(r"Chapter (\d+):", prompt).group(1))  # type: ignore[union-attr]
        if self.language == "zh":
            return {
                "summary": "玛拉在风暴中守住了灯，学会了相信自己的判断。",
                "end_state": "风暴过去了，灯塔依然照亮海湾。",
                "deaths": [],
            }
        return {
            "summary": "Mara keeps the lamp burning through the storm and learns to trust her"
            " own judgement.",
            "end_state": "The storm has passed and the lighthouse still shines over the bay.",
            "deaths": self.deaths.get(number, []),
        }

    def check(self, prompt: str, request: ProviderRequest) -> dict[str, Any]:
        findings = []
        for claim, fact in self.contradiction.values():
            if claim in prompt:
                findings.append({"kind": "timeline", "quote": claim, "contradicts": fact})
        if self.invent_findings:
            findings.append(
                {
                    "kind": "fact",
                    "quote": "Mara sailed to the moon in a paper boat.",
                    "contradicts": "Mara never leaves the island.",
                }
            )
        return {"findings": findings}
