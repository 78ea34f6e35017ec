"""What image generation hands back: validated pictures and what is known of them."""

from __future__ import annotations

from dataclasses import dataclass

from presswright.images.processing import DecodedImage
from presswright.images.provider import ImageRequest, ImageResponse, ProviderImage

__all__ = ["GeneratedImage", "ImageGeneration", "generated_image"]

_MIME = {
    "png": "image/png",
    "jpeg": "image/jpeg",
    "webp": "image/webp",
    "gif": "image/gif",
    "avif": "image/avif",
}


@dataclass(frozen=True)
class GeneratedImage:
    """One validated picture: its bytes as the provider made them, and what is known of it."""

    data: bytes
    mime_type: str
    format: str  # png, jpeg, webp, gif or avif, sniffed from the bytes
    width: int
    height: int
    sha256: str
    provider: str
    model: str
    prompt: str
    negative_prompt: str | None
    revised_prompt: str | None  # the vendor's rewrite of the prompt, when it reports one
    seed: int | None
    size: str | None  # the size or ratio the vendor was asked for
    cost: float  # USD, from the price table

    @property
    def model_id(self) -> str:
        """``provider:model`` of the model that made it."""
        return f"{self.provider}:{self.model}"

    def __repr__(self) -> str:  # never dump megabytes of bytes into a log or traceback
        return (
            f"GeneratedImage({self.model_id}, {self.format} {self.width}x{self.height},"
            f" {len(self.data)} bytes, sha256={self.sha256[:12]})"
        )


@dataclass(frozen=True)
class ImageGeneration:
    """What a caller gets: ``request.count`` pictures (maybe from several models of the chain)."""

    images: tuple[GeneratedImage, ...]
    cost: float
    attempts: int  # provider calls made, retries included
    latency_ms: float
    errors: tuple[str, ...] = ()  # why earlier models of the chain failed, if any did


def generated_image(
    provider: str,
    model: str,
    request: ImageRequest,
    response: ImageResponse,
    picture: ProviderImage,
    decoded: DecodedImage,
    cost: float,
) -> GeneratedImage:
    """The picture a provider sent, with what decoding it showed."""
    return GeneratedImage(
        data=picture.data,
        mime_type=_MIME[decoded.source_format],
        format=decoded.source_format,
        width=decoded.width,
        height=decoded.height,
        sha256=decoded.source_sha256,
        provider=provider,
        model=model,
        prompt=request.prompt,
        negative_prompt=request.negative_prompt,
        revised_prompt=picture.revised_prompt,
        seed=picture.seed,
        size=response.size,
        cost=cost,
    )
