"""Book export: a 100,000-word book to EPUB, PDF, DOCX, HTML and Markdown, against the engines.

The book is made here from a fixed seed: 30 chapters of pseudo-English sentences drawn
from a small vocabulary (test data, not prose), with subheadings, scene breaks, front
matter, a glossary and the author's page.

Presswright: ``export_book(book, BOOK_FORMATS, out_dir)``: building pandoc's JSON AST for
four targets, the typst input, the DOCX reference document, rendering the cover,
running pandoc four times and typst once, rewriting the EPUB (titles, landmarks,
conformance), escaping the Markdown's entities.

Baseline: the same engines called directly on input prepared beforehand (the four JSON
ASTs, the reference document, the cover image and the typst input, written to files by
Presswright's own builders): pandoc with the same command lines, typst's ``Compiler`` on
the same template with the same fonts, the cover compiled too. Both sides run their
engines side by side (the baseline in as many threads as Presswright, longest first),
and the baseline is also timed one engine after the other: on a loaded 2-core machine
that can be the quicker way, and the ratio is taken against the quicker of the two.

Each measurement runs in a fresh Python process (typst memoizes layouts within a process,
so a second export of the same book in one process is much faster than the first); the
two sides alternate, ``--rounds`` times each, and the medians are compared: wall time,
and CPU time (the process and its pandoc children, user and system), which a busy
machine disturbs much less than wall time and which shows Presswright's own work.

Run: .venv/bin/python benchmarks/book_export.py [--words 100000] [--chapters 30] [--rounds 3]
Target: all five formats in at most 15 s, and at most 1.2x the baseline.
Exits 0 whether the targets are met or not (a benchmark reports; it does not assert).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 15.0
TARGET_RATIO = 1.2

_WORDS = """
the a an of to and in that it was for on with as at by from his her their its this those
old new small long quiet bright cold warm grey green silver early late distant narrow
harbour lighthouse keeper island village road morning evening winter summer storm rain wind
window door stair lamp letter boat net rope stone wall field river bridge market garden
sister brother mother father friend stranger captain teacher doctor child neighbour
walked carried opened closed watched listened waited remembered answered turned climbed
followed found kept wrote read counted crossed lifted gathered noticed promised
slowly quietly suddenly carefully always never again almost perhaps still already
light shadow voice silence sound smell colour weight distance moment hour day year
because although while before after until when where whether
"""
_VOCABULARY = _WORDS.split()
_NAMES = ["Elsa", "Tomas", "Mira", "Jonah", "Ines", "Walter", "Ada", "Piet"]


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_VOCABULARY) for _ in range(rng.randint(6, 20))]
    if rng.random() < 0.4:
        words.insert(rng.randint(0, len(words) - 1), rng.choice(_NAMES))
    if len(words) > 10 and rng.random() < 0.5:
        words[rng.randint(3, len(words) - 4)] += ","
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice(".....?!")


def make_book(words: int, chapters: int, seed: int = 18) -> Any:
    """A book of about ``words`` words in ``chapters`` chapters, the same for the same seed."""
    from presswright.books.model import (
        Book,
        BookMeta,
        Chapter,
        GlossaryEntry,
        Paragraph,
        SceneBreak,
        Subheading,
    )

    rng = random.Random(seed)  # noqa: S311 - test data, the same every run
    per_chapter = words // chapters
    built = []
    for number in range(1, chapters + 1):
        blocks: list[Any] = []
        count = 0
        while count < per_chapter:
            if blocks and rng.random() < 0.06:
                blocks.append(SceneBreak())
            elif blocks and rng.random() < 0.03:
                blocks.append(Subheading(text=_sentence(rng).rstrip(".?!")))
            paragraph = " ".join(_sentence(rng) for _ in range(rng.randint(3, 9)))
            count += len(paragraph.split())
            blocks.append(Paragraph(text=paragraph))
        title = " ".join(rng.choice(_VOCABULARY) for _ in range(rng.randint(2, 5))).title()
        built.append(Chapter(number=number, title=title, blocks=blocks))
    return Book(
        meta=BookMeta(
            title="The Long Harbour",
            subtitle="A Benchmark in Thirty Chapters",
            author="Presswright Benchmarks",
            identifier="urn:uuid:18181818-0000-4000-8000-000000000018",
            subject="Fiction",
            description="Generated test data for the book export benchmark.",
            published=date(2025, 1, 1),
        ),
        dedication="For everyone who waits for a boat.",
        epigraph="The harbour keeps what the sea gives back.",
        chapters=built,
        glossary=[GlossaryEntry(term=f"Term {i}", definition=_sentence(rng)) for i in range(40)],
        about_author="Presswright Benchmarks writes the same book every time, from seed 18.",
    )


# -- the two sides, each in its own process ----------------------------------------------


def run_presswright(book_file: Path, out: Path) -> dict[str, float]:
    from presswright.books.export import BOOK_FORMATS, export_book
    from presswright.books.model import Book

    book = Book.model_validate_json(book_file.read_text(encoding="utf-8"))
    start = time.perf_counter()
    export_book(book, BOOK_FORMATS, out)
    return {"total": time.perf_counter() - start}


def prepare_baseline(book_file: Path, folder: Path) -> None:
    """The engines' input, made by Presswright's builders (not timed)."""
    from presswright.books.export.cover import cover_data, render_cover
    from presswright.books.export.docx_reference import reference_docx
    from presswright.books.export.html import html_template
    from presswright.books.export.pandoc_ast import book_document
    from presswright.books.export.pdf import pdf_inputs
    from presswright.books.model import Book

    book = Book.model_validate_json(book_file.read_text(encoding="utf-8"))
    for target in ("epub", "html", "docx", "markdown"):
        (folder / f"{target}.json").write_text(json.dumps(book_document(book, target)))
    (folder / "reference.docx").write_bytes(reference_docx(book.meta.language))
    (folder / "book.html").write_text(html_template(), encoding="utf-8")
    render_cover(book, folder / "cover.png")
    (folder / "typst.json").write_text(json.dumps(pdf_inputs(book)), encoding="utf-8")
    cover = {"cover": json.dumps(cover_data(book), ensure_ascii=False)}
    (folder / "cover-typst.json").write_text(json.dumps(cover), encoding="utf-8")


def run_baseline(folder: Path, out: Path, parallel: bool) -> dict[str, float]:
    import typst

    from presswright.books.export.docx import docx_options
    from presswright.books.export.epub import epub_options
    from presswright.books.export.html import html_options
    from presswright.books.export.markdown import MARKDOWN_FORMAT, markdown_options
    from presswright.books.export.pandoc_engine import pandoc_command
    from presswright.books.export.templates import template_path
    from presswright.books.export.typst_engine import FONT_DIRS

    jobs = {
        "epub": ("epub", "epub3", epub_options(folder / "cover.png")),
        "html": ("html", "html5", html_options(folder / "book.html")),
        "docx": ("docx", "docx", docx_options(folder / "reference.docx")),
        "md": ("markdown", MARKDOWN_FORMAT, markdown_options()),
    }
    commands = {
        name: (pandoc_command(to, out / f"book.{name}", options), folder / f"{source}.json")
        for name, (source, to, options) in jobs.items()
    }
    book_inputs = json.loads((folder / "typst.json").read_text(encoding="utf-8"))
    cover_inputs = json.loads((folder / "cover-typst.json").read_text(encoding="utf-8"))
    times: dict[str, float] = {}

    def pandoc(name: str) -> None:
        command, source = commands[name]
        began = time.perf_counter()
        subprocess.run(command, input=source.read_bytes(), check=True, capture_output=True)
        times[name] = time.perf_counter() - began

    fonts: list[Any] = []

    def typst_fonts() -> Any:
        if not fonts:
            fonts.append(typst.Fonts(False, True, [str(d) for d in FONT_DIRS if d.is_dir()]))
        return fonts[0]

    def pdf() -> None:
        began = time.perf_counter()
        compiler = typst.Compiler(
            input=template_path("book.typ"),
            root=template_path(""),
            font_paths=typst_fonts(),
            ignore_system_fonts=True,
            sys_inputs=book_inputs,
        )
        (out / "book.pdf").write_bytes(compiler.compile(format="pdf", pdf_standards=["ua-1"]))
        times["pdf"] = time.perf_counter() - began

    def cover() -> None:
        began = time.perf_counter()
        compiler = typst.Compiler(
            input=template_path("cover_image.typ"),
            root=template_path(""),
            font_paths=typst_fonts(),
            ignore_system_fonts=True,
            sys_inputs=cover_inputs,
        )
        (out / "cover.png").write_bytes(compiler.compile(format="png", ppi=144.0))
        times["cover"] = time.perf_counter() - began

    start = time.perf_counter()
    typst_fonts()
    engines = ("epub", "docx", "md", "html")
    tasks = [pdf, cover, *(lambda name=name: pandoc(name) for name in engines)]
    if parallel:
        # As many at a time as Presswright runs (one more than the cores), longest first.
        with ThreadPoolExecutor(max_workers=min(len(tasks), (os.cpu_count() or 2) + 1)) as pool:
            for future in [pool.submit(task) for task in tasks]:
                future.result()
    else:
        for task in tasks:
            task()
    times["total"] = time.perf_counter() - start
    return times


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (pandoc), user and system."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def child(args: argparse.Namespace) -> None:
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    cpu = _cpu_seconds()
    if args.child == "presswright":
        result = run_presswright(Path(args.book), out)
    else:
        result = run_baseline(Path(args.inputs), out, parallel=args.child == "baseline")
    result["cpu"] = _cpu_seconds() - cpu
    print(json.dumps(result))


def measure(side: str, book: Path, inputs: Path, work: Path) -> dict[str, float]:
    out = Path(tempfile.mkdtemp(prefix=f"{side}-", dir=work))
    command = [sys.executable, __file__, "--child", side, "--book", str(book)]
    command += ["--inputs", str(inputs), "--out", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=REPO)
    if done.returncode != 0:
        raise SystemExit(f"{side} failed:\n{done.stderr[-3000:]}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--chapters", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", choices=["presswright", "baseline", "baseline-serial"])
    parser.add_argument("--book")
    parser.add_argument("--inputs")
    parser.add_argument("--out")
    args = parser.parse_args()
    if args.child:
        child(args)
        return

    one, five, fifteen = os.getloadavg()
    print(f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="presswright-book-bench-") as temp:
        work = Path(temp)
        book = make_book(args.words, args.chapters)
        words = sum(
            len(block.text.split())
            for chapter in book.chapters
            for block in chapter.blocks
            if hasattr(block, "text")
        )
        book_file = work / "book.json"
        book_file.write_text(book.model_dump_json(), encoding="utf-8")
        inputs = work / "inputs"
        inputs.mkdir()
        prepare_baseline(book_file, inputs)
        size = book_file.stat().st_size
        print(f"book: {words:,} words, {len(book.chapters)} chapters, {size:,} bytes of JSON")

        ours: list[dict[str, float]] = []
        side_by_side: list[dict[str, float]] = []
        serial: list[dict[str, float]] = []
        for round_ in range(1, args.rounds + 1):
            ours.append(measure("presswright", book_file, inputs, work))
            side_by_side.append(measure("baseline", book_file, inputs, work))
            serial.append(measure("baseline-serial", book_file, inputs, work))
            print(
                f"round {round_}: presswright {ours[-1]['total']:.2f} s "
                f"(cpu {ours[-1]['cpu']:.2f} s), engines side by side "
                f"{side_by_side[-1]['total']:.2f} s (cpu {side_by_side[-1]['cpu']:.2f} s), "
                f"one after another {serial[-1]['total']:.2f} s (cpu {serial[-1]['cpu']:.2f} s)"
            )
        sizes = {path.suffix: path.stat().st_size for path in sorted(work.glob("presswright-*/*"))}

    def median(runs: list[dict[str, float]], key: str) -> float:
        return statistics.median(run[key] for run in runs)

    print()
    print("each engine alone (one after another, median of the rounds):")
    for name in ("pdf", "epub", "docx", "html", "md", "cover"):
        print(f"  {name:<6} {median(serial, name):6.2f} s")
    print("files: " + ", ".join(f"{suffix} {size / 1e6:.1f} MB" for suffix, size in sizes.items()))
    print()
    print(f"{'median of ' + str(args.rounds) + ' rounds':<34}{'wall':>8}{'cpu':>8}")
    rows = [
        ("presswright export_book", ours),
        ("engines directly, side by side", side_by_side),
        ("engines directly, one by one", serial),
    ]
    for label, runs in rows:
        print(f"{label:<34}{median(runs, 'total'):>7.2f}s{median(runs, 'cpu'):>7.2f}s")
    wall = median(ours, "total")
    quicker = min(median(side_by_side, "total"), median(serial, "total"))
    cpu_ratio = median(ours, "cpu") / min(median(side_by_side, "cpu"), median(serial, "cpu"))
    ratio = wall / quicker
    print(
        f"ratio presswright / quicker engines: wall {ratio:.2f}x, cpu {cpu_ratio:.2f}x "
        f"(target <= {TARGET_RATIO}x) {'met' if ratio <= TARGET_RATIO else 'MISSED'}"
    )
    print(
        f"five formats in {wall:.2f} s (target <= {TARGET_SECONDS:.0f} s) "
        f"{'met' if wall <= TARGET_SECONDS else 'MISSED'}"
    )
    one, five, fifteen = os.getloadavg()
    print(f"load average {one:.2f} {five:.2f} {fifteen:.2f} after")


if __name__ == "__main__":
    main()
