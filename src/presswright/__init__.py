"""Presswright: a self-hosted AI content studio.

The library is the product; the CLI, the API and the UI are thin front doors over it.
"""

from presswright._version import __version__
from presswright.errors import PresswrightError
from presswright.settings import Settings, load_settings

__all__ = ["PresswrightError", "Settings", "__version__", "load_settings"]
