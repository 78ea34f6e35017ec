"""WordPress's own block parser, run through ``php``, for tests of generated block markup.

The parser is loaded from the Debian ``wordpress`` package (``make install-dev`` installs
it with ``php-cli``), so markup is checked by the code WordPress itself runs on save.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

__all__ = ["WP_INCLUDES", "freeform_or_invalid", "parse_blocks"]

WP_INCLUDES = Path(os.environ.get("WP_INCLUDES", "/usr/share/wordpress/wp-includes"))
_SCRIPT = Path(__file__).with_name("wordpress_parse_blocks.php")


def parse_blocks(markup: str) -> list[dict[str, Any]]:
    """Parse block markup with WordPress's ``WP_Block_Parser``, as ``parse_blocks()`` does."""
    php = shutil.which("php")
    if php is None or not (WP_INCLUDES / "class-wp-block-parser.php").is_file():
        # Failing rather than skipping: a skipped parser check would pass broken markup.
        raise RuntimeError(
            f"php or {WP_INCLUDES}/class-wp-block-parser.php is missing; "
            "run `make install-dev` (it installs php-cli and the Debian wordpress package)"
        )
    result = subprocess.run(
        [php, "-d", "display_errors=stderr", str(_SCRIPT)],
        input=markup,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=60,
        env={**os.environ, "WP_INCLUDES": str(WP_INCLUDES)},
    )
    if result.returncode != 0 or result.stderr.strip():
        raise RuntimeError(f"php block parser failed ({result.returncode}): {result.stderr}")
    blocks: list[dict[str, Any]] = json.loads(result.stdout)
    for block in _walk(blocks):
        # PHP encodes an empty attribute array as [] rather than {}.
        if block["attrs"] == []:
            block["attrs"] = {}
    return blocks


def freeform_or_invalid(
    blocks: Sequence[dict[str, Any]], expected: Iterable[str] | None = None
) -> list[str]:
    """Describe every freeform block with content, and every block name not in ``expected``."""
    allowed = None if expected is None else set(expected)
    problems: list[str] = []
    for path, block in _walk_with_paths(blocks, "blocks"):
        name = block["blockName"]
        if name is None:
            if block["innerHTML"].strip():
                problems.append(f"{path}: freeform HTML {block['innerHTML'].strip()[:80]!r}")
        elif allowed is not None and name not in allowed:
            problems.append(f"{path}: unexpected block {name!r}")
    return problems


def _walk(blocks: Sequence[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    for _, block in _walk_with_paths(blocks, ""):
        yield block


def _walk_with_paths(
    blocks: Sequence[dict[str, Any]], prefix: str
) -> Iterable[tuple[str, dict[str, Any]]]:
    for index, block in enumerate(blocks):
        path = f"{prefix}[{index}]"
        yield path, block
        yield from _walk_with_paths(block["innerBlocks"], f"{path}.innerBlocks")
