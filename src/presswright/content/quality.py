"""The quality gate of the content contract: is each free-text field publishable text?

Shape rules say a meta description is 140 to 160 characters; these say it is text. Every
free-text field must be in the requested language (``quality_language``), be made of words
of that language (``quality_words``), hold no junk such as timestamps, hashes, keyboard mash,
digit runs or URLs nobody gave (``quality_junk``), not repeat itself (``quality_repetition``),
not copy the prompt (``quality_prompt_leak``), and a slug must be made of words
(``slug_words``). Messages say what is wrong and how to fix it: they are quoted back to the
model in repair re-asks and printed by ``presswright check``.

Every threshold is in :data:`THRESHOLDS`; ``benchmarks/quality_thresholds.py`` prints the
margin between each one and the worst good and best bad sample of the corpora in
``tests/content/corpus``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Literal

from presswright.content.field_rules import violation
from presswright.content.language import describe_language, detect_language
from presswright.content.quality_junk import junk_problems
from presswright.content.quality_prompts import (
    instruction_labels,
    instruction_shingles,
    instruction_texts,
    shingles,
    words,
)
from presswright.content.quality_repeats import field_repeats, part_repeats
from presswright.content.quality_talk import chatter, length_instruction, task_words, text_count
from presswright.content.quality_unfinished import dangling_words, unfinished_problems
from presswright.content.quality_words import (
    DEFAULT_CUTOFFS,
    SEGMENTED_LANGUAGES,
    Cutoffs,
    brief_words,
    count_words,
    is_slug_word,
    plain,
)
from presswright.content.slugs import slug_problem
from presswright.content.violations import Violation

__all__ = [
    "THRESHOLDS",
    "QualityThresholds",
    "TextKind",
    "dangling_words",
    "instruction_texts",
    "repetition_problems",
    "text_problems",
]

TextKind = Literal["prose", "short", "slug"]


@dataclass(frozen=True)
class QualityThresholds:
    """Every number the gate decides by; the corpus margins are in benchmarks/README.md."""

    # Prose needs this many word tokens (CJK: characters) before its word share is judged;
    # below it one brand name would decide the verdict.
    prose_min_tokens: int = 4
    prose_min_cjk_chars: int = 12
    # Share of tokens that must be words in prose. Good samples: worst 0.90 (a Persian meta
    # description with rare verbs); invented words among real function words: 0.79 (it)
    # and lower.
    prose_min_word_share: float = 0.85
    # Invented words allowed in one prose field of en/de/es/fr/it: lowercase tokens of four
    # letters or more in no word list and not in the brief. Good samples have at most one (a
    # rare inflection: "belüftetem"); the packaged model's French word salad had 2 to 4
    # ("bétenecère", "jeutes", "socilisement") at a word share of 0.89 to 0.91.
    # Judged only below this word share: one rare word in a short sentence weighs more.
    prose_max_invented_words: int = 1
    prose_invented_below_share: float = 0.95
    # Chinese, Japanese, Korean: share of characters in listed words (see word_cutoffs).
    # Good prose: worst 0.78 (zh), 0.81 (ko), 0.89 (ja); random katakana 0.6, random
    # hanzi and rare Hangul syllables 0.
    cjk_min_word_share: float = 0.7
    # Short fields (titles, bullets, tags) are judged only with this many tokens, and fail
    # when fewer than half of them are words (one brand name in a title must pass).
    short_min_tokens: int = 3
    short_min_cjk_chars: int = 6
    short_min_word_share: float = 0.5
    # How frequent a listed entry must be to count (wordfreq bucket: centibels below a
    # frequency of 1, so bucket 300 is Zipf 6, 600 Zipf 3, 700 Zipf 2). A single CJK
    # character only when very frequent (particles: の, 的, 를), since nearly every
    # character is listed alone; CJK entries of two or three characters from Zipf 2 (good
    # words such as 堆肥 sit at 645, random kana pairs such as そみ at 698 or unlisted);
    # each part of a German compound from Zipf 3, so random letters do not split into rare
    # fragments. Entries of four or more characters count at any frequency.
    word_cutoffs: Cutoffs = DEFAULT_CUTOFFS
    # A slug needs this share of its non-numeric parts to be words, and at least one word.
    slug_min_word_share: float = 0.6
    # Lingua confidence (0..1, shares of the ten languages) the detected language needs;
    # below it the text is not judged. Corpus: every good sample gives a wrong language
    # 0.00, every wrong-language sample reaches 1.00 (low-accuracy mode is decisive), so
    # the threshold sits mid-way where a mixed text is left alone.
    language_min_confidence: float = 0.6
    # Below these sizes a text is a title or a label whose language is not judged: words of
    # the dominant script (Latin or Arabic), or CJK characters. The shortest good FAQ answer
    # has 14 words; lingua is reliable from about 8.
    language_min_words: int = 8
    language_min_cjk_chars: int = 12
    # Share of letters the dominant script needs (CJK weighted 3 per character, one CJK
    # character carrying about a short word); less is a mixed text that is not judged.
    language_min_script_share: float = 0.6
    # A letter token longer than this that is not a word (nor three glued words) is several
    # words glued together. Longest good word of the corpus: 18 letters.
    glued_min_letters: int = 22
    # Junk: lower-to-upper switches inside one token (YouTube has 1, hash noise 5+).
    mixed_case_switches: int = 3
    # Junk: consonants in a row in a token that is not a word ("sdfgh"); German "Angstschweiß"
    # has 7 but is a word, and real words are never judged by this.
    consonant_run: int = 5
    # Junk: digit groups in one run of digits and punctuation ("140-256,793.8" has 4; a
    # price "1,299.00" or a date "12.05.2024" has 3) and digits in a row (an id, not a number).
    digit_groups: int = 4
    digit_run: int = 8
    # Junk: comma-separated lowercase clusters of 1-3 letters in a row (", s, bf, daf, fb").
    letter_clusters: int = 4
    # Prose whose letters are under this share of its non-space characters is mostly junk.
    prose_min_letter_share: float = 0.5
    # Repetition: a sentence of at least this many words (CJK: characters) said twice in a
    # field or across a document's parts, and a run of this many words said three times.
    repeat_sentence_words: int = 5
    repeat_sentence_cjk_chars: int = 12
    repeat_run_words: int = 6
    repeat_run_cjk_chars: int = 10
    repeat_run_count: int = 3
    # A short field (title, heading, bullet) ending in one of these words was cut off
    # mid-phrase: no heading ends in "the" or "and". Judged from this many words up, so a
    # two-word label such as "Made in" is left alone.
    dangling_min_words: int = 3


THRESHOLDS = QualityThresholds()


def _leak_problems(
    field: str, text: str, kind: TextKind, brief: str, task_talk: bool
) -> list[Violation]:
    fix = "write the content itself, in your own words, and no instructions"
    spaced = text.replace("-", " ") if kind == "slug" else text
    length = length_instruction(spaced, brief) if kind in {"short", "slug"} or task_talk else None
    if length:
        return [
            violation(
                field,
                "quality_prompt_leak",
                f"{length!r} is a length instruction copied from the prompt, not content; {fix}",
            )
        ]
    if task_talk:
        talk = text_count(text, brief)
        if talk:
            return [
                violation(
                    field,
                    "quality_prompt_leak",
                    f"{talk!r} counts the words of the text itself, which is the prompt talking,"
                    f" not content; {fix}",
                )
            ]
        talk = task_words(text, brief)
        if talk:
            return [
                violation(
                    field,
                    "quality_prompt_leak",
                    f"{talk!r} names a part of the writing job, not of the product; {fix}",
                )
            ]
    leaked = (shingles(text) & instruction_shingles()) - shingles(brief)
    if leaked:
        run = " ".join(sorted(leaked)[0])
        return [
            violation(
                field,
                "quality_prompt_leak",
                f"the text copies the prompt ({run!r}); {fix}",
            )
        ]
    folded = " ".join(words(text))
    for label in instruction_labels():
        parts = label.split()
        prefixes = {" ".join(parts[:size]) for size in range(min(3, len(parts)), len(parts) + 1)}
        for prefix in prefixes:
            if re.search(rf"(?<!\w){re.escape(prefix)}\s*:", text.casefold()) or (
                kind == "short" and folded == prefix
            ):
                return [
                    violation(
                        field,
                        "quality_prompt_leak",
                        f"{prefix!r} is a label from the prompt, not content; {fix}",
                    )
                ]
    return []


def _chatter_problems(field: str, text: str) -> list[Violation]:
    found = chatter(text)
    if found is None:
        return []
    return [
        violation(
            field,
            "quality_chatter",
            f"{found!r} talks to the person who asked instead of being the content;"
            " write only the content itself",
        )
    ]


# Latin-script languages whose word lists are large enough that a lowercase word missing
# from them is invented (names and brands are capitalised, and the brief's words count).
_INVENTED_LANGUAGES = frozenset({"en", "de", "es", "fr", "it"})
_ADDRESS = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+", re.IGNORECASE)


def _invented(text: str, language: str, extra: frozenset[str]) -> list[str]:
    count = count_words(_ADDRESS.sub(" ", text), language, extra, THRESHOLDS.word_cutoffs)
    found: dict[str, str] = {}
    for token in count.unknown:
        if token[:1].islower() and len(token) >= 4:
            # Two forms of one rare word ("aufschiebbarer", "aufschiebbaren") are one word.
            found.setdefault(token.casefold()[:6], token)
    return list(found.values())


def _word_problems(
    field: str, text: str, language: str, kind: TextKind, extra: frozenset[str]
) -> list[Violation]:
    t = THRESHOLDS
    count = count_words(text, language, extra, t.word_cutoffs)
    segmented = language in SEGMENTED_LANGUAGES
    if kind == "prose":
        minimum = t.prose_min_cjk_chars if segmented else t.prose_min_tokens
        floor = t.cjk_min_word_share if segmented else t.prose_min_word_share
    else:
        minimum = t.short_min_cjk_chars if segmented else t.short_min_tokens
        floor = t.short_min_word_share
    if kind == "short" and count.known == 0 and not segmented:
        # A bullet, tag or heading with no word at all ("1.50 EUR", "24oz") says nothing.
        return [
            violation(
                field,
                "quality_words",
                f"the text has no {describe_language(language)} word; say it in words",
            )
        ]
    if (
        kind == "prose"
        and language in _INVENTED_LANGUAGES
        and count.share < t.prose_invented_below_share
    ):
        invented = _invented(text, language, extra)
        if len(invented) > t.prose_max_invented_words:
            listed = ", ".join(repr(word) for word in invented[:8])
            return [
                violation(
                    field,
                    "quality_words",
                    f"{listed} are not {describe_language(language)} words; write real words"
                    " of the language",
                )
            ]
    if count.total < minimum or count.share >= floor:
        return []
    strangers = ", ".join(repr(token) for token in dict.fromkeys(count.unknown))
    return [
        violation(
            field,
            "quality_words",
            f"only {count.share:.0%} of the text is {describe_language(language)} words"
            f" ({strangers[:160]} are not); write real words of the language",
        )
    ]


def _slug_problems(field: str, slug: str, language: str, extra: frozenset[str]) -> list[Violation]:
    if slug_problem(slug, language) is not None:
        return []  # a malformed slug is the "slug" rule's; its words are judged once it is valid
    parts = [part for part in slug.split("-") if part]
    lettered = [part for part in parts if not part.isdigit()]
    if language in SEGMENTED_LANGUAGES:
        # A CJK slug is the title's own words: judged like a short field, by segmentation.
        count = count_words(" ".join(lettered), language, extra, THRESHOLDS.word_cutoffs)
        share, known = count.share, count.known
    else:
        known = sum(
            1 for part in lettered if is_slug_word(part, language, extra, THRESHOLDS.word_cutoffs)
        )
        share = known / len(lettered) if lettered else 0.0
    if lettered and known and share >= THRESHOLDS.slug_min_word_share:
        return []
    return [
        violation(
            field,
            "slug_words",
            f"slug {slug!r} is not made of words; make it from the words of the title, e.g."
            " 'how-to-bake-sourdough-bread'",
        )
    ]


def text_problems(
    field: str,
    text: str,
    language: str,
    *,
    kind: TextKind = "prose",
    allowed_urls: Collection[str] = (),
    brief: str = "",
    task_talk: bool = False,
) -> list[Violation]:
    """Every quality rule one free-text field breaks; empty for publishable text.

    ``task_talk`` is for copy that describes a thing (a product): there any count of words
    or characters and any name of the job's parts (keywords, meta description) is the prompt
    talking, while an article may discuss them (see :mod:`quality_talk`).
    """
    if not text.strip():
        return []
    extra = brief_words([brief])
    problems = _leak_problems(field, text, kind, brief, task_talk)
    if kind == "slug":
        return problems or _slug_problems(field, text, language, extra)
    problems += junk_problems(
        field, text, language, kind=kind, allowed_urls=allowed_urls, brief=brief
    )
    problems += _chatter_problems(field, text)
    problems += unfinished_problems(field, plain(text), language, kind)
    # Any field long enough to judge (a long alt text or bullet too) is in the language asked.
    detected = detect_language(text, min_confidence=THRESHOLDS.language_min_confidence)
    if detected is not None and detected != language:
        problems.append(
            violation(
                field,
                "quality_language",
                f"the text reads as {describe_language(detected)}, not"
                f" {describe_language(language)}; write it in"
                f" {describe_language(language)}",
            )
        )
    if kind == "prose":
        problems += field_repeats(field, text)
    # Text in another language is not made of this one's words: one violation says it.
    if not any(problem.rule == "quality_language" for problem in problems):
        problems += _word_problems(field, text, language, kind, extra)
    return problems


def repetition_problems(field: str, parts: Sequence[str]) -> list[Violation]:
    """Repeated paragraphs or sentences across the parts of one document (e.g. its paragraphs)."""
    return part_repeats(field, parts)
