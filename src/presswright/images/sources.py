"""The picture an edit or a variation starts from, and an edit's mask, made ready to send.

Every provider takes PNG: the stored picture (WebP, AVIF, JPEG or PNG) is decoded, checked
like any other picture (:func:`presswright.images.processing.decode_image`) and sent as an
RGBA PNG. A mask follows OpenAI's convention, which the API and the studio use too: a PNG
of the picture's size whose fully transparent pixels mark where to change.
:func:`stability_mask` turns it into Stability's (a greyscale picture, white = change).
Models that need a square source (DALL-E 2) get the centre square of the picture and of
its mask (:func:`square_source`).
"""

from __future__ import annotations

import io
from typing import Literal

from PIL import Image

from presswright.errors import InvalidImageError
from presswright.images.checks import ImageFieldError
from presswright.images.processing import DEFAULT_LIMITS, ImageLimits, decode_image
from presswright.images.provider import ImageSource

__all__ = ["edit_source", "square_source", "stability_mask"]


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", optimize=False)
    return out.getvalue()


def _open(data: bytes, field: str, limits: ImageLimits) -> Image.Image:
    try:
        decode_image(data, limits=limits)
    except InvalidImageError as error:
        raise ImageFieldError(field, f"{error.message} ({error.reason})", hint=error.hint) from None
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def edit_source(
    picture: bytes,
    *,
    operation: Literal["edit", "variation"],
    mask: bytes | None = None,
    limits: ImageLimits = DEFAULT_LIMITS,
) -> ImageSource:
    """``picture`` (and ``mask``) as PNGs to send; an ImageFieldError on ``mask`` when it is
    not a picture, has another size than the picture, or has no transparent pixel."""
    image = _open(picture, "image", limits).convert("RGBA")
    mask_png: bytes | None = None
    if mask is not None:
        if operation != "edit":
            raise ImageFieldError("mask", "a variation takes no mask", hint="leave it out")
        shape = _open(mask, "mask", limits)
        if shape.size != image.size:
            raise ImageFieldError(
                "mask",
                f"the mask is {shape.width}x{shape.height}, the picture {image.width}x"
                f"{image.height}",
                hint="send a mask of the picture's size",
            )
        alpha = shape.convert("RGBA").getchannel("A")
        low, _ = alpha.getextrema()
        if low != 0:
            raise ImageFieldError(
                "mask",
                "the mask has no fully transparent pixel, so it marks nothing to change",
                hint="make the mask transparent where the picture should change (a PNG with alpha)",
            )
        mask_png = _png(shape.convert("RGBA"))
    return ImageSource(
        operation=operation,
        image=_png(image),
        mask=mask_png,
        width=image.width,
        height=image.height,
    )


def square_source(source: ImageSource) -> ImageSource:
    """The centre square of the picture and its mask (for models that take only squares)."""
    if source.width == source.height:
        return source
    side = min(source.width, source.height)
    left, top = (source.width - side) // 2, (source.height - side) // 2
    box = (left, top, left + side, top + side)

    def cut(data: bytes) -> bytes:
        return _png(Image.open(io.BytesIO(data)).crop(box))

    return source.model_copy(
        update={
            "image": cut(source.image),
            "mask": cut(source.mask) if source.mask is not None else None,
            "width": side,
            "height": side,
        }
    )


def stability_mask(mask: bytes) -> bytes:
    """An OpenAI-style mask (transparent = change) as Stability's (white = change)."""
    alpha = Image.open(io.BytesIO(mask)).convert("RGBA").getchannel("A")
    return _png(alpha.point(lambda value: 255 if value == 0 else 0).convert("L"))
