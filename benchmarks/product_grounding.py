"""Product claim grounding: how often the check flags good copy, and lets off-topic claims pass.

The check (``presswright.content.grounding``) passes a feature bullet or short-description
sentence that shares a content word with the product's facts and flags one that shares none.
It is lexical, so it has known limits; this script counts them over three sets:

* ``corpus``: the test corpus (``tests/content/grounding_corpus.py``), good and bad claims
  in the ten languages. The test suite requires it to be judged without a miss.
* ``hard``: good copy that paraphrases the facts with none of their words (a false
  positive for a lexical check), and off-topic claims that happen to share a word or a
  root with the facts (a false negative). Written to show the limits, not to pass.
* ``swapped``: each product's good bullets judged against every other product of the same
  language: claims about another product, which should all be flagged. Some are true of
  both products (a "30 × 45 cm" size, "hand wash"), so misses here are an upper bound.

It also counts the facts of ``benchmarks/corpus/products.jsonl`` that are not in the copy's
language (English facts for Japanese copy): the check is not made for those.

Run: .venv/bin/python benchmarks/product_grounding.py [--show]
"""

# ruff: noqa: RUF002
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from presswright.content.grounding import (  # noqa: E402
    FactTerms,
    fact_terms,
    facts_in_language,
    supported,
)
from presswright.content.models import ProductFacts  # noqa: E402
from tests.content.grounding_corpus import CASES  # noqa: E402

# (case name, claim, is it a good claim?)
HARD: list[tuple[str, str, bool]] = [
    ("en-walnut-board", "Kind to your knives", True),
    ("en-walnut-board", "Solid hardwood that lasts for years", True),
    ("en-walnut-board", "Catches drips while you carve the roast", True),
    ("en-walnut-board", "Hand-painted by local artists", False),
    ("en-water-bottle", "Keeps your tea piping hot all morning", True),
    ("en-water-bottle", "Steel straw included", False),
    ("en-yoga-mat", "Cushions your knees on hard floors", True),
    ("de-walnut-board", "Ideal für Brot und Käse", True),
    ("de-beeswax-wraps", "Hält Getränke 24 Stunden kalt", False),
    ("de-beeswax-wraps", "Hält Käse und Obst länger frisch", True),
    ("es-frying-pan", "Perfecta para huevos y tortillas", True),
    ("fr-walnut-board", "Idéale pour le pain et le fromage", True),
    ("fr-soap", "Une mousse onctueuse qui nettoie en douceur", True),
    ("it-moka", "Il caffè come lo faceva la nonna", True),
    ("ar-argan-oil", "هدية مثالية لكل المناسبات", False),
    ("ar-argan-oil", "يمنح شعرك لمعاناً طبيعياً", True),
    ("fa-saffron", "عطر و طعم بی‌نظیر به غذا می‌دهد", True),
    ("fa-walnut-board", "قابل شستشو در ماشین ظرفشویی", False),
    ("ja-walnut-board", "木のぬくもりを感じる", True),
    ("ja-arita-mug", "毎朝のコーヒータイムに", True),
    ("ko-walnut-board", "식기세척기 사용 가능", False),
    ("ko-green-tea", "은은한 향과 깔끔한 맛", True),
    ("zh-walnut-board", "切肉切菜都好用", True),
    ("zh-bedding", "让您一夜好眠", True),
]


def _judge(text: str, terms: FactTerms, min_terms: int) -> bool | None:
    return supported(text, terms, min_terms=min_terms)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print each miss")
    args = parser.parse_args()
    facts = {case.name: ProductFacts.model_validate(case.facts) for case in CASES}
    terms = {name: fact_terms(item) for name, item in facts.items()}
    counts: dict[str, Counter[str]] = {}

    def count(kind: str, language: str, good: bool, judged: bool | None, text: str) -> None:
        tally = counts.setdefault(kind, Counter())
        tally["good" if good else "bad"] += 1
        if good and judged is False:
            tally["FP"] += 1
            tally[f"FP {language}"] += 1
        elif not good and judged is not False:
            tally["FN"] += 1
            tally[f"FN {language}"] += 1
        else:
            return
        if args.show:
            print(f"  {kind} {'FP' if good else 'FN'} [{language}] {text!r}")

    for case in CASES:
        language = facts[case.name].language
        for texts, good, min_terms in (
            (case.good, True, 1),
            (case.bad, False, 1),
            (case.good_short, True, 2),
            (case.bad_short, False, 2),
        ):
            for text in texts:
                count("corpus", language, good, _judge(text, terms[case.name], min_terms), text)
    for name, text, good in HARD:
        count("hard", facts[name].language, good, _judge(text, terms[name], 1), text)
    for case in CASES:
        for other in CASES:
            language = facts[case.name].language
            if other is case or facts[other.name].language != language:
                continue
            for text in case.good:
                count("swapped", language, False, _judge(text, terms[other.name], 1), text)

    for kind, tally in counts.items():
        by_language = ", ".join(
            f"{key.split()[0]} {key.split()[1]}: {value}"
            for key, value in sorted(tally.items())
            if " " in key
        )
        print(
            f"{kind:8} good {tally['good']:4}  bad {tally['bad']:4}  false positives"
            f" {tally['FP']:3}  false negatives {tally['FN']:3}"
            + (f"  ({by_language})" if by_language else "")
        )
    lines = (ROOT / "benchmarks" / "corpus" / "products.jsonl").read_text("utf-8").splitlines()
    briefs = [json.loads(line) for line in lines if line.strip()]
    skipped = [
        item["id"]
        for item in briefs
        if not facts_in_language(
            ProductFacts.model_validate({k: v for k, v in item.items() if k != "id"})
        )
    ]
    print(
        f"products.jsonl: {len(briefs)} facts, {len(skipped)} not in the copy's language"
        f" (check not made): {', '.join(skipped)}"
    )


if __name__ == "__main__":
    main()
