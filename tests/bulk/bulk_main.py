"""The `presswright` command with the fake provider writing product copy, for bulk CLI tests.

    python tests/bulk/bulk_main.py bulk run FILE --kind product --model fake:test

``PW_TEST_BULK_CALLS`` names a file that gets one line per answered call (the product's
name): the LLM work really done, kept outside the database so a SIGKILL cannot hide it.
``PW_TEST_BULK_DELAY`` makes every call take that many seconds. Everything after the
script name is handed to the real command line.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CALLS_VAR = "PW_TEST_BULK_CALLS"
DELAY_VAR = "PW_TEST_BULK_DELAY"


def main() -> None:
    """Script the fake provider, then run `presswright` with the remaining arguments."""
    sys.path[0] = str(REPO)
    from presswright import cli
    from presswright.llm.providers.fake import FakeProvider, FakeScript
    from tests.bulk.fakes import FakeWriter

    writer = FakeWriter(log=Path(os.environ[CALLS_VAR]) if CALLS_VAR in os.environ else None)
    script = FakeProvider.scripts["fake"] = FakeScript(delay=float(os.environ.get(DELAY_VAR, 0)))
    script.add(*[writer] * 10_000)
    sys.argv = ["presswright", *sys.argv[1:]]
    cli.main()


if __name__ == "__main__":
    main()
