"""What building a grammar costs a local call, for each pipeline output schema.

For ArticleOutline, SectionDraft, IntroDraft, ConclusionDraft, FaqDraft, SeoDraft,
ProductDraft and PatternDraft (with the English script pattern, as the pipelines ask):

    cold    convert the schema (``schema_to_grammar``) + llama.cpp parses the grammar
    cached  the cached grammar (``decoding_grammar`` hit) + llama.cpp parses it, which
            llama-cpp-python does again on every call

each the median of ``--repeats`` runs, against the baseline: the wall time of a typical
local call measured in the same run (``LLMClient.complete`` on the packaged model with the
ConclusionDraft schema, 120 tokens at most, median of 3 after a warm-up).

Run: .venv/bin/python benchmarks/grammar_overhead.py [--repeats 20]
Target: cold build at most 5% of a typical local call.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from presswright.content.drafts import (
    DRAFT_MODELS,
    ConclusionDraft,
)
from presswright.errors import StructuredOutputError
from presswright.llm.client import LLMClient
from presswright.llm.decoding_constraints import grammar_schema, language_pattern
from presswright.llm.grammar import decoding_grammar, schema_to_grammar
from presswright.llm.local_model import packaged_model_path
from presswright.llm.registry import ProviderRegistry
from presswright.llm.types import GenerationParams
from presswright.settings import Settings

TARGET = 0.05
DRAFTS = DRAFT_MODELS


def median_seconds(action: Callable[[], Any], repeats: int) -> float:
    """The median wall time of ``action`` over ``repeats`` runs."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def typical_call_seconds() -> float:
    """Median wall time of a local ConclusionDraft call (120 tokens at most)."""
    with tempfile.TemporaryDirectory() as home:
        settings = Settings(home=Path(home))
        client = LLMClient(settings=settings, registry=ProviderRegistry(settings))

        async def one(index: int) -> float:
            started = time.perf_counter()
            # A call whose answer fails validation still took a call's time.
            with contextlib.suppress(StructuredOutputError):
                await client.complete(
                    f"Write the conclusion of an article about indoor herbs, part {index}.",
                    model="local:smollm2",
                    schema=ConclusionDraft,
                    params=GenerationParams(max_tokens=120, language="en"),
                    cache=False,
                )
            return time.perf_counter() - started

        async def runs() -> list[float]:
            await one(0)  # loads the model
            return [await one(index) for index in range(1, 4)]

        return statistics.median(asyncio.run(runs()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20)
    options = parser.parse_args()
    import llama_cpp

    path = packaged_model_path()
    if path is None:
        raise SystemExit("the packaged model is missing: pip install 'presswright[local]'")
    vocab_model = llama_cpp.Llama(model_path=str(path), vocab_only=True, verbose=False)

    def parse(text: str) -> None:
        sampler = llama_cpp.llama_sampler_init_grammar(
            vocab_model._model.vocab, text.encode(), b"root"
        )
        assert sampler, "llama.cpp refused a grammar"
        llama_cpp.llama_sampler_free(sampler)

    pattern = language_pattern("en")
    rows = []
    for draft in DRAFTS:
        schema = draft.model_json_schema()
        fitted = grammar_schema(schema, pattern=pattern)
        size = len(schema_to_grammar(fitted).text)
        cold = median_seconds(lambda f=fitted: parse(schema_to_grammar(f).text), options.repeats)
        decoding_grammar(schema, language="en")
        cached = median_seconds(
            lambda s=schema: parse(decoding_grammar(s, language="en").text), options.repeats
        )
        rows.append((draft.__name__, size, cold, cached))
    call = typical_call_seconds()
    print(f"typical local call (ConclusionDraft, <= 120 tokens): {call * 1000:.0f} ms\n")
    print(
        f"{'schema':<16} {'grammar':>9} {'cold ms':>8} {'ratio':>7} {'cached ms':>10} {'ratio':>7}"
    )
    for name, size, cold, cached in rows:
        print(
            f"{name:<16} {size:>8}B {cold * 1000:>8.1f} {cold / call:>7.2%}"
            f" {cached * 1000:>10.2f} {cached / call:>7.2%}"
        )
    worst = max(cold for _, _, cold, _ in rows) / call
    verdict = "met" if worst <= TARGET else "MISSED"
    print(f"\nworst cold build: {worst:.2%} of a typical call (target <= {TARGET:.0%}: {verdict})")


if __name__ == "__main__":
    main()
