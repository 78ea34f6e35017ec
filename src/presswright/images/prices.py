"""What one generated picture costs, as data: USD per image by model, quality and size.

Image APIs bill per picture (OpenAI by quality tier and size, Stability in credits of
$0.01, Gemini's image models at a fixed number of output tokens per picture). Keys are
``kind:model`` ids; inside, ``"QUALITY|SIZE"`` with ``*`` for any, the most specific entry
winning. Self-hosted servers (``openai-compatible``) cost nothing per picture. A caller may
pass its own table to override or extend these, in the same shape.

Where each figure comes from, and as of when, is :data:`PRICE_SOURCES` (one entry per
model id, pinned by a test). The figures were copied from the vendors' price pages as of
the month given there; they were not re-checked from the machine that wrote this table (it
has no internet access), so check the pages before trusting a bill to the cent, and pass
your own table when a vendor has changed its prices.

Input: models that bill the prompt and any input picture as tokens (GPT image models, text
at one rate and pictures at another; Gemini's image models, one rate) have those rates in
:data:`INPUT_TOKEN_PRICES`, so an edit's input picture is priced too. A call's input cost is
shared by the pictures it made.

Edits and variations: OpenAI bills an edit's or a variation's pictures as generated ones
of the same model, quality and size, plus the input tokens above. Stability bills its Edit
services per call whatever model id was asked: ``stability:edit/inpaint``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

__all__ = [
    "DEFAULT_IMAGE_PRICES",
    "INPUT_TOKEN_PRICES",
    "PRICE_SOURCES",
    "ImagePrices",
    "PriceSource",
    "image_cost",
    "image_price_known",
    "input_cost",
]

ImagePrices = Mapping[str, Mapping[str, float]]

_WIDE = ("1536x1024", "1024x1536")
_TALL_DALLE = ("1792x1024", "1024x1792")


def _tiers(
    square: dict[str, float], other: dict[str, float], sizes: tuple[str, ...]
) -> dict[str, float]:
    table = {f"{quality}|1024x1024": price for quality, price in square.items()}
    for quality, price in other.items():
        table.update({f"{quality}|{size}": price for size in sizes})
    return table


# From the vendors' public price lists (per picture); sources and dates in PRICE_SOURCES.
DEFAULT_IMAGE_PRICES: dict[str, dict[str, float]] = {
    "openai:gpt-image-1": _tiers(
        {"low": 0.011, "medium": 0.042, "high": 0.167},
        {"low": 0.016, "medium": 0.063, "high": 0.25},
        _WIDE,
    ),
    "openai:gpt-image-1-mini": _tiers(
        {"low": 0.005, "medium": 0.011, "high": 0.036},
        {"low": 0.006, "medium": 0.015, "high": 0.052},
        _WIDE,
    ),
    "openai:dall-e-3": _tiers(
        {"standard": 0.04, "hd": 0.08}, {"standard": 0.08, "hd": 0.12}, _TALL_DALLE
    ),
    "openai:dall-e-2": {"*|256x256": 0.016, "*|512x512": 0.018, "*|1024x1024": 0.02},
    "gemini:gemini-2.5-flash-image": {"*|*": 0.039},
    "gemini:gemini-3-pro-image-preview": {"*|*": 0.134, "4K|*": 0.24},
    "stability:ultra": {"*|*": 0.08},
    "stability:core": {"*|*": 0.03},
    "stability:sd3.5-large": {"*|*": 0.065},
    "stability:sd3.5-large-turbo": {"*|*": 0.04},
    "stability:sd3.5-medium": {"*|*": 0.035},
    "stability:edit/inpaint": {"*|*": 0.03},
}


# USD per input token (text, picture), for models that bill their input as tokens.
INPUT_TOKEN_PRICES: dict[str, tuple[float, float]] = {
    "openai:gpt-image-1": (5.00e-6, 10.00e-6),
    "openai:gpt-image-1-mini": (2.00e-6, 2.50e-6),
    "gemini:gemini-2.5-flash-image": (0.30e-6, 0.30e-6),
    "gemini:gemini-3-pro-image-preview": (2.00e-6, 2.00e-6),
}


class PriceSource(NamedTuple):
    """Where a model's figures were read, and the month they were published or read."""

    url: str
    as_of: str  # YYYY-MM
    note: str


_OPENAI = "https://platform.openai.com/docs/pricing (Image generation, per image)"
_GOOGLE = "https://ai.google.dev/gemini-api/docs/pricing (output image tokens per image)"
_STABILITY = "https://platform.stability.ai/pricing (credits at $0.01)"
PRICE_SOURCES: dict[str, PriceSource] = {
    "openai:gpt-image-1": PriceSource(
        _OPENAI, "2025-04", "launch prices, low/medium/high; input $5 text, $10 image per million"
    ),
    "openai:gpt-image-1-mini": PriceSource(
        _OPENAI,
        "2025-10",
        "launch prices, low/medium/high; input $2 text, $2.50 image per million",
    ),
    "openai:dall-e-3": PriceSource(_OPENAI, "2023-11", "standard/hd, square and wide"),
    "openai:dall-e-2": PriceSource(_OPENAI, "2023-11", "by size"),
    "gemini:gemini-2.5-flash-image": PriceSource(
        _GOOGLE, "2025-08", "1290 output tokens at $30 per million; input $0.30 per million"
    ),
    "gemini:gemini-3-pro-image-preview": PriceSource(
        _GOOGLE,
        "2025-11",
        "1K/2K 1120 tokens, 4K 2000 tokens, at $120 per million; input $2 per million",
    ),
    "stability:ultra": PriceSource(_STABILITY, "2024-10", "8 credits"),
    "stability:core": PriceSource(_STABILITY, "2024-10", "3 credits"),
    "stability:sd3.5-large": PriceSource(_STABILITY, "2024-10", "6.5 credits"),
    "stability:sd3.5-large-turbo": PriceSource(_STABILITY, "2024-10", "4 credits"),
    "stability:sd3.5-medium": PriceSource(_STABILITY, "2024-10", "3.5 credits"),
    "stability:edit/inpaint": PriceSource(_STABILITY, "2024-10", "Edit: Inpaint, 3 credits"),
}


def _lookup(table: Mapping[str, float], quality: str | None, size: str | None) -> float | None:
    for key in (f"{quality}|{size}", f"{quality}|*", f"*|{size}", "*|*"):
        if key in table:
            return table[key]
    return None


def _tables(model_ids: tuple[str, ...], prices: ImagePrices | None) -> list[Mapping[str, float]]:
    found: list[Mapping[str, float]] = []
    for source in (prices or {}, DEFAULT_IMAGE_PRICES):
        found.extend(source[model_id] for model_id in model_ids if model_id in source)
    return found


def image_cost(
    model_ids: tuple[str, ...],
    *,
    quality: str | None,
    size: str | None,
    prices: ImagePrices | None = None,
) -> float:
    """USD for one picture of the first of ``model_ids`` (``name:model``, ``kind:model``)
    that has a price; the caller's table before the defaults; unknown models cost 0."""
    for table in _tables(model_ids, prices):
        price = _lookup(table, quality, size)
        if price is not None:
            return price
    return 0.0


def image_price_known(model_ids: tuple[str, ...], prices: ImagePrices | None = None) -> bool:
    """Whether pictures of this model are priced (a self-hosted server costs nothing)."""
    return any(m.startswith("openai-compatible:") for m in model_ids) or bool(
        _tables(model_ids, prices)
    )


def input_cost(model_ids: tuple[str, ...], *, text_tokens: int, image_tokens: int) -> float:
    """USD for a call's input tokens on the first of ``model_ids`` with input rates (0 for a
    model that does not bill its input as tokens)."""
    for model_id in model_ids:
        rates = INPUT_TOKEN_PRICES.get(model_id)
        if rates is not None:
            return text_tokens * rates[0] + image_tokens * rates[1]
    return 0.0
