"""A product as a shop export describes it, over one or more rows, and what it becomes.

:mod:`.woocommerce_export` and :mod:`.shopify_export` read their shop's layout into
:class:`ShopProduct` values (a product row with its variant rows folded in);
:func:`products_source` turns those into a :class:`~.records.Source` whose columns are
the item fields (``name``, ``category``, ``features``...) followed by the export's own
columns, so ``--map`` can still pick any of those.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from presswright.bulk.errors import BulkInputError, InputProblem
from presswright.bulk.records import Record, Source
from presswright.publish.woocommerce.products import EXPORT_ID_COLUMN

__all__ = [
    "FIELD_COLUMNS",
    "ShopProduct",
    "cell",
    "column_lookup",
    "count",
    "export_error",
    "first_category",
    "price_range",
    "products_source",
    "split_list",
]

FIELD_COLUMNS = [
    "name",
    "category",
    "price",
    "features",
    "attributes",
    "keywords",
    EXPORT_ID_COLUMN,
]
_MAX_KEYWORDS = 10  # what ProductFacts.keywords holds
_UNESCAPED_COMMA = re.compile(r"(?<!\\),")


@dataclass
class ShopProduct:
    """One product of an export: its own row, and the facts gathered from it and its variants."""

    record: Record
    name: str
    category: str = ""
    features: list[str] = field(default_factory=list)
    attributes: dict[str, list[str]] = field(default_factory=dict)
    keywords: list[str] = field(default_factory=list)
    prices: list[str] = field(default_factory=list)
    product_id: str = ""

    def add_attribute(self, name: str, values: list[str]) -> None:
        """Add values to an attribute, each once, in the order met."""
        name = name.strip()
        if not name:
            return
        known = self.attributes.setdefault(name, [])
        known += [value for value in values if value and value not in known]
        if not known:
            del self.attributes[name]

    def add_price(self, price: str) -> None:
        """Note one price of the product or a variant."""
        if price.strip():
            self.prices.append(price.strip())

    def fields(self) -> dict[str, Any]:
        """The item fields this product fills (empty ones left out)."""
        values: dict[str, Any] = {
            "name": self.name,
            "category": self.category,
            "price": price_range(self.prices),
            "features": self.features,
            "attributes": {name: ", ".join(values) for name, values in self.attributes.items()},
            "keywords": list(dict.fromkeys(self.keywords))[:_MAX_KEYWORDS],
            EXPORT_ID_COLUMN: self.product_id,
        }
        return {key: value for key, value in values.items() if value}


def column_lookup(columns: list[str]) -> dict[str, str]:
    """The columns by their case-folded, trimmed name."""
    return {column.strip().casefold(): column for column in columns}


def numbered_columns(
    names: dict[str, str], name_key: re.Pattern[str], value_key: str
) -> list[tuple[str, str]]:
    """(name column, value column) of numbered column pairs, by number.

    ``name_key`` matches a lowercase name column and captures its number (``option(\\d)
    name``); ``value_key`` is its value column with ``{}`` for the number.
    """
    found = []
    for key, column in names.items():
        match = name_key.match(key)
        value = names.get(value_key.format(match[1])) if match else None
        if match and value is not None:
            found.append((int(match[1]), column, value))
    return [(name, value) for _, name, value in sorted(found)]


def cell(record: Record, column: str | None) -> str:
    """A record's cell in ``column`` ("" for no such column), trimmed."""
    if column is None:
        return ""
    value = record.values.get(column)
    return value.strip() if isinstance(value, str) else ""


def split_list(text: str) -> list[str]:
    """A comma-separated list cell (``\\,`` is a comma inside an item), items trimmed."""
    items = (item.replace("\\,", ",").strip() for item in _UNESCAPED_COMMA.split(text))
    return [item for item in items if item]


def first_category(text: str) -> str:
    """The last segment of the first ``>``-separated path of a category list."""
    paths = split_list(text)
    return paths[0].split(">")[-1].strip() if paths else ""


def _number(price: str) -> float | None:
    try:
        return float(price.replace(" ", "").replace(",", "."))
    except ValueError:
        return None


def price_range(prices: list[str]) -> str:
    """One price, or the lowest and highest of several ("19.90-24.90")."""
    known = [(number, price) for price in prices if (number := _number(price)) is not None]
    if not known:
        return prices[0] if prices else ""
    low, high = min(known), max(known)
    return low[1] if low[0] == high[0] else f"{low[1]}-{high[1]}"


def count(number: int, noun: str) -> str:
    """``3 products``, ``1 product``."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def export_error(shop: str, line: int | None, message: str) -> BulkInputError:
    """A row of a shop export that cannot be placed, refused with its line."""
    where = f"line {line}: " if line is not None else ""
    return BulkInputError(
        f"the {shop} product export cannot be read",
        [InputProblem(("file",), where + message)],
        hint=f"export the products from {shop} again, or fix that line",
    )


def products_source(
    name: str | None, columns: list[str], products: list[ShopProduct], shape: str
) -> Source:
    """The products as a source: the item fields any product fills, then the export's other
    columns."""
    fields = {column.casefold() for column in FIELD_COLUMNS}
    kept = [column for column in columns if column.strip().casefold() not in fields]
    records = [
        Record(
            product.record.row,
            {**{c: product.record.values.get(c, "") for c in kept}, **product.fields()},
            product.record.line,
        )
        for product in products
    ]
    filled = [f for f in FIELD_COLUMNS if any(f in record.values for record in records)]
    return Source(name, filled + kept, records, shape, frozenset(columns))
