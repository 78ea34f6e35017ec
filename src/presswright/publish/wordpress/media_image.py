"""An image to put in a Media Library: its bytes and what people read about it, checked first.

Nothing is sent before the bytes are known to be an image: Pillow identifies the format
from the bytes themselves (a name or a declared type is not trusted), checks the file's
structure, and the declared type and the file name's extension must agree with it. An
SVG, or anything else that is not a raster image Pillow reads, is refused here. Whether the
site takes that type (WordPress 6.1 refuses AVIF, for one) is WordPress's to say: its
refusal is passed on (:mod:`presswright.publish.wordpress.media_remote`).

Titles, captions, descriptions and alt text are untrusted text: they are sent as plain
text, every tag removed (:func:`~presswright.publish.wordpress.post_content.plain_text`).
"""

from __future__ import annotations

import hashlib
import io
import mimetypes
import re
import unicodedata
import uuid
import warnings
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from presswright.errors import InvalidImageError, UserInputError
from presswright.publish.wordpress.post_content import plain_text

__all__ = [
    "ALT_TEXT_LIMIT",
    "MAX_UPLOAD_BYTES",
    "MediaImage",
    "media_marker",
]

# What Presswright holds in memory for one upload; a site's own limit is usually lower.
MAX_UPLOAD_BYTES = 100 * 1024 * 1024
ALT_TEXT_LIMIT = 300
_TITLE_LIMIT = 200
_TEXT_LIMIT = 2000
_SHA256 = re.compile(r"[0-9a-f]{64}")
_ALIASES = {"image/jpg": "image/jpeg", "image/pjpeg": "image/jpeg", "image/x-png": "image/png"}


def media_marker(tenant_id: uuid.UUID, sha256: str) -> str:
    """The search term written into an uploaded item: unique per tenant and image content."""
    digest = hashlib.sha256(f"{tenant_id}\n{sha256}".encode()).hexdigest()
    return f"presswright-media-{digest[:32]}"


def _identify(filename: str, content: bytes) -> str:
    """The format Pillow reads in ``content`` (``PNG``, ``JPEG``...); UserInputError if none."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as picture:
                found = picture.format
                picture.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise InvalidImageError(
            f"{filename} has too many pixels to be a web image ({error})",
            reason="too_many_pixels",
            hint="resize it to a few thousand pixels a side",
        ) from None
    except UnidentifiedImageError:
        if b"<svg" in content[:4096].lower():
            raise InvalidImageError(
                f"{filename} is an SVG document: SVG can carry scripts and is never uploaded as"
                " given",
                reason="svg",
                hint="send a raster image (PNG, JPEG, GIF or WebP)",
            ) from None
        raise InvalidImageError(
            f"{filename} is not an image: its bytes are no raster format Presswright reads"
            f" (they begin {content[:8].hex()})",
            reason="unknown_format",
            hint="send a PNG, JPEG, GIF or WebP file",
        ) from None
    except (OSError, SyntaxError, ValueError) as error:
        raise InvalidImageError(
            f"{filename} is a broken image ({error})",
            reason="undecodable",
            hint="send the whole file again, or export it anew",
        ) from None
    if not found:
        raise InvalidImageError(
            f"{filename} is an image of unknown format", reason="unknown_format", hint="send a PNG"
        )
    # Cameras write JPEGs with extra pictures (MPO): to browsers and WordPress, a JPEG.
    return "JPEG" if found == "MPO" else found


def _extension(found: str, mime: str) -> str:
    """The usual extension of a format (``.jpg`` for JPEG), among those Pillow knows."""
    known = sorted(e for e, f in Image.registered_extensions().items() if f == found)
    for usual in (mimetypes.guess_extension(mime), f".{found.lower()}"):
        if usual in known:
            return usual
    return min(known, key=len) if known else ""


def _upload_name(filename: str) -> str:
    """The name sent in Content-Disposition: ASCII letters, digits, dots, dashes."""
    stem, suffix = Path(filename).stem, Path(filename).suffix.lower()
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_stem).strip("-.") or "image"
    return f"{cleaned[:100]}{suffix}"


def _bounded(name: str, value: str, limit: int) -> str:
    text = plain_text(value)
    if len(text) > limit:
        raise UserInputError(
            f"the image's {name} has {len(text)} characters", hint=f"keep it to {limit}"
        )
    return text


@dataclass(frozen=True)
class MediaImage:
    """An image file for the Media Library with its title, caption, alt text and description.

    ``mime_type`` and ``sha256`` are optional claims: left out, they are read from the bytes;
    given, they must match the bytes. Text fields are kept as plain text.
    """

    filename: str
    content: bytes = field(repr=False)
    alt_text: str
    title: str = ""
    caption: str = ""
    description: str = ""
    mime_type: str | None = None
    sha256: str | None = None

    def __post_init__(self) -> None:
        name = self.filename
        if not name or Path(name).name != name or not Path(name).suffix:
            raise UserInputError(
                f"{name!r} is not a file name", hint="give a name with its extension, e.g. heap.png"
            )
        if not self.content or len(self.content) > MAX_UPLOAD_BYTES:
            raise InvalidImageError(
                f"{name} has {len(self.content)} bytes",
                reason="too_large" if self.content else "empty",
                hint=f"send an image of 1 byte to {MAX_UPLOAD_BYTES // (1024 * 1024)} MiB",
            )
        if self.sha256 is not None and (
            not _SHA256.fullmatch(self.sha256) or self.sha256 != self.content_sha256
        ):
            raise InvalidImageError(
                f"{name}'s bytes do not have the content hash given with them",
                reason="hash_mismatch",
                hint="the file changed or was cut short: read it again from the file store",
            )
        found = _identify(name, self.content)
        mime = Image.MIME.get(found, f"image/{found.lower()}")
        declared = self.mime_type and _ALIASES.get(self.mime_type.lower(), self.mime_type.lower())
        if declared and declared != mime:
            raise InvalidImageError(
                f"{name} is declared {self.mime_type} but holds a {found} image ({mime})",
                reason="type_mismatch",
                hint=f"send it as {mime}",
            )
        suffix = Path(name).suffix.lower()
        if Image.registered_extensions().get(suffix) != found:
            raise InvalidImageError(
                f"{name} holds a {found} image, which its extension {suffix} does not say",
                reason="type_mismatch",
                hint=f"name it {Path(name).stem}{_extension(found, mime)}",
            )
        object.__setattr__(self, "mime_type", mime)
        alt = plain_text(self.alt_text)
        if not alt or len(alt) > ALT_TEXT_LIMIT:
            raise UserInputError(
                f"the image {name} needs an alt text of 1 to {ALT_TEXT_LIMIT} characters",
                hint="describe what the image shows and why it is there",
            )
        object.__setattr__(self, "alt_text", alt)
        object.__setattr__(self, "title", _bounded("title", self.title, _TITLE_LIMIT))
        object.__setattr__(self, "caption", _bounded("caption", self.caption, _TEXT_LIMIT))
        object.__setattr__(
            self, "description", _bounded("description", self.description, _TEXT_LIMIT)
        )

    @cached_property
    def content_sha256(self) -> str:
        """The SHA-256 of the bytes: what makes two uploads the same image."""
        return hashlib.sha256(self.content).hexdigest()

    @property
    def media_type(self) -> str:
        """The checked media type (``image/png``), read from the bytes."""
        return self.mime_type or ""

    @property
    def upload_name(self) -> str:
        """The file name WordPress is given (ASCII; WordPress makes it unique in uploads/)."""
        return _upload_name(self.filename)

    @property
    def size(self) -> int:
        """How many bytes the file has."""
        return len(self.content)
