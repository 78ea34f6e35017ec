"""Optional dependency groups: import them lazily, fail with the exact install hint."""

from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType

from presswright.errors import MissingExtraError

__all__ = ["has_module", "require_extra"]


def has_module(module: str) -> bool:
    """Tell whether ``module`` can be imported, without importing it."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def require_extra(module: str, *, extra: str, feature: str) -> ModuleType:
    """Import ``module`` or raise MissingExtraError telling to install ``presswright[extra]``."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtraError(feature=feature, module=module, extra=extra) from None
