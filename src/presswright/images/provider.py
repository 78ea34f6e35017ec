"""The image provider interface, beside the text one (:mod:`presswright.llm.provider`).

"How to reach it" is the same :class:`~presswright.llm.provider.Connection` text providers
use: a provider a user stores with `presswright providers add` serves images too where its
kind can. "What it can do" is an :class:`ImageCapabilities` per model, declared as data.

Errors (all :class:`~presswright.errors.ProviderError`, so the fallback chain and the API's
problem mapping treat them like text call failures)::

    ProviderError
    ├── ContentPolicyError      the provider refused the prompt (or its output) for policy
    │                           reasons: reported as such, never retried
    └── ProviderResponseError
        └── ImageResponseError  an answer that is not a usable image (malformed, oversized,
                                missing): nothing is stored, not retried

(:class:`presswright.errors.InvalidImageError` is the processing layer's refusal of bytes
from anywhere; :mod:`presswright.images.generate` reports it, for a provider's answer, as
an ImageResponseError.)
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from presswright.errors import ProviderError, ProviderResponseError, UserInputError
from presswright.llm.provider import Connection
from presswright.settings import Settings

__all__ = [
    "MAX_IMAGE_BYTES",
    "ContentPolicyError",
    "ImageCapabilities",
    "ImageFormat",
    "ImageOperation",
    "ImageProvider",
    "ImageProviderKind",
    "ImageRequest",
    "ImageResponse",
    "ImageResponseError",
    "ImageSource",
    "ProviderImage",
]

ImageFormat = Literal["png", "jpeg", "webp"]
# generate: from a prompt; edit: a picture changed as a prompt says (where a mask is
# transparent, when one is given); variation: more pictures like a picture, no prompt sent.
ImageOperation = Literal["generate", "edit", "variation"]
MaskUse = Literal["none", "optional", "required"]
MIME_TYPES: dict[str, str] = {"png": "image/png", "jpeg": "image/jpeg", "webp": "image/webp"}
# The most one generated picture may weigh as the provider sends it (decoded bytes); a
# larger answer is refused before anything looks inside it.
MAX_IMAGE_BYTES = 25 * 1024 * 1024


class ContentPolicyError(ProviderError):
    """The provider refused the prompt, or withheld its picture, for content-policy reasons."""

    retryable = False

    def __init__(self, message: str, *, provider: str, model: str, status: int | None = None):
        super().__init__(
            message,
            provider=provider,
            model=model,
            status=status,
            hint="rephrase the prompt (and negative prompt); the provider's safety system"
            " refused it, so retrying the same words will not help",
        )


class ImageResponseError(ProviderResponseError):
    """The answer holds no usable picture: not decodable, too large, or missing."""

    retryable = False

    def __init__(self, message: str, *, provider: str, model: str, hint: str | None = None):
        super().__init__(
            message,
            provider=provider,
            model=model,
            hint=hint or "nothing was stored; retry, or check that the server is an image API",
        )


class ImageCapabilities(BaseModel):
    """What one image model can do, as data (never guessed from its name at call sites).

    ``sizes`` are exact ``WxH`` sizes the model makes; ``aspect_ratios`` (``W:H``) are what
    models that take a ratio instead accept. A model lists one or the other.
    """

    model_config = ConfigDict(frozen=True)

    sizes: tuple[str, ...] = ()
    aspect_ratios: tuple[str, ...] = ()
    formats: tuple[ImageFormat, ...] = ("png",)
    styles: tuple[str, ...] = ()
    qualities: tuple[str, ...] = ()
    max_count: int = Field(default=1, ge=1, description="Pictures one request may ask for.")
    negative_prompt: bool = False
    seed: bool = False
    edits: bool = False
    edit_mask: MaskUse = Field(
        default="none", description="Whether an edit takes a mask (transparent = change here)."
    )
    square_source: bool = Field(
        default=False, description="Edits and variations need a square picture (DALL-E 2)."
    )
    variations: bool = False
    revised_prompt: bool = False

    def supports(self, operation: ImageOperation) -> bool:
        """Whether this model can do ``operation`` at all."""
        return {"generate": True, "edit": self.edits, "variation": self.variations}[operation]

    def vendor_size(self, size: str | None) -> str | None:
        """The size (or ratio) to send for a wanted ``WxH`` or ``W:H``: exact if listed, else
        the closest shape (then area) the model makes; None leaves the model's default."""
        if size is None:
            return None
        if size in self.sizes or size in self.aspect_ratios:
            return size
        width, height = _shape(size)
        if self.sizes:
            return min(self.sizes, key=lambda s: _distance(_shape(s), (width, height), True))
        if self.aspect_ratios:
            return min(
                self.aspect_ratios, key=lambda r: _distance(_shape(r), (width, height), False)
            )
        return None

    def check(self, request: ImageRequest, model: str) -> None:
        """Refuse what this model cannot do, naming the field and what it accepts."""
        problems: list[str] = []
        if request.format is not None and request.format not in self.formats:
            problems.append(f"format {request.format!r} (use {', '.join(self.formats)})")
        if request.style is not None and request.style not in self.styles:
            problems.append(
                f"style {request.style!r} ("
                + (f"use {', '.join(self.styles)}" if self.styles else "it takes no style")
                + ")"
            )
        if request.quality is not None and request.quality not in self.qualities:
            problems.append(
                f"quality {request.quality!r} ("
                + (f"use {', '.join(self.qualities)}" if self.qualities else "it takes none")
                + ")"
            )
        if request.negative_prompt and not self.negative_prompt:
            problems.append("a negative prompt (leave it out, or pick a model that takes one)")
        if request.seed is not None and not self.seed:
            problems.append("a seed (leave it out)")
        if problems:
            raise UserInputError(
                f"image model {model!r} does not support " + "; ".join(problems),
                hint="see `presswright models` for what each image model can do",
            )


def _shape(size: str) -> tuple[float, float]:
    """(width, height) of ``WxH`` or ``W:H``; a UserInputError for anything else."""
    for separator in ("x", ":"):
        left, sep, right = size.lower().partition(separator)
        if sep:
            try:
                width, height = float(left), float(right)
            except ValueError:
                break
            if width > 0 and height > 0:
                return width, height
    raise UserInputError(
        f"{size!r} is not an image size", hint="use WIDTHxHEIGHT (1024x1024) or a ratio (16:9)"
    )


def _distance(candidate: tuple[float, float], wanted: tuple[float, float], area: bool) -> float:
    shape = abs(math.log(candidate[0] / candidate[1]) - math.log(wanted[0] / wanted[1]))
    if not area:
        return shape
    # Shape first; among equal shapes the size nearest in area.
    return shape * 1000 + abs(math.log((candidate[0] * candidate[1]) / (wanted[0] * wanted[1])))


class ImageRequest(BaseModel):
    """What a caller asks for; ``size`` is the wanted ``WxH`` (or a ``W:H`` ratio)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    prompt: str = Field(min_length=1, max_length=10_000)
    negative_prompt: str | None = Field(default=None, max_length=10_000)
    size: str | None = Field(default=None, max_length=20)
    count: int = Field(default=1, ge=1, le=16)
    style: str | None = Field(default=None, max_length=64)
    quality: str | None = Field(default=None, max_length=32)
    format: ImageFormat | None = None
    seed: int | None = Field(default=None, ge=0, le=4_294_967_294)

    @field_validator("size")
    @classmethod
    def _readable_size(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                _shape(value)
            except UserInputError as error:
                raise ValueError(str(error)) from None
        return value


class ImageSource(BaseModel):
    """The picture an edit or a variation starts from (PNG bytes), and an edit's mask (a PNG
    of the same size whose fully transparent pixels mark where to change)."""

    model_config = ConfigDict(frozen=True)

    operation: Literal["edit", "variation"]
    image: bytes = Field(repr=False)
    mask: bytes | None = Field(default=None, repr=False)
    width: int
    height: int


class ProviderImage(BaseModel):
    """One picture as a provider sent it (before validation)."""

    model_config = ConfigDict(frozen=True)

    data: bytes
    mime_type: str | None = None
    revised_prompt: str | None = None
    seed: int | None = None


class ImageResponse(BaseModel):
    """What a provider returns for one request: pictures and what it reported using."""

    model_config = ConfigDict(frozen=True)

    images: tuple[ProviderImage, ...]
    tokens_in: int = 0
    tokens_out: int = 0
    image_tokens_in: int = 0  # of tokens_in, those of input pictures (priced apart)
    size: str | None = None  # the vendor size or ratio that was asked for
    quality: str | None = None  # the quality tier that was asked for (prices depend on it)
    # The price-table entry when it is not the model's own (Stability's edit services are
    # billed per service, whatever model id was asked: "edit/inpaint").
    priced_as: str | None = None


class ImageProvider(ABC):
    """One image provider instance; subclasses implement :meth:`generate`."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    @property
    def name(self) -> str:
        """The provider part of model ids served here (``openai`` in ``openai:gpt-image-1``)."""
        return self.connection.name

    @abstractmethod
    def capabilities(self, model: str) -> ImageCapabilities:
        """What ``model`` can do on this provider."""

    @abstractmethod
    def known_models(self) -> list[str]:
        """Image models to list; the connection's own list when it has one."""

    def unavailable_reason(self) -> str | None:
        """Why this provider cannot be used right now (one line with the fix), or None."""
        return None

    @abstractmethod
    async def generate(self, model: str, request: ImageRequest, *, timeout: float) -> ImageResponse:
        """Make ``request.count`` pictures (at most ``max_count``) in one vendor call.

        Raise ProviderError subclasses only: ContentPolicyError for a refusal,
        ImageResponseError for an answer without a usable picture.
        """

    async def edit(
        self, model: str, request: ImageRequest, source: ImageSource, *, timeout: float
    ) -> ImageResponse:
        """Change ``source`` as ``request.prompt`` says (inside its mask, when it has one).

        Called only for models whose capabilities say ``edits``; the default refuses.
        """
        raise UserInputError(f"image model {model!r} of {self.name} cannot edit pictures")

    async def vary(
        self, model: str, request: ImageRequest, source: ImageSource, *, timeout: float
    ) -> ImageResponse:
        """Make ``request.count`` pictures like ``source`` (the prompt is not sent).

        Called only for models whose capabilities say ``variations``; the default refuses.
        """
        raise UserInputError(f"image model {model!r} of {self.name} cannot make variations")

    async def aclose(self) -> None:
        """Release network clients; the default holds nothing."""
        return


@dataclass(frozen=True)
class ImageProviderKind:
    """A kind of image provider plugins register with ``register_image_provider_kinds``.

    ``name`` is the connection kind it serves (``openai``, ``gemini``, ...): the same stored
    provider config reaches text and images. ``from_settings`` returns the connection the
    environment describes, or None.
    """

    name: str
    create: Callable[[Connection, Settings], ImageProvider]
    from_settings: Callable[[Settings], Connection | None]
    description: str = ""
    setup_flags: str = "--api-key-stdin"
    hidden: bool = False
