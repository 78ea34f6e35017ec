"""The `presswright` command with the test node types installed, for worker subprocesses.

    python tests/flows/worker_main.py worker --executor-id X --concurrency N

The tests pass PRESSWRIGHT_HOME, PRESSWRIGHT_DATABASE_URL and PW_TEST_EFFECTS in the
environment; everything after the script name is handed to the real command line.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def main() -> None:
    """Install the test node types, then run `presswright` with the remaining arguments."""
    # Import the plugin as the test package does, not as a top-level module of this folder.
    sys.path[0] = str(REPO)
    from presswright import cli
    from tests.flows.engine_nodes import install

    install()
    sys.argv = ["presswright", *sys.argv[1:]]
    cli.main()


if __name__ == "__main__":
    main()
