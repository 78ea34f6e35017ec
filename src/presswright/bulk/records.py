"""The rows of a bulk job as read from its file, before any column is mapped to a field.

Every format becomes a :class:`Source`: the columns in the order they first appear, and one
:class:`Record` per data row, numbered from 1 (a CSV header is not a data row; blank lines
are skipped and not counted). A shop's product export is read as one record per product
(:mod:`.shop_exports`): its variant rows are folded into their product's record, which keeps
the product row's number, and ``shape`` says how the file was read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Record", "Source"]


@dataclass(frozen=True)
class Record:
    """One data row: its 1-based number, its values by column, and its line in a CSV file."""

    row: int
    values: dict[str, Any]
    line: int | None = None


@dataclass(frozen=True)
class Source:
    """The rows of a bulk job, wherever they came from.

    ``shape`` describes a recognised layout ("read as a WooCommerce product export: 3
    products, 4 variation rows folded"); ``explained_columns`` are the columns that layout
    accounts for, which are then not reported as unused.
    """

    name: str | None
    columns: list[str]
    records: list[Record]
    shape: str | None = None
    explained_columns: frozenset[str] = field(default_factory=frozenset)
