"""What one generated picture costs, as data: USD per image by model, quality and size.

Image APIs bill per picture (OpenAI by quality tier and size, Stability in credits of
$0.01, Gemini's image models at a fixed number of output tokens per picture). Keys are
``kind:model`` ids; inside, ``"QUALITY|SIZE"`` with ``*`` for any, the most specific entry
winning. Self-hosted servers (``openai-compatible``) cost nothing per picture. A caller may
pass its own table to override or extend these, in the same shape.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["DEFAULT_IMAGE_PRICES", "ImagePrices", "image_cost", "image_price_known"]

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


# From the vendors' public price lists (per picture).
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
