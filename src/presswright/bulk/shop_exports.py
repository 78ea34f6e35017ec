"""Recognising a shop's own product export by its header, so it needs no ``--map``.

A CSV whose header is WooCommerce's (:mod:`.woocommerce_export`) or Shopify's
(:mod:`.shopify_export`) product export is read as one record per product, variant rows
folded in; any other file is left as it is.
"""

from __future__ import annotations

from collections.abc import Callable

from presswright.bulk.records import Record, Source
from presswright.bulk.shopify_export import is_shopify_export, read_shopify_export
from presswright.bulk.woocommerce_export import is_woocommerce_export, read_woocommerce_export

__all__ = ["export_layout", "recognised_export"]

_Reader = Callable[[str | None, list[str], list[Record]], Source]
_SHAPES: list[tuple[Callable[[list[str]], bool], _Reader, str]] = [
    (is_woocommerce_export, read_woocommerce_export, "a WooCommerce product export"),
    (is_shopify_export, read_shopify_export, "a Shopify product export"),
]


def export_layout(columns: list[str]) -> str | None:
    """Which shop's product export has this header ("a WooCommerce product export"), if any."""
    return next((layout for recognises, _, layout in _SHAPES if recognises(columns)), None)


def recognised_export(name: str | None, columns: list[str], records: list[Record]) -> Source | None:
    """The products of a shop export with this header, or None for any other file."""
    for recognises, read, _ in _SHAPES:
        if recognises(columns):
            return read(name, columns, records)
    return None
