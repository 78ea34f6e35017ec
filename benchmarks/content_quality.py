"""Content quality over our own corpus: does a success always mean usable content?

Runs the briefs in ``benchmarks/corpus/`` through the CLI exactly as the README documents
(``presswright article|product|pattern ... --format json -o out.json``) in a throwaway
``PRESSWRIGHT_HOME`` per job, on the packaged model unless ``--model`` says otherwise. Every
success is read back from disk and judged twice: ``presswright check KIND out.json`` must
pass, and this script's own checks, which share no code with the gate under test, must find
nothing: the text is in the asked language (script and function-word counts, keywords and
product names left out), no 5-word run of the flows' prompt instructions, no sentence
repeated, no Latin-letter token over 25 letters and no run of 6+ digits/punctuation that
the brief did not contain, and for patterns the structure the brief asks for.

A success that fails any check is a FALSE SUCCESS (target 0). Targets: at least 80% of
English short articles and English products pass every check; every pattern brief gets its
structure. Wall time is recorded, never part of pass/fail; an item that hits ``--timeout``
is counted apart. Like every benchmark it exits 0 once it has reported.

Run: .venv/bin/python benchmarks/content_quality.py [--kinds article,product,pattern]
     [--languages en,de] [--limit N] [--jobs 1] [--timeout 1200] [--model M] [--json FILE]
     [--keep]
"""

from __future__ import annotations

import argparse
import html
import json
import os
import queue
import re
import signal
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "corpus"
FLOWS = ROOT / "src" / "presswright" / "content" / "flows"
FILES = {
    "article": "article_briefs.jsonl",
    "product": "products.jsonl",
    "pattern": "pattern_briefs.jsonl",
}
LATIN_LANGUAGES = ("en", "de", "es", "fr", "it")
TARGET_EN_SHARE = 0.8
MAX_TOKEN = 25
SYMBOL_RUN = 6
WORD = re.compile(r"[^\W_]+")
LATIN_TOKEN = re.compile(
    f"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]{{{MAX_TOKEN + 1},}}"
)
SYMBOLS = re.compile(rf"(?:[^\w\s]|[\d_]){{{SYMBOL_RUN},}}")
# Sentence ends: Latin, CJK ideographic and fullwidth, Arabic question mark.
SENTENCE_END = re.compile("(?<=[.!?\u3002\uff01\uff1f\u061f])\\s*|\n+")
BLOCK_TAG = re.compile(
    r"</?(?:p|h[1-6]|li|ul|ol|dt|dd|summary|details|div|section|figure|figcaption|"
    r"blockquote|table|tr|td|th|br)\b[^>]*>",
    re.IGNORECASE,
)
TAG = re.compile(r"<[^>]+>")
URL = re.compile(r"https?://\S+|www\.\S+")
# Entities and markup left in plain text (also an entity cut before its semicolon).
DEBRIS = re.compile(r"&#?[0-9A-Za-z]+;|&(?:amp|lt|gt|quot|nbsp|ndash|mdash)\b|[<>{}]")
# ASCII, guillemets, curly quotes, then CJK and fullwidth punctuation.
EDGE_PUNCTUATION = (
    ".,;:!?()[]{}\"'«»\u201c\u201d\u2018\u2019\u201e"
    "\u3001\u3002\uff0c\uff01\uff1f\uff1a\uff1b\uff08\uff09"
)

# Function words that mark a language; the asked one must lead the count.
STOP_WORDS = {
    "en": "the and of to is are for with you your this that it on be can will from have not or"
    " as at by an they their when how what which was were has more into than",
    "de": "der die das und ist nicht mit für ein eine einen einem sie zu den dem des auf sich"
    " auch es im wie oder werden bei nach wenn sind ihr ihre man kann mehr über noch wird",
    "es": "el la los las de que y en para con es una un del por se no su sus más como al lo"
    " pero muy este esta son también puede cuando está",
    "fr": "le la les des et est pour une un dans que du avec vous votre vos sur pas ne qui au"
    " aux ce cette plus sont il elle en de on à être peut très",
    "it": "il la di che e per una un con del della delle dei sono è gli non le lo da in si"
    " più anche come alla al nel nella questo questa può molto",
}
STOP = {lang: frozenset(words.split()) for lang, words in STOP_WORDS.items()}
SCRIPT_STOP_WORDS = {
    "fa": "در به از که این را با است برای یک می هم آن تا شما هر اما یا شود کنید نیز خود",
    "ar": "في على إلى أن هذا هذه التي الذي عن مع هو هي كان لا أو إن كل بعد قد ذلك كما عند ثم"
    " بين يمكن",
}
FA_STOP, AR_STOP = (frozenset(SCRIPT_STOP_WORDS[lang].split()) for lang in ("fa", "ar"))
FA_LETTERS = frozenset("پچژگیک")  # Persian forms; Arabic writes ي ك and uses ة
AR_LETTERS = frozenset("يكة")


@dataclass(frozen=True)
class Item:
    """One brief of the corpus."""

    kind: str
    id: str
    language: str
    data: dict[str, Any]


def load_items(kinds: list[str], languages: set[str] | None, limit: int | None) -> list[Item]:
    """The briefs to run: per kind, languages taken in turn, at most ``limit`` each."""
    items: list[Item] = []
    for kind in kinds:
        by_language: dict[str, list[Item]] = defaultdict(list)
        for line in (CORPUS / FILES[kind]).read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            data = json.loads(line)
            language = data.get("language") or data.get("expect", {}).get("language", "en")
            if languages is None or language in languages:
                by_language[language].append(Item(kind, data["id"], language, data))
        # Round-robin, so a --limit run still covers several languages.
        queues = list(by_language.values())
        chosen: list[Item] = []
        while any(queues) and (limit is None or len(chosen) < limit):
            for group in queues:
                if group and (limit is None or len(chosen) < limit):
                    chosen.append(group.pop(0))
        items.extend(chosen)
    return items


def cli_args(item: Item, folder: Path, model: str | None) -> list[str]:
    """The documented command line for one brief, writing ``folder/out.json``."""
    data = item.data
    out = ["--format", "json", "-o", str(folder / "out.json")]
    if model:
        out = ["--model", model, *out]
    if item.kind == "article":
        args = ["article", data["topic"], "--length", data.get("length", "short")]
        args += ["--language", item.language, "--tone", data.get("tone", "informative")]
        if data.get("keywords"):
            args += ["--keywords", ",".join(data["keywords"])]
        if data.get("faq"):
            args.append("--faq")
        return args + out
    if item.kind == "product":
        facts = {key: value for key, value in data.items() if key != "id"}
        (folder / "facts.json").write_text(json.dumps(facts, ensure_ascii=False), encoding="utf-8")
        return ["product", str(folder / "facts.json"), *out]
    return ["pattern", data["description"], *out]


def run_cli(exe: str, args: list[str], home: Path, timeout: float) -> tuple[int | None, str, float]:
    """Exit code (None on timeout), stderr and seconds of one CLI call in its own group."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRESSWRIGHT_")}
    env["PRESSWRIGHT_HOME"] = str(home)
    started = time.perf_counter()
    process = subprocess.Popen(
        [exe, *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        _, stderr = process.communicate(timeout=timeout)
        code: int | None = process.returncode
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        _, stderr = process.communicate()
        code = None
    return code, stderr or "", time.perf_counter() - started


# --- what the output says, read independently of the package -------------------------------


def html_units(fragment: str) -> list[str]:
    """The text of an HTML fragment, one string per block element."""
    parts = BLOCK_TAG.split(fragment)
    return [u for u in (" ".join(html.unescape(TAG.sub(" ", p)).split()) for p in parts) if u]


def walk_blocks(blocks: list[Any]) -> Iterator[dict[str, Any]]:
    """Every block of a pattern spec, depth first."""
    for block in blocks:
        if isinstance(block, dict):
            yield block
            yield from walk_blocks(block.get("inner") or [])


def block_kind(block: dict[str, Any]) -> str:
    return str(block.get("type", "")).strip().lower().removeprefix("core/")


def strings(value: Any) -> Iterator[str]:
    """Every string inside a JSON value (for a dict, its keys and values)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for part in value:
            yield from strings(part)
    elif isinstance(value, dict):
        for key, part in value.items():
            yield key
            yield from strings(part)


def text_of(kind: str, doc: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(every prose unit, the body units whose sentences must not repeat)."""
    if kind == "article":
        meta = doc.get("meta") or {}
        body = html_units(doc.get("body_html", ""))
        head = [doc.get("title", ""), doc.get("excerpt", ""), *doc.get("outline", [])]
        return [*head, meta.get("seo_title", ""), meta.get("meta_desc", ""), *body], body
    if kind == "product":
        meta = doc.get("meta") or {}
        bullets = list(doc.get("feature_bullets", []))
        body = html_units(doc.get("long_description_html", "")) + bullets
        head = [doc.get("title", ""), doc.get("short_description", ""), *doc.get("tags", [])]
        extra = [
            meta.get("seo_title", ""),
            meta.get("meta_desc", ""),
            doc.get("image_alt_text", ""),
        ]
        return [*head, *extra, *body], body
    units = [doc.get("title", "")]
    for block in walk_blocks(doc.get("blocks", [])):
        for key, value in block.items():
            if key not in ("type", "inner", "url", "media_position", "overlay_color"):
                units.extend(strings(value))
    body = units[1:]
    return units, body


def script_counts(text: str) -> Counter[str]:
    """Letters per script."""
    counts: Counter[str] = Counter()
    for ch in text:
        if not ch.isalpha():
            continue
        code = ord(ch)
        if code < 0x250 or 0x1E00 <= code <= 0x1EFF:
            counts["latin"] += 1
        elif 0x3040 <= code <= 0x30FF or 0x31F0 <= code <= 0x31FF or 0xFF66 <= code <= 0xFF9F:
            counts["kana"] += 1
        elif 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF:
            counts["han"] += 1
        elif 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F:
            counts["hangul"] += 1
        elif 0x600 <= code <= 0x6FF or 0x750 <= code <= 0x77F or 0xFB50 <= code <= 0xFEFF:
            counts["arabic"] += 1
        else:
            counts["other"] += 1
    return counts


def language_problem(text: str, lang: str, *, min_words: int = 8) -> str | None:
    """Why ``text`` does not read as ``lang``, or None (also when too short to tell)."""
    counts = script_counts(text)
    letters = sum(counts.values())
    if letters < 4:
        return None
    if lang in LATIN_LANGUAGES:
        if counts["latin"] / letters < 0.8:
            return f"only {counts['latin'] / letters:.0%} Latin letters"
        words = [w for w in WORD.findall(text.casefold()) if not w.isdigit()]
        if len(words) < min_words:
            return None
        scores = {other: sum(w in STOP[other] for w in words) for other in LATIN_LANGUAGES}
        best = max(scores, key=lambda other: scores[other])
        if scores[best] > scores[lang]:
            return (
                f"reads as {best} ({scores[best]} {best} vs {scores[lang]} {lang} function words)"
            )
        if len(words) >= 20 and scores[lang] < 0.08 * len(words):
            return f"only {scores[lang]} {lang} function words in {len(words)}"
        return None
    own = {
        "ja": counts["han"] + counts["kana"],
        "zh": counts["han"],
        "ko": counts["hangul"],
        "ar": counts["arabic"],
        "fa": counts["arabic"],
    }[lang]
    if own / letters < 0.6:
        return f"only {own / letters:.0%} of letters in the {lang} script ({dict(counts)})"
    if lang == "ja" and counts["han"] >= 20 and counts["kana"] < 0.1 * own:
        return "hardly any kana: reads as Chinese"
    if lang == "zh" and counts["kana"] > 0.02 * counts["han"] + 1:
        return f"{counts['kana']} kana letters: reads as Japanese"
    if lang in ("ar", "fa"):
        fa_letters = sum(ch in FA_LETTERS for ch in text)
        ar_letters = sum(ch in AR_LETTERS for ch in text)
        words = WORD.findall(text)
        fa_words = sum(w in FA_STOP for w in words)
        ar_words = sum(w in AR_STOP for w in words)
        if lang == "fa" and (ar_letters > fa_letters or ar_words > fa_words):
            return f"reads as Arabic (letters ي ك ة {ar_letters}, Arabic function words {ar_words})"
        if lang == "ar" and (fa_letters > ar_letters or fa_words > ar_words):
            return f"reads as Persian (letters پ چ ژ گ ی ک {fa_letters}, function words {fa_words})"
    return None


def instruction_shingles() -> set[tuple[str, ...]]:
    """Every 5-word run of the built-in flows' prompts; a Jinja expression is one "*" word.

    A run may hold one "*", which stands for any single word (``in * for this product``
    catches "in English for this product"); runs across two expressions are left out.
    """
    shingles: set[tuple[str, ...]] = set()

    def prompts(node: Any) -> Iterator[str]:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("prompt", "system") and isinstance(value, str):
                    yield value
                else:
                    yield from prompts(value)
        elif isinstance(node, list):
            for part in node:
                yield from prompts(part)

    for path in sorted(FLOWS.glob("*.yaml")):
        for prompt in prompts(yaml.safe_load(path.read_text(encoding="utf-8"))):
            text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", " JINJAEXPR ", prompt, flags=re.S)
            words = ["*" if w == "jinjaexpr" else w for w in WORD.findall(text.casefold())]
            for i in range(len(words) - 4):
                run = tuple(words[i : i + 5])
                if run.count("*") <= 1:
                    shingles.add(run)
    return shingles


def leaked_instruction(words: list[str], shingles: set[tuple[str, ...]]) -> str | None:
    """The first 5-word run of ``words`` that matches a prompt run, or None."""
    for i in range(len(words) - 4):
        run = tuple(words[i : i + 5])
        variants = [run, *((*run[:j], "*", *run[j + 1 :]) for j in range(5))]
        if any(variant in shingles for variant in variants):
            return " ".join(run)
    return None


def normal_digits(text: str) -> str:
    """Any script's digits as 0-9 and Arabic separators as , and . (for comparing with input)."""
    text = text.replace("\u066c", ",").replace("\u066b", ".")  # Arabic thousands, decimal
    return "".join(str(unicodedata.digit(ch)) if ch.isdigit() else ch for ch in text).casefold()


def structure(doc: dict[str, Any]) -> dict[str, Any]:
    """What a pattern spec holds: columns per columns block, buttons, images, FAQ questions."""
    blocks = list(walk_blocks(doc.get("blocks", [])))
    details = sum(block_kind(b) == "details" for b in blocks)
    level3 = sum(block_kind(b) == "heading" and b.get("level") == 3 for b in blocks)
    return {
        "columns": [
            sum(block_kind(c) == "column" for c in b.get("inner") or [])
            for b in blocks
            if block_kind(b) == "columns"
        ],
        "buttons": sum(block_kind(b) == "button" for b in blocks),
        "images": sum(block_kind(b) == "image" for b in blocks),
        "questions": details or level3,
    }


def structure_problems(expect: dict[str, Any], found: dict[str, Any]) -> list[str]:
    """Each expected count the pattern does not have."""
    problems = []
    for key, want in expect.items():
        if key == "language":
            continue
        got = found.get(key)
        ok = want in got if key == "columns" else got == want
        if not ok:
            problems.append(f"structure: {key} {got}, expected {want}")
    return problems


def own_checks(item: Item, doc: dict[str, Any], shingles: set[tuple[str, ...]]) -> list[str]:
    """Every problem this script finds in one output, in words."""
    units, body = text_of(item.kind, doc)
    units = [URL.sub(" ", u) for u in units if u.strip()]
    brief_text = "\n".join(strings(item.data))
    given = normal_digits(f"{brief_text}\n{html.unescape(brief_text)}")
    verbatim = [*item.data.get("keywords", [])]
    if item.kind == "product":
        verbatim.append(html.unescape(item.data["name"]))
    problems: list[str] = []

    def without_verbatim(text: str) -> str:
        for phrase in sorted(verbatim, key=len, reverse=True):
            text = re.sub(re.escape(phrase), " ", text, flags=re.IGNORECASE)
        return text

    lang = item.language
    if problem := language_problem(without_verbatim(" ".join(units)), lang):
        problems.append(f"language: {problem}")
    for unit in units:
        problem = language_problem(without_verbatim(unit), lang, min_words=12)
        if problem and len(problems) < 6:
            problems.append(f"language: {problem}: {unit[:60]!r}")
    for unit in units:
        if not any(ch.isalpha() for ch in unit):
            problems.append(f"text without a word: {unit[:40]!r}")
        # An entity shows literally on the page even when the brief had it; <>{} only if new.
        debris = [d for d in DEBRIS.findall(unit) if d.startswith("&") or d not in brief_text]
        if debris:
            problems.append(f"markup debris {debris[:3]} in {unit[:60]!r}")
        if leak := leaked_instruction(WORD.findall(unit.casefold()), shingles):
            problems.append(f"instructions: {leak!r} in {unit[:60]!r}")
        for token in LATIN_TOKEN.findall(unit):
            if token.casefold() not in given:
                problems.append(f"token of {len(token)} letters: {token[:40]!r}")
        for run in SYMBOLS.findall(unit):
            # "(EU 39-42)." is the brief's "39-42" closed by two marks: allowed.
            core = run.strip(EDGE_PUNCTUATION)
            if len(run) - len(core) > 2 or (
                len(core) >= SYMBOL_RUN and normal_digits(core) not in given
            ):
                problems.append(f"run of digits/punctuation: {run!r}")
    seen: Counter[str] = Counter()
    for unit in body:
        for sentence in SENTENCE_END.split(unit):
            words = WORD.findall(sentence.casefold())
            if len(words) >= 5 or (len(words) < 3 and len("".join(words)) >= 12):
                seen[" ".join(words)] += 1
    problems.extend(f"repeated sentence: {s[:60]!r} x{n}" for s, n in seen.items() if n > 1)
    if item.kind == "pattern":
        problems.extend(structure_problems(item.data["expect"], structure(doc)))
    return list(dict.fromkeys(problems))


# --- running -----------------------------------------------------------------------------------


def run_item(
    item: Item,
    exe: str,
    home: Path,
    work: Path,
    args: argparse.Namespace,
    shingles: set[tuple[str, ...]],
) -> dict[str, Any]:
    """The full record of one brief: exit code, time, gate and own checks."""
    folder = work / item.id
    folder.mkdir(parents=True, exist_ok=True)
    argv = cli_args(item, folder, args.model)
    code, stderr, seconds = run_cli(exe, argv, home, args.timeout)
    lines = [line for line in stderr.splitlines() if line.strip()]
    record: dict[str, Any] = {
        "id": item.id,
        "kind": item.kind,
        "language": item.language,
        "length": item.data.get("length", "short") if item.kind == "article" else None,
        "argv": ["presswright", *argv],
        "exit_code": code,
        "seconds": round(seconds, 1),
        "timed_out": code is None,
        "last_line": lines[-1] if lines else "",
        "outcome": "timeout" if code is None else "success" if code == 0 else "failure",
        "problems": [],
    }
    if code not in (0, None):
        record["clear_failure"] = (
            code == 1
            and any(line.startswith("error:") for line in lines)
            and "Traceback" not in stderr
        )
    if code != 0:
        return record
    out = folder / "out.json"
    try:
        doc = json.loads(out.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        record["problems"].append(f"output unreadable: {error}")
        return record
    gate_code, gate_err, _ = run_cli(exe, ["check", item.kind, str(out)], home, 120)
    record["check_exit_code"] = gate_code
    if gate_code != 0:
        gate_lines = [line for line in gate_err.splitlines() if line.strip()]
        record["problems"].extend(f"presswright check: {line}" for line in gate_lines[:10])
        if not gate_lines:
            record["problems"].append(f"presswright check: exit {gate_code}")
    record["problems"].extend(own_checks(item, doc, shingles))
    if item.kind == "pattern":
        record["structure"] = structure(doc)
    return record


def init_home(exe: str, home: Path) -> None:
    """A fresh Presswright home (its printed credentials are thrown away with it)."""
    code, stderr, _ = run_cli(exe, ["init"], home, 300)
    if code != 0:
        sys.exit(f"presswright init failed in {home}: {stderr.strip()[-300:]}")


def got_structure(record: dict[str, Any]) -> bool:
    return record["outcome"] == "success" and not any(
        p.startswith(("structure:", "output unreadable")) for p in record["problems"]
    )


def report(records: list[dict[str, Any]]) -> None:
    """The per-kind, per-language table and the three target figures."""
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        groups[record["kind"], record["language"]].append(record)
    header = f"{'kind':8} {'lang':4} {'items':>5} {'ok':>4} {'fail':>4} {'clear':>5}"
    print(f"\n{header} {'timeout':>7} {'FALSE':>5} {'median s':>8}")
    for (kind, lang), group in sorted(groups.items()):
        successes = [r for r in group if r["outcome"] == "success"]
        failures = [r for r in group if r["outcome"] == "failure"]
        seconds = sorted(r["seconds"] for r in group)
        print(
            f"{kind:8} {lang:4} {len(group):5} {len(successes):4} {len(failures):4}"
            f" {sum(r.get('clear_failure', False) for r in failures):5}"
            f" {sum(r['timed_out'] for r in group):7}"
            f" {sum(bool(r['problems']) for r in successes):5} {seconds[len(seconds) // 2]:8.0f}"
        )
    false = [r for r in records if r["outcome"] == "success" and r["problems"]]
    print(f"\nFALSE SUCCESSES: {len(false)} (target 0)")
    for record in false:
        print(f"  {record['id']}: " + "; ".join(record["problems"][:4]))
    unclear = [r for r in records if r["outcome"] == "failure" and not r.get("clear_failure")]
    for record in unclear:
        print(
            f"  unclear failure {record['id']} (exit {record['exit_code']}): {record['last_line']}"
        )
    english = [
        r
        for r in records
        if r["language"] == "en"
        and (r["kind"] == "product" or (r["kind"] == "article" and r["length"] == "short"))
    ]
    if english:
        clean = sum(r["outcome"] == "success" and not r["problems"] for r in english)
        print(
            f"English short articles and products passing every check: {clean}/{len(english)}"
            f" = {clean / len(english):.0%} (target {TARGET_EN_SHARE:.0%})"
        )
    patterns = [r for r in records if r["kind"] == "pattern"]
    if patterns:
        shaped = sum(got_structure(r) for r in patterns)
        print(f"Pattern briefs with their structure: {shaped}/{len(patterns)} (target 100%)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kinds", default="article,product,pattern")
    parser.add_argument("--languages", default=None, help="e.g. en,de (default: all ten)")
    parser.add_argument("--limit", type=int, default=None, help="at most N briefs per kind")
    parser.add_argument("--jobs", type=int, default=1, help="briefs run at once (2 cores: 1)")
    parser.add_argument("--timeout", type=float, default=1200, help="seconds per brief")
    parser.add_argument("--model", default=None, help="provider:model (default: packaged)")
    parser.add_argument("--json", type=Path, default=None, help="write every record here")
    parser.add_argument(
        "--keep", action="store_true", help="keep the homes and every out.json (path printed)"
    )
    args = parser.parse_args()
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    if unknown := set(kinds) - set(FILES):
        parser.error(f"unknown kinds {sorted(unknown)}: use article, product, pattern")
    languages = set(args.languages.split(",")) if args.languages else None
    items = load_items(kinds, languages, args.limit)
    exe = str(Path(sys.executable).with_name("presswright"))
    shingles = instruction_shingles()
    print(f"{len(items)} briefs, {args.jobs} at a time, timeout {args.timeout:.0f} s each")

    with tempfile.TemporaryDirectory(prefix="pw-quality-") as scratch:
        work = Path(tempfile.mkdtemp(prefix="pw-quality-")) if args.keep else Path(scratch)
        homes: queue.Queue[Path] = queue.Queue()
        for job in range(max(1, args.jobs)):
            # One home per job: two CLI runs never share an executor id or a database.
            init_home(exe, work / f"home{job}")
            homes.put(work / f"home{job}")

        def one(item: Item) -> dict[str, Any]:
            home = homes.get()
            try:
                record = run_item(item, exe, home, work / "items", args, shingles)
            finally:
                homes.put(home)
            mark = record["outcome"] if not record["problems"] else "FALSE SUCCESS"
            print(f"  {item.id}: {mark} in {record['seconds']:.0f} s  {record['last_line'][:100]}")
            return record

        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            records = list(pool.map(one, items))
    report(records)
    if args.keep:
        print(f"homes, briefs and outputs kept in {work}")
    if args.json:
        args.json.write_text(json.dumps(records, indent=2, ensure_ascii=False), encoding="utf-8")
        print(f"records: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
