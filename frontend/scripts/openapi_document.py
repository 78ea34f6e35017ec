"""Print the OpenAPI document of the Presswright API as JSON (used by gen-api.mjs).

The app is built over a throwaway installation in a temporary home, exactly as the API
tests build it, so the document is the one the real server answers at /api/v1/openapi.json.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from presswright.api import create_app
from presswright.bootstrap import open_instance
from presswright.settings import Settings


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="presswright-openapi-") as home:
        instance = open_instance(Settings(home=Path(home) / "home"), create_secret=True)
        try:
            document = create_app(instance).openapi()
        finally:
            instance.database.dispose()
    json.dump(document, sys.stdout, sort_keys=True)


if __name__ == "__main__":
    main()
