"""Lighthouse on the web studio: the dashboard and the Content Studio, signed in.

One real `presswright serve` (a child process, a throwaway ``PRESSWRIGHT_HOME`` made by
`presswright init`, SQLite) serves the built studio of ``src/presswright/studio/dist``
(built first with ``npm run build`` in ``frontend/`` when missing). The first-run owner's
credentials are read from the ``first-run-credentials.txt`` init wrote. Then
``benchmarks/lighthouse/run.mjs`` (Lighthouse 12.8.2 and puppeteer-core, pinned by its own
package-lock; ``npm ci`` is run there when its ``node_modules`` is missing or older than
the lock) launches Debian's Chromium (``/usr/bin/chromium``, headless; never a downloaded
browser), signs in through the sign-in screen and audits ``/`` (dashboard) and
``/studio`` (Content Studio) with Lighthouse's desktop preset and its default (mobile)
preset: performance, accessibility, best practices.

Printed: a table of page x preset x category score (0-100) with each target (>= 90) met or
MISSED, the main metrics, and for every category under 90 the audits that cost it points
(title, score, weight, details) so a developer can fix them. The load average is printed
before and after: Lighthouse's performance score depends on the CPU it gets, so on a busy
machine it is pessimistic. With ``--runs N`` the whole pass is repeated N times on the same
server: every run is printed (one line per page and preset, with the load average), and the
table judges the median of the runs' scores (the details come from the median run).

Run: .venv/bin/python benchmarks/studio_lighthouse.py [--runs N] [--keep-reports DIR]
     [--presets desktop,mobile] [--chromium PATH] [--article]
Target: performance, accessibility and best practices each >= 90 on both pages and presets.
Exits 0 whether the targets are met or not (a benchmark reports; it does not assert).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[1]
FRONTEND = REPO / "frontend"
LIGHTHOUSE_DIR = Path(__file__).resolve().parent / "lighthouse"
RUNNER = LIGHTHOUSE_DIR / "run.mjs"
HOST = "127.0.0.1"
TARGET = 90
CATEGORIES = ("performance", "accessibility", "best-practices")
PAGES = "dashboard=/,studio=/studio"
SETTLED = ("completed", "failed", "cancelled", "paused")  # an execution's end states
METRICS = {
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
    "speed-index": "SI",
}


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f} (1/5/15 min) on {os.cpu_count()} cores"


def _run(command: list[str], cwd: Path, what: str) -> None:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(
            f"{what} failed ({done.returncode}):\n{(done.stdout + done.stderr)[-3000:]}"
        )


def ensure_studio_built() -> Path:
    """The studio build the server will serve; ``npm run build`` in frontend/ if missing."""
    from presswright.studio import INDEX_FILE, dist_dir

    dist = dist_dir()
    if (dist / INDEX_FILE).is_file():
        return dist
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit(f"the studio is not built ({dist}) and npm is not on PATH")
    if not (FRONTEND / "node_modules").is_dir():
        print("frontend: npm ci", flush=True)
        _run([npm, "ci", "--no-audit", "--no-fund"], FRONTEND, "npm ci in frontend/")
    print("frontend: npm run build", flush=True)
    _run([npm, "run", "build"], FRONTEND, "npm run build in frontend/")
    if not (dist / INDEX_FILE).is_file():
        raise SystemExit(f"npm run build ran but {dist / INDEX_FILE} is missing")
    return dist


def ensure_lighthouse_installed() -> None:
    """``npm ci`` in benchmarks/lighthouse when node_modules is missing or older than the
    package or its lock."""
    installed = LIGHTHOUSE_DIR / "node_modules" / ".package-lock.json"
    sources = (LIGHTHOUSE_DIR / "package.json", LIGHTHOUSE_DIR / "package-lock.json")
    newest = max(source.stat().st_mtime for source in sources)
    if installed.is_file() and installed.stat().st_mtime >= newest:
        return
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm is not on PATH (Node 20 and npm are needed for Lighthouse)")
    print("benchmarks/lighthouse: npm ci", flush=True)
    _run([npm, "ci", "--no-audit", "--no-fund"], LIGHTHOUSE_DIR, "npm ci in benchmarks/lighthouse")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def server_env(home: Path) -> dict[str, str]:
    """This environment less any PRESSWRIGHT_* or provider setting, plus the home."""
    providers = ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "OLLAMA_BASE_URL")
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.upper().startswith("PRESSWRIGHT_") and name.upper() not in providers
    }
    env.update(PRESSWRIGHT_HOME=str(home), PRESSWRIGHT_LOG_LEVEL="WARNING")
    return env


def init_home(home: Path, env: dict[str, str]) -> dict[str, str]:
    """`presswright init` in ``home``; the owner's credentials it wrote down."""
    done = subprocess.run(
        [sys.executable, "-m", "presswright", "init"],
        env=env,
        cwd=home.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"presswright init failed:\n{(done.stdout + done.stderr)[-3000:]}")
    found: dict[str, str] = {}
    credentials = home / "first-run-credentials.txt"
    for line in credentials.read_text(encoding="utf-8").splitlines():
        name, sep, value = line.partition("=")
        if sep and not name.startswith("#"):
            found[name.strip()] = value.strip()
    missing = {"email", "password", "api_key"} - found.keys()
    if missing:
        raise SystemExit(f"{credentials} has no {', '.join(sorted(missing))}")
    return found


def start_server(env: dict[str, str], cwd: Path, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    base = f"http://{HOST}:{port}"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "presswright", "serve", "--host", HOST, "--port", str(port)],
            env=env,
            cwd=cwd,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"presswright serve ended early:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                page = httpx.get(f"{base}/", timeout=10)
                if '<div id="root">' not in page.text:
                    stop_server(process)
                    raise SystemExit(f"{base}/ does not serve the studio: {page.text[:300]}")
                return process, base
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    stop_server(process)
    raise SystemExit(f"presswright serve did not answer within 90 s:\n{log.read_text()[-3000:]}")


def stop_server(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def generate_article(base: str, api_key: str, timeout: float) -> str:
    """One short article on the instance's default model, so the dashboard has something to
    show (a recent execution, a document, a day of usage). Returns how the run ended."""
    deadline = time.monotonic() + timeout
    with httpx.Client(
        base_url=f"{base}/api/v1", headers={"X-API-Key": api_key}, timeout=150
    ) as api:
        answer = api.post(
            "/content/generate",
            json={
                "topic": "Baking sourdough bread at home",
                "keywords": ["sourdough starter"],
                "language": "en",
                "wait": min(120, int(timeout)),  # the route's limit
            },
        )
        if answer.status_code >= 400:
            return f"HTTP {answer.status_code}: {answer.text[:300]}"
        run = answer.json()
        while run.get("status") not in SETTLED and time.monotonic() < deadline:
            time.sleep(5)
            polled = api.get(f"/executions/{run['execution_id']}")
            if polled.status_code != 200:
                return f"HTTP {polled.status_code} polling the run: {polled.text[:300]}"
            run = polled.json()
    error = run.get("error")
    return f"{run.get('status')}" + (f" ({str(error)[:200]})" if error else "")


def run_lighthouse(
    base: str,
    credentials: dict[str, str],
    out: Path,
    args: argparse.Namespace,
    reports: Path | None = None,
) -> dict[str, Any]:
    node = shutil.which("node")
    if node is None:
        raise SystemExit("node is not on PATH (Node 20 is needed for Lighthouse)")
    command = [
        node, str(RUNNER), "--base", base, "--out", str(out),
        "--chromium", args.chromium, "--presets", args.presets, "--pages", PAGES,
    ]  # fmt: skip
    if reports is not None:
        command += ["--reports", str(reports.resolve())]
    env = {
        **os.environ,
        "PW_LH_EMAIL": credentials["email"],
        "PW_LH_PASSWORD": credentials["password"],
    }
    done = subprocess.run(command, cwd=LIGHTHOUSE_DIR, env=env, check=False)
    if done.returncode != 0 or not out.is_file():
        raise SystemExit(f"run.mjs failed ({done.returncode}); see its output above")
    result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return result


def _score(value: int | None) -> str:
    return "n/a" if value is None else str(value)


def _metric(entry: dict[str, Any], metric: str) -> str:
    return str(entry["metrics"].get(metric, {}).get("display", "")).replace("\xa0", " ")


def _median(values: list[int]) -> int:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return round((ordered[middle - 1] + ordered[middle]) / 2)


def report_runs(runs: list[tuple[str, list[dict[str, Any]]]]) -> None:
    """One line per run, page and preset: the scores, the metrics, the load average."""
    print(
        f"\n{'run':<4} {'page':<10} {'preset':<8} {'perf':>4} {'a11y':>4} {'bp':>4}  "
        + " ".join(f"{short:>8}" for short in METRICS.values())
        + "  load (1 min) before the run"
    )
    for number, (load, results) in enumerate(runs, start=1):
        for entry in results:
            scores = " ".join(f"{_score(entry['scores'].get(c)):>4}" for c in CATEGORIES)
            shown = " ".join(f"{_metric(entry, metric):>8}" for metric in METRICS)
            print(f"{number:<4} {entry['page']:<10} {entry['preset']:<8} {scores}  {shown}  {load}")


def median_run(runs: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Per page and preset, the entry of the run with the median performance score, with its
    scores replaced by the medians over the runs (``runScores``: every run's, in order)."""
    merged: list[dict[str, Any]] = []
    for first in runs[0]:
        entries = [
            entry
            for results in runs
            for entry in results
            if (entry["page"], entry["preset"]) == (first["page"], first["preset"])
        ]
        ranked = sorted(entries, key=lambda entry: entry["scores"].get("performance") or 0)
        chosen = dict(ranked[(len(ranked) - 1) // 2])
        every = {c: [entry["scores"].get(c) for entry in entries] for c in CATEGORIES}
        chosen["runScores"] = every
        chosen["scores"] = {
            c: _median([v for v in every[c] if v is not None])
            if any(v is not None for v in every[c])
            else None
            for c in CATEGORIES
        }
        merged.append(chosen)
    return merged


def report(results: list[dict[str, Any]]) -> None:
    if results:
        print(f"\nLighthouse {results[0]['lighthouseVersion']}, {results[0]['userAgent']}")
    several = any(len(entry.get("runScores", {}).get("performance", [])) > 1 for entry in results)
    print()
    print(
        f"{'page':<10} {'preset':<8} {'category':<15} {'score':>5}  target >= {TARGET}"
        + ("  (median of the runs: each run's score)" if several else "")
    )
    missed = 0
    for entry in results:
        for category in CATEGORIES:
            score = entry["scores"].get(category)
            verdict = "met" if score is not None and score >= TARGET else "MISSED"
            missed += verdict == "MISSED"
            each = entry.get("runScores", {}).get(category, [])
            runs = f"  ({', '.join(_score(value) for value in each)})" if several else ""
            print(
                f"{entry['page']:<10} {entry['preset']:<8} {category:<15} {_score(score):>5}"
                f"  {verdict:<6}{runs}"
            )
    total = len(results) * len(CATEGORIES)
    print(f"\ntargets met: {total - missed}/{total}")
    if several:
        print("metrics and details below: the run with the median performance score")

    print(f"\n{'page':<10} {'preset':<8} " + " ".join(f"{short:>8}" for short in METRICS.values()))
    for entry in results:
        shown = [_metric(entry, metric) for metric in METRICS]
        print(f"{entry['page']:<10} {entry['preset']:<8} " + " ".join(f"{s:>8}" for s in shown))

    for entry in results:
        where = f"{entry['page']} ({entry['route']}), {entry['preset']}"
        if not entry["signedIn"]:
            print(f"\nWARNING {where}: Lighthouse ended on {entry['finalUrl']}, not signed in")
        if entry.get("runtimeError"):
            print(
                f"\nLighthouse failed on {where} after {entry['attempts']} attempts:"
                f" {entry['runtimeError']}"
            )
        elif entry.get("attempts", 1) > 1:
            print(f"\n{where}: measured on attempt {entry['attempts']} (a trace failed before)")
        for warning in entry["runWarnings"]:
            print(f"\nLighthouse warning, {where}: {warning}")
        for category in CATEGORIES:
            score = entry["scores"].get(category)
            if score is not None and score >= TARGET:
                scored = [audit for audit in entry["lost"][category] if audit["weight"]]
                if scored:  # met, with points lost: the titles only
                    titles = "; ".join(audit["title"] for audit in scored)
                    print(f"\n{where}: {category} {score} (met), points lost on: {titles}")
                continue
            print(f"\n{where}: {category} {_score(score)}, what cost it points:")
            for audit in entry["lost"][category]:
                weight = f"weight {audit['weight']}" if audit["weight"] else "diagnostic"
                value = f", {audit['displayValue']}" if audit["displayValue"] else ""
                print(f"  - {audit['title']} (score {audit['score']}, {weight}{value})")
                for row in audit["details"]:
                    print(f"      {row}")
        for path in entry.get("reports", []):
            print(f"report: {path}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs", type=int, default=1, help="repeat the Lighthouse pass N times; judge the medians"
    )
    parser.add_argument(
        "--keep-reports", metavar="DIR", help="write the HTML and JSON reports (in DIR/run-N)"
    )
    parser.add_argument("--presets", default="desktop,mobile", help="desktop, mobile or both")
    parser.add_argument("--chromium", default="/usr/bin/chromium", help="the browser to drive")
    parser.add_argument(
        "--article",
        action="store_true",
        help="first generate one article on the default model, so the dashboard is not empty",
    )
    parser.add_argument(
        "--article-timeout", type=float, default=600, help="seconds to wait for that article"
    )
    args = parser.parse_args()
    if args.runs < 1:
        raise SystemExit("--runs must be at least 1")
    if not Path(args.chromium).is_file():
        raise SystemExit(f"{args.chromium} is missing: install Debian's chromium (apt)")

    print(f"load average before: {load_average()}", flush=True)
    dist = ensure_studio_built()
    ensure_lighthouse_installed()
    with tempfile.TemporaryDirectory(prefix="pw-bench-lighthouse-") as scratch:
        root = Path(scratch)
        home = root / "home"
        env = server_env(home)
        credentials = init_home(home, env)
        process, base = start_server(env, root, root / "serve.log")
        try:
            print(f"serving {dist} at {base} (throwaway home, SQLite)", flush=True)
            if args.article:
                started = time.monotonic()
                outcome = generate_article(base, credentials["api_key"], args.article_timeout)
                print(f"article: {outcome} in {time.monotonic() - started:.0f} s", flush=True)
            else:
                print("workspace: fresh from init (no documents or runs yet)", flush=True)
            runs: list[tuple[str, list[dict[str, Any]]]] = []
            for number in range(1, args.runs + 1):
                load = f"{os.getloadavg()[0]:.2f}"
                reports = None
                if args.keep_reports:
                    reports = Path(args.keep_reports)
                    reports = reports / f"run-{number}" if args.runs > 1 else reports
                out = root / f"results-{number}.json"
                found = run_lighthouse(base, credentials, out, args, reports)["results"]
                runs.append((load, found))
        finally:
            stop_server(process)
    if args.runs > 1:
        report_runs(runs)
        report(median_run([found for _, found in runs]))
    else:
        report(runs[0][1])
    print(f"\nload average after: {load_average()}")
    print(
        "Performance scores depend on the CPU Lighthouse gets: on a loaded machine they are"
        " pessimistic (total blocking time above all)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
