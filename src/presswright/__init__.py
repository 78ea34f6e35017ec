"""Presswright: a self-hosted AI content studio.

The library is the product; the CLI, the API and the UI are thin front doors over it.
``Settings`` and ``load_settings`` are loaded on first use, so that `presswright
--version` (which needs only the version) starts without pydantic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from presswright._version import __version__
from presswright.errors import PresswrightError

if TYPE_CHECKING:
    from presswright.settings import Settings, load_settings

__all__ = ["PresswrightError", "Settings", "__version__", "load_settings"]


def __getattr__(name: str) -> Any:
    """``Settings`` and ``load_settings``, imported when first asked for."""
    if name in ("Settings", "load_settings"):
        from presswright import settings

        return getattr(settings, name)
    raise AttributeError(f"module 'presswright' has no attribute {name!r}")
