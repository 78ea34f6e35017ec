"""Schema-valid rate of ``presswright ask --schema`` on the packaged local model.

Runs ``presswright ask PROMPT --schema FILE --model local:smollm2 --json --no-cache`` once
per schema in ``benchmarks/schema_corpus/`` (20 schemas: recipes, events with date-time,
products with enums and bounds, nested $defs, anyOf, arrays with min/maxItems, email / uri
/ uuid formats, numbers with bounds, closed objects, a recursive tree, allOf, nullable
types, in English, French, Spanish, German and Italian domains). Each schema's
``description`` is the prompt. A fresh ``PRESSWRIGHT_HOME`` is created with
``presswright init`` first.

An answer counts as valid when ``ask`` succeeds and the printed document passes
``jsonschema`` *with* format checking (stricter than the validation ``ask`` itself does).
Re-asks are ``attempts - 1`` from ``ask --json`` (model calls beyond the first; the local
provider retries only on timeouts); a failed ask used all three calls.

Run: .venv/bin/python benchmarks/ask_schema.py [--only 03_product]
Target: 100% schema-valid; re-asks reported.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import jsonschema

CORPUS = Path(__file__).parent / "schema_corpus"
CLI = Path(sys.executable).parent / "presswright"
MAX_CALLS = 3  # one ask and MAX_REPAIRS (2) re-asks


def run_one(path: Path, environment: dict[str, str]) -> dict[str, Any]:
    """Ask once for ``path``'s schema; what came back and whether it is valid."""
    schema = json.loads(path.read_text())
    command = [str(CLI), "ask", schema["description"], "--schema", str(path)]
    command += ["--model", "local:smollm2", "--json", "--no-cache"]
    started = time.perf_counter()
    done = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=900)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["(no output)"])[-1]
        return {"valid": False, "reasks": MAX_CALLS - 1, "seconds": seconds, "problem": last}
    report = json.loads(done.stdout)
    validator = jsonschema.validators.validator_for(schema)
    # The draft's own format checker: FormatChecker() mixes drafts (draft 3's "time").
    checker = validator(schema, format_checker=validator.FORMAT_CHECKER)
    problems = [error.message for error in checker.iter_errors(report["answer"])]
    return {
        "valid": not problems,
        "reasks": int(report["attempts"]) - 1,
        "seconds": seconds,
        "problem": "; ".join(problems)[:120],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="run only schemas whose file name contains this")
    options = parser.parse_args()
    files = sorted(path for path in CORPUS.glob("*.json") if options.only in (None, path.stem))
    with tempfile.TemporaryDirectory(prefix="pw-ask-bench-") as home:
        environment = dict(os.environ, PRESSWRIGHT_HOME=home)
        subprocess.run(
            [str(CLI), "init", "--password", "benchmark-pass-123"],
            env=environment,
            capture_output=True,
            check=True,
        )
        results = []
        print(f"{'schema':<24} {'valid':>5} {'re-asks':>7} {'seconds':>8}  problem")
        for path in files:
            result = run_one(path, environment)
            results.append(result)
            print(
                f"{path.stem:<24} {'yes' if result['valid'] else 'NO':>5} {result['reasks']:>7}"
                f" {result['seconds']:>8.1f}  {result['problem']}",
                flush=True,
            )
    valid = sum(result["valid"] for result in results)
    reasks = sum(result["reasks"] for result in results)
    rate = 100 * valid / len(results) if results else 0.0
    print(
        f"\nschema-valid: {valid}/{len(results)} ({rate:.0f}%, target 100%);"
        f" re-asks used: {reasks} over {len(results)} asks;"
        f" {sum(r['seconds'] for r in results):.0f} s in all"
    )


if __name__ == "__main__":
    main()
