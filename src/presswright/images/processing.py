"""Image bytes from anywhere (a provider, an upload) made into clean, checked pictures.

:func:`decode_image` is the wall: it sniffs the format from the bytes (never a header or a
file name), opens only the formats a web picture comes in (so Pillow's parsers for FITS,
PDF, EPS and the rest never see untrusted bytes), checks the byte size, the pixel count per
frame and the frame count before decoding, verifies the file's structure, decodes it fully
(a truncated file fails here, not later), applies the EXIF orientation, converts the colours
to sRGB through the embedded ICC profile, and returns pixels that carry no metadata at all
(no EXIF, XMP, ICC, comments or text chunks). Every refusal is an
:class:`~presswright.errors.InvalidImageError` whose ``reason`` says what was wrong.

:func:`process_image` then makes the sizes asked for (:mod:`presswright.images.encoding`
resizes and encodes them within a byte budget). SVG never passes here: it is markup, and
:func:`presswright.images.svg.sanitize_svg` cleans it or refuses it.
"""

from __future__ import annotations

import hashlib
import io
import logging
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError, features

from presswright.errors import InvalidImageError
from presswright.images.encoding import (
    EncodedImage,
    OutputFormat,
    TargetSize,
    encode_within_budget,
    fallback_format,
    resize,
)

__all__ = [
    "DEFAULT_LIMITS",
    "DecodedImage",
    "ImageLimits",
    "ProcessedImage",
    "SourceFormat",
    "avif_supported",
    "content_hash",
    "decode_image",
    "process_image",
    "sniff_format",
]

SourceFormat = Literal["png", "jpeg", "webp", "gif", "avif", "svg"]
_PIL_FORMATS: dict[str, str] = {
    "png": "PNG",
    "jpeg": "JPEG",
    "webp": "WEBP",
    "gif": "GIF",
    "avif": "AVIF",
}
_logger = logging.getLogger("presswright.images")


@dataclass(frozen=True)
class ImageLimits:
    """What an accepted image may weigh: bytes, pixels per frame, longest side, frames."""

    max_bytes: int = 25 * 1024 * 1024
    max_pixels: int = 50_000_000
    max_side: int = 16_384
    max_frames: int = 300
    max_total_pixels: int = 200_000_000  # over all frames of an animation


DEFAULT_LIMITS = ImageLimits()


@dataclass(frozen=True)
class DecodedImage:
    """A fully decoded picture: RGB or RGBA pixels, upright, in sRGB, without metadata."""

    image: Image.Image
    source_format: SourceFormat
    source_bytes: int
    source_sha256: str
    frames: int

    @property
    def width(self) -> int:
        """Width in pixels (after the EXIF orientation was applied)."""
        return self.image.width

    @property
    def height(self) -> int:
        """Height in pixels (after the EXIF orientation was applied)."""
        return self.image.height

    @property
    def has_alpha(self) -> bool:
        """Whether some pixel is not fully opaque."""
        return self.image.mode == "RGBA"

    @property
    def animated(self) -> bool:
        """Whether the source had more than one frame (only the first one is kept)."""
        return self.frames > 1


@dataclass(frozen=True)
class ProcessedImage:
    """The variants made from one source: for each size, the main format and its fallback."""

    source: DecodedImage
    variants: tuple[EncodedImage, ...]

    def for_size(self, size: TargetSize) -> list[EncodedImage]:
        """The variants of one asked size, main format first."""
        return [variant for variant in self.variants if variant.target == size]


def content_hash(data: bytes) -> str:
    """The SHA-256 hex digest of the bytes: the identity of a stored or uploaded image."""
    return hashlib.sha256(data).hexdigest()


def avif_supported() -> bool:
    """Whether this Pillow can write AVIF (built in since Pillow 11.3 wheels)."""
    return bool(features.check("avif"))


def sniff_format(data: bytes) -> SourceFormat | None:
    """The image format the bytes begin with (magic numbers), or None for anything else."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    # ISO BMFF: a box size, then the `ftyp` box naming the brand (avif still, avis sequence).
    if data[4:8] == b"ftyp" and data[8:12] in (b"avif", b"avis"):
        return "avif"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<svg", b"<?xml", b"<!doctype svg", b"<!--")) and b"<svg" in data[:4096]:
        return "svg"
    return None


def _refuse(message: str, reason: str, hint: str) -> InvalidImageError:
    return InvalidImageError(message, reason=reason, hint=hint)


def decode_image(data: bytes, *, limits: ImageLimits = DEFAULT_LIMITS) -> DecodedImage:
    """Check and fully decode image bytes; InvalidImageError says what was wrong if it fails."""
    if not data:
        raise _refuse("the image is empty (0 bytes)", "empty", "send the image's bytes")
    if len(data) > limits.max_bytes:
        raise _refuse(
            f"the image is {len(data)} bytes, over the limit of {limits.max_bytes}",
            "too_large",
            "send a smaller image (fewer pixels or stronger compression)",
        )
    kind = sniff_format(data)
    if kind is None:
        raise _refuse(
            "the bytes are not a PNG, JPEG, WebP, GIF or AVIF image (unrecognised header"
            f" {data[:8].hex()})",
            "unknown_format",
            "send a PNG, JPEG, WebP, GIF or AVIF image",
        )
    if kind == "svg":
        raise _refuse(
            "the bytes are an SVG document, not a raster image",
            "svg",
            "clean it with presswright.images.svg.sanitize_svg, or send a raster image",
        )
    if kind == "avif" and not avif_supported():
        raise _refuse(
            "this Pillow cannot read AVIF",
            "unsupported_format",
            "install Pillow 11.3 or later (its wheels read and write AVIF)",
        )
    source = _open_checked(data, kind, limits)
    return DecodedImage(
        image=source[0],
        source_format=kind,
        source_bytes=len(data),
        source_sha256=content_hash(data),
        frames=source[1],
    )


def _open(data: bytes, kind: str) -> Image.Image:
    with warnings.catch_warnings():
        # Our own pixel limit (lower than Pillow's warning threshold) decides; see below.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        return Image.open(io.BytesIO(data), formats=[_PIL_FORMATS[kind]])


def _open_checked(data: bytes, kind: str, limits: ImageLimits) -> tuple[Image.Image, int]:
    """The first frame, upright, sRGB and metadata-free, and the number of frames."""
    what = kind.upper()
    try:
        probe = _open(data, kind)
        width, height = probe.size
        if width < 1 or height < 1:
            raise _refuse(f"the {what} declares a size of {width}x{height}", "bad_size", _RESEND)
        if width * height > limits.max_pixels or max(width, height) > limits.max_side:
            raise _refuse(
                f"the {what} is {width}x{height} pixels, over the limit of"
                f" {limits.max_pixels} pixels and {limits.max_side} pixels a side",
                "too_many_pixels",
                "send a smaller image; a decompression bomb is refused here on purpose",
            )
        frames = int(getattr(probe, "n_frames", 1))
        if frames > limits.max_frames or frames * width * height > limits.max_total_pixels:
            raise _refuse(
                f"the {what} has {frames} frames of {width}x{height}, over the limit of"
                f" {limits.max_frames} frames and {limits.max_total_pixels} pixels in all",
                "too_many_frames",
                "send a still image",
            )
        probe.verify()  # the file's structure and checksums; this object is spent after it
        image = _open(data, kind)
        image.load()  # every pixel of the first frame, so a truncated file fails now
        for index in range(1, frames):
            image.seek(index)
            image.load()  # a later frame that is cut off or corrupt fails too
        image.seek(0)
        cleaned = _clean(image)  # reads frame 0 again and converts: may still fail
    except InvalidImageError:
        raise
    except Image.DecompressionBombError as error:
        raise _refuse(
            f"the {what} is a decompression bomb ({error})",
            "too_many_pixels",
            "send a smaller image",
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
        truncated = "truncated" in str(error).lower()
        raise _refuse(
            f"the {what} does not decode: {error}" if str(error) else f"the {what} does not decode",
            "truncated" if truncated else "undecodable",
            _RESEND,
        ) from None
    return cleaned, frames


_RESEND = "the file is damaged or cut off; generate or download it again"


def _clean(image: Image.Image) -> Image.Image:
    """Upright, sRGB, RGB or RGBA pixels in a new image that carries no metadata."""
    upright = ImageOps.exif_transpose(image) or image
    icc = image.info.get("icc_profile")
    converted = _to_rgb(upright, icc if isinstance(icc, bytes) else None)
    if converted.mode == "RGBA" and converted.getchannel("A").getextrema() == (255, 255):
        converted = converted.convert("RGB")  # an alpha channel nothing uses
    # A fresh image from the raw pixels: no info dict, no EXIF, XMP, ICC, text or comments.
    return Image.frombytes(converted.mode, converted.size, converted.tobytes())


def _to_rgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    if image.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N", "F"):
        image = _scaled_to_8_bits(image)
    if icc and image.mode in ("RGB", "RGBA", "CMYK", "L"):
        image = _to_srgb(image, icc, "RGBA" if image.mode == "RGBA" else "RGB")
    if image.mode == "P":
        return image.convert("RGBA" if "transparency" in image.info else "RGB")
    if image.mode in ("LA", "PA", "La", "RGBa"):
        return image.convert("RGBA")
    if image.mode not in ("RGB", "RGBA"):
        return image.convert("RGB")  # 1, L, CMYK, YCbCr, LAB, HSV
    return image


def _scaled_to_8_bits(image: Image.Image) -> Image.Image:
    """16-bit, 32-bit or float greyscale brought to 0-255 by its depth (or range if unknown)."""
    wide = image.convert("F")
    low, high = (float(value) for value in wide.getextrema())  # type: ignore[arg-type]
    if image.mode.startswith("I;16") or (image.mode == "I" and low >= 0 and high <= 65535):
        low, high = 0.0, 65535.0
    elif image.mode == "F" and low >= 0 and high <= 1:
        low, high = 0.0, 1.0
    span = (high - low) or 1.0
    return wide.point(lambda value: (value - low) * (255.0 / span)).convert("L")


def _to_srgb(image: Image.Image, icc: bytes, mode: str) -> Image.Image:
    """The pixels converted from the embedded profile to sRGB; unchanged if it is unusable."""
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        target = ImageCms.createProfile("sRGB")
        converted = ImageCms.profileToProfile(
            image, source, target, outputMode=mode, renderingIntent=ImageCms.Intent.PERCEPTUAL
        )
    except (ImageCms.PyCMSError, OSError, ValueError) as error:
        # A broken profile, or one for another colour space: the pixels are kept, untagged.
        _logger.info("ignored an unusable ICC profile: %s", error)
        return image
    return converted if converted is not None else image


def process_image(
    data: bytes,
    sizes: Sequence[TargetSize],
    *,
    output: OutputFormat = "webp",
    max_bytes: int | None = None,
    fallback: bool = True,
    limits: ImageLimits = DEFAULT_LIMITS,
) -> ProcessedImage:
    """Decode and check ``data``, then encode each size in ``output``; for WebP and AVIF also
    a JPEG (or, with transparency, PNG) fallback that every browser shows.

    ``max_bytes`` is the budget of each encoded file: the quality is searched down until it
    fits, and an image that cannot fit at the asked size raises InvalidImageError. This is
    CPU work: call it from async code through ``asyncio.to_thread``.
    """
    if not sizes:
        raise ValueError("ask for at least one size")
    if output == "avif" and not avif_supported():
        raise _refuse(
            "this Pillow cannot write AVIF",
            "unsupported_format",
            "ask for WebP, or install Pillow 11.3 or later",
        )
    decoded = decode_image(data, limits=limits)
    variants: list[EncodedImage] = []
    for size in sizes:
        picture = resize(decoded.image, size)
        variants.append(encode_within_budget(picture, output, max_bytes=max_bytes, target=size))
        second = fallback_format(picture)
        if fallback and output in ("webp", "avif"):
            variants.append(encode_within_budget(picture, second, max_bytes=max_bytes, target=size))
    return ProcessedImage(source=decoded, variants=tuple(variants))
