"""Tokens per second of the packaged local model: raw llama-cpp-python vs Presswright.

Both generate up to ``--tokens`` tokens for the same prompt with the same sampling settings
(the local provider's tuned defaults, temperature 0, a fixed seed) from the packaged
SmolLM2 GGUF file, in alternating repetitions after one warm-up each:

    raw   llama_cpp.Llama(...).create_chat_completion(...)
    pw    LLMClient.complete(..., model="local:smollm2", cache=False)

Presswright's side includes what it adds to every local call: streaming out of a worker
thread, the deadline/loop-guard logits processor, and the client's bookkeeping.

Run: .venv/bin/python benchmarks/local_tokens_per_second.py [--tokens 200] [--repeats 5]
Target: pw reaches at least 0.9x the raw tokens per second.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from presswright.llm.client import LLMClient
from presswright.llm.local_model import packaged_model_path
from presswright.llm.providers.local import LOCAL_DEFAULTS
from presswright.llm.registry import ProviderRegistry
from presswright.llm.types import GenerationParams
from presswright.settings import Settings

TARGET_RATIO = 0.9
SEED = 1234
PROMPT = "Write a long, detailed story about a baker who opens a shop in a small mountain town."


def raw_run(llama: Any, max_tokens: int) -> tuple[int, float, str]:
    """Completion tokens, seconds and text of one raw llama-cpp-python call."""
    arguments = dict(LOCAL_DEFAULTS, temperature=0.0, max_tokens=max_tokens, seed=SEED)
    started = time.perf_counter()
    answer = llama.create_chat_completion(
        messages=[{"role": "user", "content": PROMPT}], **arguments
    )
    seconds = time.perf_counter() - started
    return (
        int(answer["usage"]["completion_tokens"]),
        seconds,
        answer["choices"][0]["message"]["content"],
    )


def presswright_run(client: LLMClient, max_tokens: int) -> tuple[int, float, str]:
    """Completion tokens, seconds and text of one call through the LLM client."""
    params = GenerationParams(temperature=0.0, max_tokens=max_tokens, seed=SEED)
    started = time.perf_counter()
    result = asyncio.run(client.complete(PROMPT, model="local:smollm2", params=params, cache=False))
    return result.tokens_out, time.perf_counter() - started, result.text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=200, help="max tokens per generation")
    parser.add_argument("--repeats", type=int, default=5, help="measured runs per side")
    args = parser.parse_args()

    path = packaged_model_path()
    if path is None:
        print("the packaged model is not installed: pip install 'presswright[local]'")
        return 1
    import llama_cpp

    with tempfile.TemporaryDirectory(prefix="pw-bench-") as folder:
        settings = Settings(home=Path(folder) / "home", default_model="local:smollm2")
        client = LLMClient(settings=settings, registry=ProviderRegistry(settings))
        llama = llama_cpp.Llama(
            model_path=str(path),
            n_ctx=settings.local_context_length,
            n_threads=settings.local_threads,
            verbose=False,
        )
        sides: dict[str, Callable[[], tuple[int, float, str]]] = {
            "raw": lambda: raw_run(llama, args.tokens),
            "pw": lambda: presswright_run(client, args.tokens),
        }
        for run in sides.values():
            run()  # warm-up: model load, first allocation, page cache
        results: dict[str, list[tuple[int, float, str]]] = {name: [] for name in sides}
        names = list(sides)
        for repeat in range(args.repeats):
            order = names if repeat % 2 == 0 else names[::-1]
            for name in order:
                results[name].append(sides[name]())
        asyncio.run(client.aclose())

    print(f"\nmodel: {path.name}, prompt of {len(PROMPT)} chars, max_tokens={args.tokens}")
    print(
        f"{'side':<5} {'runs':>4} {'tokens':>7} {'seconds':>8} {'tokens/s':>9}"
        f" {'median run':>11} {'best run':>9}"
    )
    rates: dict[str, float] = {}
    best: dict[str, float] = {}
    for name, runs in results.items():
        tokens = sum(t for t, _, _ in runs)
        seconds = sum(s for _, s, _ in runs)
        rates[name] = tokens / seconds
        per_run = [t / s for t, s, _ in runs]
        best[name] = max(per_run)
        print(
            f"{name:<5} {len(runs):>4} {tokens:>7} {seconds:>8.2f} {rates[name]:>9.1f}"
            f" {statistics.median(per_run):>11.1f} {max(per_run):>9.1f}"
        )
    texts = {text for runs in results.values() for _, _, text in runs}
    print(f"same text from every run on both sides: {'yes' if len(texts) == 1 else 'no'}")
    ratio = rates["pw"] / rates["raw"]
    verdict = "meets" if ratio >= TARGET_RATIO else "MISSES"
    print(
        f"\nPresswright runs at {ratio:.2f}x the raw tokens per second: {verdict} the target"
        f" (at least {TARGET_RATIO:.1f}x); best run vs best run: {best['pw'] / best['raw']:.2f}x."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
