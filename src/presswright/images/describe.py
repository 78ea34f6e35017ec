"""Alt text for an existing picture: ``describe(image_bytes, context, language, model)``.

The bytes go through the same wall as everything else (:func:`presswright.images.
processing.decode_image`: decoded fully, limits checked, metadata gone), then a copy sized
for vision models is made (at most 1568 pixels a side, the size above which Anthropic
scales down and OpenAI tiles; JPEG, or PNG when transparent; well under every vendor's
per-image byte limit), and :func:`presswright.images.alt_text.write_alt_text` writes the
text from it, or from the prompt and surrounding text when the model cannot see.
"""

from __future__ import annotations

import asyncio
from collections.abc import Collection

from presswright.images.alt_text import AltText, write_alt_text
from presswright.images.encoding import TargetSize, encode_within_budget, fallback_format, resize
from presswright.images.processing import DEFAULT_LIMITS, ImageLimits, decode_image
from presswright.llm.client import LLMClient
from presswright.llm.types import ImagePart

__all__ = ["VISION_MAX_BYTES", "VISION_MAX_SIDE", "describe", "vision_image"]

VISION_MAX_SIDE = 1568
# Anthropic takes at most 5 MB of base64 per picture (3.75 MB of bytes); stay well below.
VISION_MAX_BYTES = 3_000_000


def vision_image(data: bytes, *, limits: ImageLimits = DEFAULT_LIMITS) -> ImagePart:
    """The picture as a vision model is shown it: checked, upright, bounded, metadata-free."""
    decoded = decode_image(data, limits=limits)
    picture = resize(decoded.image, TargetSize(VISION_MAX_SIDE, VISION_MAX_SIDE, "contain"))
    output = fallback_format(picture)
    encoded = encode_within_budget(picture, output, max_bytes=VISION_MAX_BYTES)
    return ImagePart.from_bytes(encoded.data, "image/png" if output == "png" else "image/jpeg")


async def describe(
    image: bytes,
    context: str,
    language: str,
    model: str | None = None,
    *,
    client: LLMClient,
    prompt: str | None = None,
    caption: str | None = None,
    file_names: Collection[str] = (),
    limits: ImageLimits = DEFAULT_LIMITS,
) -> AltText:
    """Alt text for the picture ``image`` used with ``context``, in ``language``.

    InvalidImageError if the bytes are not a usable picture; AltTextError if the model's
    text still breaks the alt text contract after one re-ask. With a model that cannot see,
    the text is written from ``prompt`` and ``context`` and marked ``source="prompt"``.
    """
    # Decoding and re-encoding is CPU work: off the event loop.
    part = await asyncio.to_thread(vision_image, image, limits=limits)
    return await write_alt_text(
        client,
        language=language,
        context=context,
        image=part,
        prompt=prompt,
        model=model,
        caption=caption,
        file_names=file_names,
    )
