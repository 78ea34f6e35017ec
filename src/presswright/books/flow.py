"""The shipped book flow (``books/flows/book.yaml``) and reading a finished run's book.

A book run is an execution like any other: durable, stoppable, resumable, one chapter
regenerable (``chapters[2]``). Its output ``book`` holds the compiled
:class:`~presswright.books.model.Book` and its :class:`~presswright.books.record.BookRecord`.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

from presswright.books.model import Book
from presswright.books.record import BookRecord
from presswright.errors import PresswrightError
from presswright.flows.spec import FlowSpec

__all__ = ["BOOK_FLOW", "book_flow", "book_from_outputs", "shipped_book_flow"]

BOOK_FLOW = "book"


@cache
def shipped_book_flow(name: str) -> FlowSpec:
    """A flow spec shipped in ``books/flows`` (the master template ``book``)."""
    text = resources.files("presswright.books").joinpath("flows", f"{name}.yaml").read_text()
    return FlowSpec.model_validate(yaml.safe_load(text))


def book_flow() -> FlowSpec:
    """The book flow spec shipped with Presswright."""
    return shipped_book_flow(BOOK_FLOW)


def book_from_outputs(outputs: dict[str, Any]) -> tuple[Book, BookRecord]:
    """The compiled book and its record of a finished book run."""
    value = outputs.get("book")
    if not isinstance(value, dict) or "book" not in value or "record" not in value:
        raise PresswrightError(
            "the run finished without its book", hint="see `presswright run status`"
        )
    return Book.model_validate(value["book"]), BookRecord.model_validate(value["record"])
