"""Import walls between layers, read from the source (ast), not from what happens to be loaded.

* ``store/`` imports nothing above it: repositories persist what they are given, and the
  layer that owns a rule (content, flows, llm, publish, ...) checks it before calling them.
* ``api/context.py`` and ``api/principals.py`` are not an import circle: the caller value
  (``api/caller.py``) sits below both, and the context never imports the principals.

Every import counts, at module level, inside functions and under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "presswright"
# What the store may use: itself and the small foundations below every layer.
STORE_MAY_IMPORT = ("store", "errors", "settings", "extras", "secretbox", "auth", "home")


def presswright_imports(path: Path, root: Path = PACKAGE) -> list[tuple[int, str]]:
    """(line, module) of every ``presswright.*`` import in the file, relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = ".".join(path.relative_to(root.parent).with_suffix("").parts[:-1])
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            # ``from presswright import hookspecs`` imports the module it names.
            if module == "presswright":
                found += [(node.lineno, f"presswright.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, module))
    return [(line, name) for line, name in found if name.split(".")[0] == "presswright"]


def layer_of(module: str) -> str:
    """The top-level part of ``presswright`` a module belongs to (``presswright.x.y`` -> x)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


STORE_FILES = sorted((PACKAGE / "store").rglob("*.py"))


@pytest.mark.parametrize("path", STORE_FILES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_store_imports_nothing_above_it(path: Path) -> None:
    above = [
        f"{path.relative_to(PACKAGE)}:{line} imports {module}"
        for line, module in presswright_imports(path)
        if layer_of(module) not in STORE_MAY_IMPORT
    ]
    assert not above, "; ".join(above)


def test_the_walk_sees_every_kind_of_import(tmp_path: Path) -> None:
    """The check itself can fail: each spelling of an import above the store is caught."""
    source = (
        "from typing import TYPE_CHECKING\n"
        "import presswright.content.blocks\n"
        "from presswright.flows.spec import FlowSpec\n"
        "from presswright import llm\n"
        "from ..api import context\n"
        "if TYPE_CHECKING:\n"
        "    from presswright.bulk.models import BulkProgress\n"
        "def later():\n"
        "    from presswright.publish.wordpress import sites\n"
        "from presswright.store.models import Flow\n"
        "from presswright.errors import NotFoundError\n"
    )
    root = tmp_path / "presswright"
    sample = root / "store" / "sample.py"
    sample.parent.mkdir(parents=True)
    sample.write_text(source, encoding="utf-8")
    layers = [layer_of(module) for _, module in presswright_imports(sample, root)]
    assert [layer for layer in layers if layer not in STORE_MAY_IMPORT] == [
        "content",
        "flows",
        "llm",
        "api",
        "bulk",
        "publish",
    ]


def test_the_api_context_does_not_import_the_principals() -> None:
    context = [module for _, module in presswright_imports(PACKAGE / "api" / "context.py")]
    principals = [module for _, module in presswright_imports(PACKAGE / "api" / "principals.py")]

    assert "presswright.api.principals" not in context
    assert "presswright.api.context" in principals  # one way only
    caller = [module for _, module in presswright_imports(PACKAGE / "api" / "caller.py")]
    assert all(layer_of(module) == "store" for module in caller)
