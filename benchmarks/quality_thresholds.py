"""How far the quality gate's thresholds sit from the good and the bad corpus, per language.

For each threshold of :data:`presswright.content.quality.THRESHOLDS` that a sample can be
measured against, prints the worst good sample, the threshold and the best bad sample of
``tests/content/corpus`` (good: ``good/<language>.yaml``; bad: ``bad/samples.yaml``), and
the two margins. A negative margin is a false alarm (good side) or a miss (bad side); the
tests in ``tests/content/test_quality.py`` fail then too. Also measures what the gate costs:
load time and memory of the language detector (low- and high-accuracy lingua) and of each
word list, each in a fresh interpreter. Like every benchmark it exits 0 once it has reported.

Run: .venv/bin/python benchmarks/quality_thresholds.py
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from presswright.content.language import language_confidences
from presswright.content.quality import THRESHOLDS
from presswright.content.quality_words import (
    SEGMENTED_LANGUAGES,
    brief_words,
    count_words,
    letter_tokens,
)

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "content" / "corpus"
LANGUAGES = ("en", "fa", "ar", "de", "es", "fr", "it", "ja", "ko", "zh")

# Resident memory from /proc: ru_maxrss would carry over this process's peak across fork.
_COST = """
import re, time
{setup}
def rss():
    with open("/proc/self/status") as status:
        return int(re.search(r"VmRSS:\\s+(\\d+)", status.read()).group(1)) / 1024
before = rss()
start = time.perf_counter()
{body}
print(time.perf_counter() - start, rss() - before)
"""
_LINGUA_SETUP = """
from lingua import LanguageDetectorBuilder
from presswright.content.language import _LINGUA
"""
_LINGUA = """
builder = LanguageDetectorBuilder.from_languages(*_LINGUA).with_preloaded_language_models()
detector = ({mode}).build()
detector.compute_language_confidence_values("warm up the detector")
"""


def _cost(setup: str, body: str) -> tuple[float, float]:
    """Seconds and MB of resident memory ``body`` adds, after ``setup`` (imports) ran."""
    script = _COST.format(setup=setup, body=body)
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.split()
    return float(out[0]), float(out[1])


def _good(language: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((CORPUS / "good" / f"{language}.yaml").read_text())
    return data


def _wrong_confidence(text: str, language: str) -> float:
    confidences = language_confidences(text)
    return max(value for code, value in confidences.items() if code != language)


def _row(name: str, good: float | None, threshold: float, bad: float | None, low: bool) -> str:
    """One line; ``low`` when good samples sit above the threshold (a share), else below."""

    def show(value: float | None) -> str:
        return "-" if value is None else f"{value:.2f}"

    sign = 1 if low else -1
    good_margin = None if good is None else sign * (good - threshold)
    bad_margin = None if bad is None else sign * (threshold - bad)
    return (
        f"  {name:<26} worst good {show(good):>5}  threshold {threshold:.2f}"
        f"  best bad {show(bad):>5}  margins {show(good_margin):>5} / {show(bad_margin):>5}"
    )


def _language_report(language: str, bad: list[dict[str, Any]]) -> list[str]:
    data = _good(language)
    extra = brief_words([data["brief"]])
    cutoffs = THRESHOLDS.word_cutoffs
    segmented = language in SEGMENTED_LANGUAGES
    prose = [*data["prose"], *data["meta_desc"]]
    prose_floor = THRESHOLDS.cjk_min_word_share if segmented else THRESHOLDS.prose_min_word_share
    good_share = min(count_words(text, language, extra, cutoffs).share for text in prose)
    bad_shares = [
        count_words(case["text"], language, frozenset(), cutoffs).share
        for case in bad
        if case["language"] == language and case["rule"] == "quality_words"
    ]
    shorts = [count_words(text, language, extra, cutoffs) for text in data["short"]]
    minimum = THRESHOLDS.short_min_cjk_chars if segmented else THRESHOLDS.short_min_tokens
    judged = [count.share for count in shorts if count.total >= minimum]
    good_wrong = [_wrong_confidence(text, language) for text in prose]
    bad_wrong = [
        _wrong_confidence(case["text"], language)
        for case in bad
        if case["language"] == language and case["rule"] == "quality_language"
    ]
    return [
        f"{language}:",
        _row("word share, prose", good_share, prose_floor, max(bad_shares, default=None), True),
        _row(
            "word share, short fields",
            min(judged, default=None),
            THRESHOLDS.short_min_word_share,
            None,
            True,
        ),
        _row(
            "wrong-language confidence",
            max(good_wrong),
            THRESHOLDS.language_min_confidence,
            min(bad_wrong, default=None),
            False,
        ),
    ]


def main() -> None:
    """Print the margins per language, then the load costs."""
    bad: list[dict[str, Any]] = yaml.safe_load((CORPUS / "bad" / "samples.yaml").read_text())
    print("Quality gate thresholds against tests/content/corpus (margins: good / bad side)")
    for language in LANGUAGES:
        print("\n".join(_language_report(language, bad)))
    longest = max(
        len(token)
        for language in LANGUAGES
        if language not in SEGMENTED_LANGUAGES
        for text in _good(language)["prose"]
        for token in letter_tokens(text)
    )
    glued = THRESHOLDS.glued_min_letters + 1
    print(f"longest good Latin/Arabic word: {longest} letters; glued from {glued}")
    print("\nCosts, each in a fresh interpreter (seconds, MB of resident memory added):")
    for mode in ("builder.with_low_accuracy_mode()", "builder"):
        seconds, megabytes = _cost(_LINGUA_SETUP, _LINGUA.format(mode=mode))
        label = "low accuracy (used)" if "low" in mode else "high accuracy"
        print(f"  lingua, ten languages, {label:<20} {seconds:5.2f} s {megabytes:7.1f} MB")
    for language in LANGUAGES:
        sample = _good(language)["prose"][0]
        seconds, megabytes = _cost(
            "from presswright.content.quality_words import count_words",
            f"count_words({sample!r}, {language!r})",
        )
        print(f"  word list {language}{'':<31} {seconds:5.2f} s {megabytes:7.1f} MB")


if __name__ == "__main__":
    main()
