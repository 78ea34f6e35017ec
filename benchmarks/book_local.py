"""A whole book on the packaged local model, and the book flow's orchestration cost.

Local (default): the shipped book flow writes a ``--chapters`` chapter, ``--words`` word
book on ``local:smollm2`` (SmolLM2-135M, llama.cpp on the CPU) through the durable engine
on SQLite, and prints the book record: every chapter's length by the book's word rule
against its target with LongWriter's S_l, the whole book's S_l, continuity issues found and
fixed, calls and redraws, and the first paragraph of each chapter so the text can be
judged. Baseline, measured in the same run: one call per chapter of the outline asking the
same model for the whole chapter at once (what a single-pass writer gets), its S_l.

The flow runs as shipped: the packaged model's profile declares it small, and the chapter
writer takes its settings from that where the flow leaves them unset (no text so far shown,
about 100 words a call, eight misses in a row allowed; ``presswright.llm.types.ModelProfile``).
``--context-chars``, ``--words-per-call`` and ``--failures-in-a-row`` set them on the flow
instead, as a person would on the canvas, to compare. A run that still fails is resumed as
a person would (``--resumes``, default 2: finished chapters are kept, the failed one draws
afresh); the report says how many resumes it took.

Fake (``--fake``): a 30-chapter book on the shipped fake provider (the scripted author of
the tests), through the engine, against the same nodes run in order in this process without
the engine (the same calls, a bare LLM client: no durable steps, no node_runs, no usage
log). The difference is what orchestration adds. Both leave out the export step (the run's
exports are the engines' time, measured by ``book_export.py``).

Run:  .venv/bin/python benchmarks/book_local.py            # about 20-30 min on 2 cores
      .venv/bin/python benchmarks/book_local.py --fake     # about 20 s
Targets: local: S_l >= 80 and every chapter within +-25% of its target; fake: the engine
adds at most 2 s to a 30-chapter book.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import select

from presswright.books.brief import BookBrief
from presswright.books.flow import book_flow, book_from_outputs
from presswright.books.length import length_score, within
from presswright.books.model import Paragraph
from presswright.books.prose import paragraph_problems, tidy_paragraph
from presswright.books.wordcount import count_words
from presswright.bootstrap import Instance, cli_workspace, initialize, open_instance
from presswright.flows import operations as ops
from presswright.flows.nodes.base import NodeContext, NodeType
from presswright.flows.registry import node_types
from presswright.flows.runtime import Runtime
from presswright.flows.spec import FlowSpec
from presswright.flows.templates import render, render_value
from presswright.llm.client import LLMClient
from presswright.llm.provider import Connection
from presswright.llm.providers.fake import FakeProvider, FakeScript
from presswright.llm.registry import ProviderRegistry
from presswright.llm.types import GenerationParams
from presswright.settings import Settings
from presswright.store.models import NodeRun
from presswright.store.provider_configs import ProviderConfigCreate, create_provider_config

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # the scripted author lives in tests/books

from tests.books.flow_fakes import FakeAuthor  # noqa: E402

LOCAL_MODEL = "local:smollm2"
TARGET_SCORE = 80.0
TARGET_TOLERANCE = 0.25
TARGET_FAKE_OVERHEAD_S = 2.0
FINISHED = ("completed", "failed", "cancelled", "paused")


def with_writer(spec: FlowSpec, **settings: Any) -> FlowSpec:
    """The flow with the chapter writer's config changed (in the map and for rewrites)."""
    nodes = []
    for node in spec.nodes:
        config = dict(node.config)
        if node.id == "chapters":
            child = dict(config["node"])
            child["config"] = {**child.get("config", {}), **settings}
            config["node"] = child
        elif node.type == "book_continuity":
            config["writer"] = {**config.get("writer", {}), **settings}
        nodes.append(node.model_copy(update={"config": config}))
    return spec.model_copy(update={"nodes": nodes})


def without_export(spec: FlowSpec) -> FlowSpec:
    """The flow without its export step (the engines are benchmarked by book_export.py)."""
    return spec.model_copy(
        update={
            "nodes": [node for node in spec.nodes if node.type != "book_export"],
            "edges": [edge for edge in spec.edges if edge.target != "export"],
            "outputs": {name: t for name, t in spec.outputs.items() if name != "export"},
        }
    )


class Installation:
    """A throwaway home with an embedded runtime."""

    def __init__(self, home: Path) -> None:
        settings = Settings(home=home, default_model=LOCAL_MODEL)
        initialize(settings)
        self.instance: Instance = open_instance(settings)
        self.tenant_id = cli_workspace(self.instance).tenant_id
        self.runtime = Runtime(self.instance, executor_id=f"bench-{uuid.uuid4().hex[:8]}")
        self.runtime.launch()

    def close(self) -> None:
        self.runtime.shutdown()
        self.instance.database.dispose()

    def chapters_done(self, execution_id: str) -> int:
        with self.instance.database.tenant_session(self.tenant_id) as session:
            rows = session.scalars(
                select(NodeRun.node_id).where(
                    NodeRun.execution_id == execution_id,
                    NodeRun.node_id.like("chapters[%"),
                    NodeRun.status == "completed",
                )
            ).all()
        return len(set(rows))

    async def run(
        self,
        spec: FlowSpec,
        inputs: dict[str, Any],
        *,
        timeout: float,
        progress: bool,
        resumes: int = 0,
    ) -> tuple[str, ops.RunStatus, float]:
        """Run the flow to its end; a failed run is resumed up to ``resumes`` times."""
        started = time.perf_counter()
        execution_id = await ops.start(
            self.instance,
            tenant_id=self.tenant_id,
            spec=spec,
            inputs=inputs,
            runtime=self.runtime,
        )
        shown = -1
        self.resumed: list[str] = []
        while True:
            status = ops.execution_status(
                self.instance, tenant_id=self.tenant_id, execution_id=execution_id
            )
            if status.status == "failed" and len(self.resumed) < resumes:
                self.resumed.append(str(status.error))
                print(f"  failed, resuming ({len(self.resumed)} of {resumes}): {status.error}")
                await ops.resume(
                    self.instance,
                    tenant_id=self.tenant_id,
                    execution_id=execution_id,
                    runtime=self.runtime,
                )
                continue
            if status.status in FINISHED:
                return execution_id, status, time.perf_counter() - started
            if time.perf_counter() - started > timeout:
                raise SystemExit(f"the book did not finish within {timeout:.0f} s")
            if progress:
                done = self.chapters_done(execution_id)
                if done != shown:
                    shown = done
                    elapsed = time.perf_counter() - started
                    print(f"  {elapsed:6.0f} s  {done} chapter(s) written", flush=True)
            await asyncio.sleep(0.05 if not progress else 5)


# --- local ------------------------------------------------------------------------------------


async def one_pass_baseline(
    client: LLMClient, brief: BookBrief, outline: list[dict[str, Any]], targets: list[int]
) -> list[tuple[int, int, int]]:
    """(words, usable words, target) of each chapter asked for whole in one call.

    Usable words are those of the paragraphs (lines) that pass the same prose gate the
    chapter writer applies; the raw count is what the model wrote.
    """
    found = []
    for number, (chapter, target) in enumerate(zip(outline, targets, strict=True), start=1):
        prompt = (
            f"Write chapter {number} of {brief.subject} story for {brief.audience}, in English:"
            f" {chapter['title']}. {chapter['goal']} Write about {target} words of prose."
        )
        result = await client.complete(
            prompt,
            model=LOCAL_MODEL,
            params=GenerationParams(max_tokens=min(3000, target * 2), language=brief.language),
            cache=False,
        )
        usable: list[str] = []
        for line in result.text.splitlines():
            text = tidy_paragraph(line)
            if text and not paragraph_problems(
                text, language=brief.language, brief="", prompt=prompt, earlier=usable
            ):
                usable.append(text)
        words = sum(count_words(text, brief.language) for text in usable)
        found.append((count_words(result.text, brief.language), words, target))
    return found


def local(args: argparse.Namespace) -> int:
    brief = BookBrief(
        subject=args.subject,
        audience="young readers",
        language=args.language,
        chapters=args.chapters,
        target_words=args.words,
        author="Presswright Benchmark",
    )
    edits = {
        name: value
        for name, value in (
            ("context_chars", args.context_chars),
            ("failures_in_a_row", args.failures_in_a_row),
            ("words_per_call", args.words_per_call),
        )
        if value is not None
    }
    spec = with_writer(book_flow(), **edits) if edits else book_flow()
    shown = ", ".join(f"{name}={value}" for name, value in edits.items()) or "as shipped"
    print(
        f"book on {LOCAL_MODEL}: {brief.chapters} chapters, {brief.target_words:,}"
        f" {brief.unit}, {brief.language}, writer settings: {shown}"
    )
    with tempfile.TemporaryDirectory() as folder:
        home = Installation(Path(folder) / "home")
        try:
            execution_id, status, seconds = asyncio.run(
                home.run(
                    spec,
                    brief.flow_inputs(model=LOCAL_MODEL),
                    timeout=args.timeout,
                    progress=True,
                    resumes=args.resumes,
                )
            )
            print(
                f"run {execution_id}: {status.status} in {seconds:.0f} s,"
                f" {len(home.resumed)} resume(s)"
            )
            if status.status != "completed":
                print(f"error: {status.error}")
                return 0
            book, record = book_from_outputs(status.outputs or {})
            outline = _outline(home, execution_id)
            client = LLMClient(
                settings=home.instance.settings,
                registry=ProviderRegistry(home.instance.settings),
            )
            started = time.perf_counter()
            targets = [chapter.target for chapter in record.chapters]
            baseline = asyncio.run(one_pass_baseline(client, brief, outline, targets))
            baseline_seconds = time.perf_counter() - started
        finally:
            home.close()
    print()
    print(
        "| chapter | words | target | S_l | within +-25% | calls | redraws | dropped |"
        " issues found/fixed |"
    )
    print("|---:|---:|---:|---:|:---:|---:|---:|---:|:---:|")
    for chapter in record.chapters:
        print(
            f"| {chapter.number} | {chapter.words} | {chapter.target} | {chapter.score:.1f} |"
            f" {'yes' if chapter.within_tolerance else 'no'} | {chapter.calls} |"
            f" {chapter.redraws} | {chapter.dropped_paragraphs} |"
            f" {chapter.issues_found}/{chapter.issues_fixed} |"
        )
    raw_words = sum(raw for raw, _, _ in baseline)
    base_words = sum(words for _, words, _ in baseline)
    base_score = length_score(base_words, brief.target_words)
    base_within = sum(1 for _, words, target in baseline if within(words, target, 0.25))
    base_mean = statistics.fmean(length_score(max(w, 0), t) for _, w, t in baseline)
    print()
    print(
        f"book: {record.words:,} of {record.target:,} {record.unit}, S_l {record.score:.1f}"
        f" (mean over chapters {record.mean_chapter_score:.1f}),"
        f" {record.chapters_within_tolerance}/{len(record.chapters)} chapters within +-25%,"
        f" {seconds / 60:.1f} min"
    )
    print(
        f"baseline, one call per chapter: {raw_words:,} {record.unit} written, {base_words:,}"
        f" pass the prose gate: S_l {base_score:.1f} (mean {base_mean:.1f}), {base_within}/"
        f"{len(baseline)} chapters within +-25%, {baseline_seconds:.0f} s; per chapter"
        f" (written, usable): {[(raw, words) for raw, words, _ in baseline]}"
    )
    print(
        f"continuity: {record.continuity.found} found, {record.continuity.fixed} fixed,"
        f" rewritten {record.continuity.rewritten}; models {record.models}"
    )
    met = record.score >= TARGET_SCORE and record.chapters_within_tolerance == len(record.chapters)
    print(
        f"target (S_l >= {TARGET_SCORE:.0f}, every chapter within +-25%):"
        f" {'met' if met else 'MISSED'}"
    )
    print()
    print(f"{book.meta.title!r} by {book.meta.author}: {book.meta.description}")
    print("the first paragraph of each chapter:")
    for chapter in book.chapters:
        first = next(block for block in chapter.blocks if isinstance(block, Paragraph))
        print(f"  {chapter.number}. {chapter.title}: {first.text[:300]}")
    return 0


def _outline(home: Installation, execution_id: str) -> list[dict[str, Any]]:
    with home.instance.database.tenant_session(home.tenant_id) as session:
        row = session.scalars(
            select(NodeRun).where(
                NodeRun.execution_id == execution_id,
                NodeRun.node_id == "outline",
                NodeRun.status == "completed",
            )
        ).first()
        assert row is not None
        return list(row.output["chapters"])


# --- fake -------------------------------------------------------------------------------------


def _context(
    node_id: str, inputs: dict[str, Any], outputs: dict[str, Any], client: LLMClient, **extra: Any
) -> NodeContext:
    return NodeContext(
        execution_id="direct",
        node_id=node_id,
        inputs=inputs,
        upstream=dict(outputs),
        render=render,
        render_value=render_value,
        complete=client.complete,
        extra=extra,
    )


async def direct_run(spec: FlowSpec, inputs: dict[str, Any], client: LLMClient) -> dict[str, Any]:
    """The flow's nodes run in order in this process: the same work without the engine."""
    types: dict[str, NodeType] = node_types()
    outputs: dict[str, Any] = {}
    for node_id in ("brief", "architect", "outline"):
        node = spec.node(node_id)
        kind = types[node.type]
        context = _context(node_id, inputs, outputs, client)
        outputs[node_id] = (await kind.run(kind.parse_config(node.config), context)).output
    chapters = spec.node("chapters")
    child = types[chapters.config["node"]["type"]]
    child_config = child.parse_config(chapters.config["node"].get("config", {}))
    gate = asyncio.Semaphore(int(chapters.config.get("concurrency", 4)))

    async def item(index: int, value: Any) -> Any:
        async with gate:
            context = _context("chapters", inputs, outputs, client, item=value, index=index)
            return (await child.run(child_config, context)).output

    planned = outputs["outline"]["chapters"]
    outputs["chapters"] = list(await asyncio.gather(*(item(i, v) for i, v in enumerate(planned))))
    for node_id in ("continuity", "book"):
        node = spec.node(node_id)
        kind = types[node.type]
        context = _context(node_id, inputs, outputs, client)
        outputs[node_id] = (await kind.run(kind.parse_config(node.config), context)).output
    return outputs


def fake(args: argparse.Namespace) -> int:
    brief = BookBrief(subject="a sea adventure", chapters=30, target_words=9_000)
    inputs = brief.flow_inputs(model="fake:test")
    spec = without_export(book_flow())
    engine_times: list[float] = []
    direct_times: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        home = Installation(Path(folder) / "home")
        with home.instance.database.tenant_session(home.tenant_id) as session:
            create_provider_config(
                session,
                data=ProviderConfigCreate(name="fake", kind="fake"),
                box=home.instance.secretbox,
            )
        settings = home.instance.settings
        client = LLMClient(
            settings=settings,
            registry=ProviderRegistry(settings, [Connection(name="fake", kind="fake")]),
        )
        try:
            for round_ in range(args.rounds + 1):  # round 0 warms up both sides
                for side in ("engine", "direct"):
                    FakeProvider.scripts["fake"] = FakeScript().add(*[FakeAuthor()] * 2000)
                    started = time.perf_counter()
                    if side == "engine":
                        _, status, _ = asyncio.run(
                            home.run(spec, inputs, timeout=300, progress=False)
                        )
                        assert status.status == "completed", status.error
                        _, record = book_from_outputs(status.outputs or {})
                    else:
                        outputs = asyncio.run(direct_run(spec, inputs, client))
                        record_words = outputs["book"]["record"]["words"]
                        assert record_words > 0
                    elapsed = time.perf_counter() - started
                    if round_:
                        (engine_times if side == "engine" else direct_times).append(elapsed)
        finally:
            home.close()
    engine_s, direct_s = statistics.median(engine_times), statistics.median(direct_times)
    overhead = engine_s - direct_s
    print(f"30-chapter book on the fake provider, median of {args.rounds} interleaved rounds:")
    print(f"  engine (durable steps, node_runs, usage log): {engine_s:.2f} s")
    print(f"  direct (the same nodes in order, bare client): {direct_s:.2f} s")
    print(
        f"  orchestration adds {overhead:.2f} s ({engine_s / direct_s:.2f}x);"
        f" book S_l {record.score:.1f}, {record.chapters_within_tolerance}/30 within +-25%"
    )
    verdict = "met" if overhead <= TARGET_FAKE_OVERHEAD_S else "MISSED"
    print(f"target (adds <= {TARGET_FAKE_OVERHEAD_S:.0f} s): {verdict}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fake", action="store_true", help="orchestration cost, fake provider")
    parser.add_argument("--rounds", type=int, default=3, help="fake: interleaved rounds")
    parser.add_argument("--chapters", type=int, default=6)
    parser.add_argument("--words", type=int, default=6_000)
    parser.add_argument("--language", default="en")
    parser.add_argument("--subject", default="a sea adventure")
    parser.add_argument("--context-chars", type=int, help="set on the flow (default: profile)")
    parser.add_argument("--failures-in-a-row", type=int, help="set on the flow")
    parser.add_argument("--words-per-call", type=int, help="set on the flow")
    parser.add_argument("--resumes", type=int, default=2, help="resume a failed run N times")
    parser.add_argument("--timeout", type=float, default=4 * 3600)
    args = parser.parse_args()
    return fake(args) if args.fake else local(args)


if __name__ == "__main__":
    sys.exit(main())
