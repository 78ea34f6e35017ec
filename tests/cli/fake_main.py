"""The `presswright` command with the shipped fake provider scripted, for CLI tests.

    python tests/cli/fake_main.py pattern "hero for a bakery" --model fake:test

``PW_TEST_FAKE_REPLIES`` names a JSON file with a list of replies: the connection named
``fake`` (a stored provider config of kind ``fake``) answers them in order. Everything after
the script name is handed to the real command line.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
REPLIES_VAR = "PW_TEST_FAKE_REPLIES"


def main() -> None:
    """Script the fake provider, then run `presswright` with the remaining arguments."""
    sys.path[0] = str(REPO)
    from presswright import cli
    from presswright.llm.providers.fake import FakeProvider, FakeScript

    replies = json.loads(Path(os.environ[REPLIES_VAR]).read_text(encoding="utf-8"))
    FakeProvider.scripts["fake"] = FakeScript().add(*replies)
    sys.argv = ["presswright", *sys.argv[1:]]
    cli.main()


if __name__ == "__main__":
    main()
