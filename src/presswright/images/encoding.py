"""Clean pixels to files: resize or crop to a size, encode WebP, AVIF, JPEG or PNG in a budget.

The pictures given here come from :func:`presswright.images.processing.decode_image` (RGB
or RGBA, no metadata), so nothing but pixels is ever written: no EXIF, XMP or ICC profile.
A byte budget is met by searching the quality (lossy formats) or the palette size (PNG)
for the best result that fits; a picture that cannot fit at the asked size is refused with
the smallest size reached, never silently shrunk to other dimensions.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from typing import Any, Literal

from PIL import Image, ImageOps

from presswright.errors import InvalidImageError

__all__ = [
    "MEDIA_TYPES",
    "EncodedImage",
    "Fit",
    "OutputFormat",
    "TargetSize",
    "encode",
    "encode_within_budget",
    "fallback_format",
    "resize",
]

OutputFormat = Literal["webp", "avif", "jpeg", "png"]
Fit = Literal["cover", "contain"]
MEDIA_TYPES: dict[str, str] = {
    "webp": "image/webp",
    "avif": "image/avif",
    "jpeg": "image/jpeg",
    "png": "image/png",
}
_MAX_SIDE = 16_384
# (best, worst) quality tried per lossy format; AVIF reaches a given look at a lower number.
_QUALITY_RANGE: dict[str, tuple[int, int]] = {"webp": (85, 20), "jpeg": (88, 25), "avif": (70, 15)}
_PNG_COLOURS = (256, 128, 64, 32)


@dataclass(frozen=True)
class TargetSize:
    """A size to make: exact (``cover``: scaled and centre-cropped) or within (``contain``)."""

    width: int
    height: int
    fit: Fit = "cover"

    def __post_init__(self) -> None:
        for side in (self.width, self.height):
            if not 1 <= side <= _MAX_SIDE:
                raise ValueError(f"a size's sides are 1 to {_MAX_SIDE} pixels, not {side}")
        if self.fit not in ("cover", "contain"):
            raise ValueError(f"fit is 'cover' or 'contain', not {self.fit!r}")

    def __str__(self) -> str:
        return f"{self.width}x{self.height} {self.fit}"


@dataclass(frozen=True)
class EncodedImage:
    """One encoded file: its bytes, format, pixel size, the quality used and its hash."""

    data: bytes = field(repr=False)
    format: OutputFormat
    width: int
    height: int
    quality: int | None  # lossy quality, or a PNG's palette size when it had to be reduced
    target: TargetSize | None = None

    @property
    def media_type(self) -> str:
        """The MIME type to store and serve it with."""
        return MEDIA_TYPES[self.format]

    @property
    def extension(self) -> str:
        """The file name extension, without the dot."""
        return "jpg" if self.format == "jpeg" else self.format

    @property
    def sha256(self) -> str:
        """The SHA-256 hex digest of the bytes."""
        return hashlib.sha256(self.data).hexdigest()

    @property
    def size(self) -> int:
        """The number of bytes."""
        return len(self.data)


def resize(image: Image.Image, size: TargetSize) -> Image.Image:
    """The picture at ``size``: ``cover`` fills it exactly (cropping the centre), ``contain``
    fits within it keeping the proportions (never enlarged)."""
    if size.fit == "cover":
        if image.size == (size.width, size.height):
            return image.copy()
        return ImageOps.fit(image, (size.width, size.height), method=Image.Resampling.LANCZOS)
    if image.width <= size.width and image.height <= size.height:
        return image.copy()
    return ImageOps.contain(image, (size.width, size.height), method=Image.Resampling.LANCZOS)


def fallback_format(image: Image.Image) -> OutputFormat:
    """The format every browser shows: JPEG for an opaque picture, PNG when it has alpha."""
    return "png" if image.mode == "RGBA" else "jpeg"


def encode(image: Image.Image, output: OutputFormat, quality: int | None = None) -> bytes:
    """The picture as ``output`` bytes; ``quality`` is the lossy quality or a PNG palette size."""
    buffer = io.BytesIO()
    options: dict[str, Any]
    if output == "jpeg":
        picture = image.convert("RGB") if image.mode != "RGB" else image
        options = {"quality": quality or _QUALITY_RANGE["jpeg"][0]}
        picture.save(buffer, "JPEG", optimize=True, progressive=True, **options)
    elif output == "webp":
        image.save(buffer, "WEBP", quality=quality or _QUALITY_RANGE["webp"][0], method=4)
    elif output == "avif":
        image.save(buffer, "AVIF", quality=quality or _QUALITY_RANGE["avif"][0], speed=6)
    elif output == "png":
        picture = image
        if quality is not None:
            # FASTOCTREE is the quantizer that keeps an alpha channel.
            method = Image.Quantize.FASTOCTREE if image.mode == "RGBA" else Image.Quantize.MEDIANCUT
            picture = image.quantize(colors=quality, method=method)
        picture.save(buffer, "PNG", optimize=True)
    else:
        raise ValueError(f"unknown output format {output!r}")
    return buffer.getvalue()


def encode_within_budget(
    image: Image.Image,
    output: OutputFormat,
    *,
    max_bytes: int | None = None,
    target: TargetSize | None = None,
) -> EncodedImage:
    """The best-looking ``output`` encoding of ``image`` that is at most ``max_bytes`` long.

    Lossy formats: the highest quality that fits, by binary search between the format's best
    and worst quality. PNG: lossless if it fits, else the largest palette that does.
    """
    if max_bytes is not None and max_bytes < 1:
        raise ValueError("max_bytes must be positive")

    def made(data: bytes, quality: int | None) -> EncodedImage:
        return EncodedImage(data, output, image.width, image.height, quality, target)

    if output == "png":
        data = encode(image, "png")
        if max_bytes is None or len(data) <= max_bytes:
            return made(data, None)
        smallest = len(data)
        for colours in _PNG_COLOURS:
            data = encode(image, "png", colours)
            smallest = min(smallest, len(data))
            if len(data) <= max_bytes:
                return made(data, colours)
        raise _over_budget(output, image, max_bytes, smallest, f"{_PNG_COLOURS[-1]} colours")
    best, worst = _QUALITY_RANGE[output]
    data = encode(image, output, best)
    if max_bytes is None or len(data) <= max_bytes:
        return made(data, best)
    low, high = worst, best - 1
    found: tuple[bytes, int] | None = None
    smallest = len(data)
    while low <= high:
        quality = (low + high) // 2
        data = encode(image, output, quality)
        smallest = min(smallest, len(data))
        if len(data) <= max_bytes:
            found, low = (data, quality), quality + 1
        else:
            high = quality - 1
    if found is None:
        raise _over_budget(output, image, max_bytes, smallest, f"quality {worst}")
    return made(found[0], found[1])


def _over_budget(
    output: str, image: Image.Image, budget: int, smallest: int, floor: str
) -> InvalidImageError:
    return InvalidImageError(
        f"a {image.width}x{image.height} {output.upper()} cannot be made within {budget} bytes:"
        f" the smallest at {floor} is {smallest} bytes",
        reason="over_budget",
        hint="raise the byte budget or ask for a smaller size"
        + ("" if output in ("webp", "avif") else ", or choose WebP or AVIF"),
    )
