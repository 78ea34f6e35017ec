"""The data that crosses the provider boundary: messages, parameters, capabilities, results."""

from __future__ import annotations

import base64
import binascii
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    field_validator,
    model_serializer,
    model_validator,
)

__all__ = [
    "Completion",
    "GenerationParams",
    "ImageMediaType",
    "ImagePart",
    "Message",
    "ModelInfo",
    "ModelProfile",
    "ProviderRequest",
    "ProviderResponse",
    "StreamChunk",
    "StructuredMode",
]

StructuredMode = Literal["json_schema", "json_object", "grammar", "tool", "prompt"]
# What OpenAI, Anthropic and Gemini all accept as an input picture.
ImageMediaType = Literal["image/png", "image/jpeg", "image/webp"]


class ImagePart(BaseModel):
    """A picture a vision model is shown with a message: its type and its bytes in base64."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    media_type: ImageMediaType
    data: str = Field(min_length=1, repr=False, description="standard base64 of the bytes")

    @field_validator("data")
    @classmethod
    def _is_base64(cls, value: str) -> str:
        try:
            base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise ValueError("data must be standard base64 (A-Z, a-z, 0-9, +, /, =)") from None
        return value

    @classmethod
    def from_bytes(cls, data: bytes, media_type: ImageMediaType) -> ImagePart:
        """The part for a picture's bytes (already checked and encoded as ``media_type``)."""
        return cls(media_type=media_type, data=base64.b64encode(data).decode("ascii"))

    def raw(self) -> bytes:
        """The picture's bytes."""
        return base64.b64decode(self.data)


class Message(BaseModel):
    """One chat message; a user message may show pictures to a vision model."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    role: Literal["system", "user", "assistant"]
    content: str
    images: tuple[ImagePart, ...] = ()

    @model_validator(mode="after")
    def _images_from_the_user(self) -> Message:
        if self.images and self.role != "user":
            raise ValueError("only user messages can carry images")
        return self

    @model_serializer(mode="wrap")
    def _without_empty_images(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # Text-only messages dump, hash and cache exactly as they did before pictures.
        dumped: dict[str, Any] = handler(self)
        if not self.images:
            dumped.pop("images", None)
        return dumped


class GenerationParams(BaseModel):
    """Sampling parameters; None means the provider's (or the local model's tuned) default."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    temperature: float | None = Field(default=None, ge=0, le=2)
    max_tokens: int | None = Field(default=None, ge=1, le=200_000)
    top_p: float | None = Field(default=None, gt=0, le=1)
    stop: tuple[str, ...] | None = None
    seed: int | None = None
    language: str | None = Field(
        default=None,
        description="Language code the text is written in; providers that decode under a"
        " grammar restrict the output's free-text strings to that language's script.",
    )
    verbatim: tuple[str, ...] = Field(
        default=(),
        description="Terms the text may contain as written even outside that script"
        " (keywords, product and brand names).",
    )
    sample: int = Field(
        default=0,
        ge=0,
        description="Which draw of the same request this is: a retry or a regeneration asks"
        " for the next one, so seeded samplers (the local model) answer afresh while staying"
        " reproducible per request and draw.",
    )


class ModelProfile(BaseModel):
    """What a model can do, declared as data (never guessed from its name).

    The last three fields say how long text is best asked of the model; writers that work
    part by part (the book's chapter writer) read them where their own config is left at
    its defaults. The defaults declare nothing: a capable model, asked as the config says.
    """

    model_config = ConfigDict(frozen=True)

    streaming: bool = True
    structured: StructuredMode = "prompt"
    tools: bool = False
    images: bool = False  # whether the model reads input pictures (Message.images)
    context_window: int = 8192
    max_output_tokens: int | None = None
    small: bool = Field(
        default=False,
        description="A small model (a few hundred million parameters): many of its answers"
        " are unusable, so writers draw again more often before they give up.",
    )
    words_per_answer: int | None = Field(
        default=None,
        ge=1,
        description="Words of prose the model writes well in one answer; writers ask about"
        " this much per call (None: no limit declared).",
    )
    copies_context: bool = Field(
        default=False,
        description="Whether the model copies text it is shown instead of continuing it, so"
        " writers show it none of the text written so far.",
    )


class ModelInfo(BaseModel):
    """A model a user can pick, and whether it can be used here (with the reason if not)."""

    id: str
    provider: str
    name: str
    profile: ModelProfile
    available: bool
    reason: str | None = None


class ProviderRequest(BaseModel):
    """What a provider receives: a model name of its own, messages, parameters, a schema."""

    model_config = ConfigDict(frozen=True)

    model: str
    messages: tuple[Message, ...]
    params: GenerationParams = GenerationParams()
    json_schema: dict[str, Any] | None = None
    schema_name: str = "output"


class ProviderResponse(BaseModel):
    """What a provider returns for one request."""

    text: str
    tokens_in: int = 0
    tokens_out: int = 0
    finish_reason: str | None = None


class StreamChunk(BaseModel):
    """A piece of a streamed answer; the last one carries the token counts when known."""

    text: str = ""
    tokens_in: int | None = None
    tokens_out: int | None = None
    finish_reason: str | None = None


class Completion(BaseModel):
    """The answer a caller gets: text, the validated object if a schema was given, accounting."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    text: str
    parsed: Any = None
    provider: str
    model: str
    tokens_in: int
    tokens_out: int
    latency_ms: float
    cost: float
    cached: bool = False
    attempts: int = 1
    finish_reason: str | None = None

    @property
    def model_id(self) -> str:
        """``provider:model`` of the model that actually answered."""
        return f"{self.provider}:{self.model}"
