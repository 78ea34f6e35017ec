"""How long `presswright --help` and `presswright --version` take, against `python -c pass`.

Each is a fresh process of this interpreter, run in interleaved rounds so machine load hits
all of them alike; the median wall and CPU (user + system) time of each is printed with what
the CLI adds over a bare interpreter. On a busy machine read the CPU column: wall time then
mostly measures waiting for a core. One more run per command lists the heavy packages it
imported (there should be none).

Run: .venv/bin/python benchmarks/cli_startup.py [--rounds 20]
Target: --help and --version answer in under 300 ms here, importing no DBOS, SQLAlchemy
or FastAPI.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time

TARGET_MS = 300.0
HEAVY = ("dbos", "sqlalchemy", "fastapi", "starlette", "uvicorn", "alembic", "openai", "httpx")
CASES: dict[str, list[str]] = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "presswright --version": [sys.executable, "-m", "presswright", "--version"],
    "presswright --help": [sys.executable, "-m", "presswright", "--help"],
}
PROBE = """
import json, sys
sys.argv = ["presswright", {arg!r}]
try:
    from presswright.cli import main
    main()
except SystemExit:
    pass
heavy = {heavy!r}
print(json.dumps(sorted({{m.split(".")[0] for m in sys.modules if m.split(".")[0] in heavy}})))
"""


def run_ms(command: list[str]) -> tuple[float, float]:
    """Wall and CPU (user + system) milliseconds of one run of ``command``.

    CPU time is the figure to read on a busy machine: waiting for a core is not counted.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, capture_output=True, check=True)
    wall = (time.perf_counter() - started) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    return wall, cpu


def heavy_imports(arg: str) -> list[str]:
    """The heavy packages `presswright ARG` has imported by the time it answers."""
    probe = PROBE.format(arg=arg, heavy=HEAVY)
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    found: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    rounds = parser.parse_args().rounds
    for command in CASES.values():  # warm the file cache
        run_ms(command)
    wall: dict[str, list[float]] = {name: [] for name in CASES}
    cpu: dict[str, list[float]] = {name: [] for name in CASES}
    for _ in range(rounds):
        for name, command in CASES.items():
            spent_wall, spent_cpu = run_ms(command)
            wall[name].append(spent_wall)
            cpu[name].append(spent_cpu)
    base_wall = statistics.median(wall["python -c pass"])
    base_cpu = statistics.median(cpu["python -c pass"])
    print(f"{rounds} rounds, medians in ms; 'over': what the command adds to a bare interpreter")
    print(f"{'command':<24}{'wall':>8}{'over':>8}{'cpu':>8}{'over':>8}  heavy imports")
    for name in CASES:
        median_wall, median_cpu = statistics.median(wall[name]), statistics.median(cpu[name])
        heavy = "-" if name.startswith("python") else ", ".join(heavy_imports(name.split()[1]))
        print(
            f"{name:<24}{median_wall:>8.0f}{median_wall - base_wall:>+8.0f}"
            f"{median_cpu:>8.0f}{median_cpu - base_cpu:>+8.0f}  {heavy or 'none'}"
        )
    for name in ("presswright --help", "presswright --version"):
        median = statistics.median(wall[name])
        verdict = "met" if median < TARGET_MS else "MISSED"
        print(f"target {name} under {TARGET_MS:.0f} ms wall: {verdict} ({median:.0f} ms)")


if __name__ == "__main__":
    main()
