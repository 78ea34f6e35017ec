"""Images: provider use, processing (validate, strip, resize, encode) and alt text.

Generating pictures (what the ``image`` node, ``/api/v1/images`` and ``presswright image``
build on)::

    from presswright.images import ImageRequest, generate_images

    result = await generate_images(
        instance, ImageRequest(prompt="a lighthouse at dawn", size="1536x1024", count=2),
        tenant_id=tenant_id, model="openai:gpt-image-1",
    )
    for image in result.images:  # validated bytes and what is known of them
        image.data, image.mime_type, image.width, image.height, image.sha256, image.cost

Image providers reuse the text providers' connections (``presswright providers add``):
kinds ``openai``, ``openai-compatible``, ``gemini`` and ``stability`` are built in, and
plugins add more with the ``register_image_provider_kinds`` hook. The names below are
the public interface; the modules behind them are small and private to this package.
"""

from presswright.images.generate import (
    GeneratedImage,
    ImageGeneration,
    ImageGenerator,
    generate_images,
    image_generator_for_tenant,
)
from presswright.images.provider import (
    ContentPolicyError,
    ImageCapabilities,
    ImageProvider,
    ImageProviderKind,
    ImageRequest,
    ImageResponse,
    ImageResponseError,
    ProviderImage,
)
from presswright.images.registry import ImageModelInfo, ImageProviderRegistry, image_provider_kinds

__all__ = [
    "ContentPolicyError",
    "GeneratedImage",
    "ImageCapabilities",
    "ImageGeneration",
    "ImageGenerator",
    "ImageModelInfo",
    "ImageProvider",
    "ImageProviderKind",
    "ImageProviderRegistry",
    "ImageRequest",
    "ImageResponse",
    "ImageResponseError",
    "ProviderImage",
    "generate_images",
    "image_generator_for_tenant",
    "image_provider_kinds",
]
