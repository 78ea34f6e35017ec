"""What an image request may ask of a model, checked before anything is paid for.

Each refusal is an :class:`ImageFieldError` naming the field at fault (the API answers it as
a 422 on that field, the CLI as one line), with what the model accepts.

A size is accepted when the model makes it exactly, or when it can be cut from what the
model makes: the nearest shape the model offers is generated and scaled and centre-cropped
down to the size (never up: a 4096x4096 from a 1024x1024 model is refused, not blown up).
A model that takes ratios instead of sizes makes pictures of about a megapixel; sizes up to
:data:`RATIO_MODEL_MAX_SIDE` a side are cut from them.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from presswright.errors import UserInputError
from presswright.images.provider import ImageCapabilities, ImageRequest

__all__ = [
    "MAX_IMAGES",
    "OUTPUT_FORMATS",
    "RATIO_MODEL_MAX_SIDE",
    "ImageFieldError",
    "check_capabilities",
    "image_request",
]

MAX_IMAGES = 8  # pictures one request (one node run) may ask for
OUTPUT_FORMATS = ("webp", "avif", "jpeg", "png")
RATIO_MODEL_MAX_SIDE = 1024


class ImageFieldError(UserInputError):
    """One field of an image request the model (or the limits) cannot take."""

    def __init__(self, field: str, message: str, *, hint: str | None = None) -> None:
        super().__init__(f"{field}: {message}", hint=hint)
        self.field = field
        self.reason = message


def image_request(**fields: Any) -> ImageRequest:
    """An :class:`ImageRequest` from raw fields; the first broken one as an ImageFieldError."""
    count = fields.get("count", 1)
    if isinstance(count, int) and not 1 <= count <= MAX_IMAGES:
        raise ImageFieldError("count", f"ask for 1 to {MAX_IMAGES} pictures, not {count}")
    prompt = fields.get("prompt")
    if not isinstance(prompt, str) or not prompt.strip():
        raise ImageFieldError("prompt", "the prompt is empty", hint="say what the picture shows")
    fields["prompt"] = prompt.strip()
    try:
        return ImageRequest.model_validate({k: v for k, v in fields.items() if v is not None})
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "body"
        raise ImageFieldError(field, str(first["msg"])) from None


def _sides(size: str) -> tuple[int, int] | None:
    left, sep, right = size.lower().partition("x")
    if not sep:
        return None
    return int(float(left)), int(float(right))


def check_capabilities(caps: ImageCapabilities, model: str, request: ImageRequest) -> None:
    """Refuse what ``model`` cannot make, naming the field: size, style, quality, negative
    prompt, seed."""
    if request.style is not None and request.style not in caps.styles:
        raise ImageFieldError(
            "style",
            f"model {model!r} "
            + (f"takes the styles {', '.join(caps.styles)}" if caps.styles else "takes no style")
            + f", not {request.style!r}",
        )
    if request.quality is not None and request.quality not in caps.qualities:
        raise ImageFieldError(
            "quality",
            f"model {model!r} "
            + (f"takes {', '.join(caps.qualities)}" if caps.qualities else "takes no quality")
            + f", not {request.quality!r}",
        )
    if request.negative_prompt and not caps.negative_prompt:
        raise ImageFieldError(
            "negative_prompt",
            f"model {model!r} takes no negative prompt",
            hint="leave it out, or pick a model that takes one",
        )
    if request.seed is not None and not caps.seed:
        raise ImageFieldError("seed", f"model {model!r} takes no seed", hint="leave it out")
    if request.size is not None:
        _check_size(caps, model, request.size)


def _check_size(caps: ImageCapabilities, model: str, size: str) -> None:
    if size in caps.sizes or size in caps.aspect_ratios:
        return
    offered = ", ".join(caps.sizes or caps.aspect_ratios) or "its default size only"
    wanted = _sides(size)
    if wanted is None:
        # A ratio for a model of exact sizes: only one it lists would be honest.
        raise ImageFieldError("size", f"model {model!r} does not make {size}; it makes {offered}")
    nearest = caps.vendor_size(size)
    if nearest is None:
        limit: tuple[int, int] | None = None
    elif caps.sizes:
        limit = _sides(nearest)
    else:
        limit = (RATIO_MODEL_MAX_SIDE, RATIO_MODEL_MAX_SIDE)
    if limit is None or wanted[0] > limit[0] or wanted[1] > limit[1]:
        raise ImageFieldError(
            "size",
            f"model {model!r} cannot make {size}: it makes {offered}"
            + (
                f"; sizes up to {limit[0]}x{limit[1]} of that shape are cut from {nearest}"
                if limit is not None and nearest is not None
                else ""
            ),
            hint="pick a size the model makes, or a smaller one of the same shape",
        )
