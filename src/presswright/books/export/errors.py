"""What a book export raises: part of Presswright's one error tree.

PresswrightError
└── BookExportError          an engine (pandoc, typst) failed or is missing
    └── BookFontsMissingError   the Noto fonts the PDF and the cover need are not installed
"""

from __future__ import annotations

from presswright.errors import PresswrightError

__all__ = ["BookExportError", "BookFontsMissingError"]


class BookExportError(PresswrightError):
    """A format could not be written: the engine's own message and what to do."""


class BookFontsMissingError(BookExportError):
    """The fonts that cover the book's language are not on this machine."""
