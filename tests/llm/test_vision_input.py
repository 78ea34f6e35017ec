"""Pictures shown to vision models, in each vendor's wire format, on loopback replay servers.

Each recording (``tests/llm/recorded/*_vision.json``) pins the documented shape of the
request; the tests check that the picture's bytes arrive intact (decoded from the base64
on the wire and opened with Pillow) and that the answer is read.
"""

from __future__ import annotations

import asyncio
import base64
import importlib
import io
from pathlib import Path

import pytest
from PIL import Image
from pydantic import ValidationError

from presswright.llm.cache import cache_key
from presswright.llm.provider import Connection, Provider
from presswright.llm.providers.anthropic import AnthropicProvider
from presswright.llm.providers.gemini import GeminiProvider
from presswright.llm.providers.openai_compat import OpenAICompatibleProvider
from presswright.llm.types import ImagePart, Message, ProviderRequest, ProviderResponse
from presswright.llm.usage import prompt_hash
from presswright.settings import Settings
from tests.llm.replay_server import ReplayServer, load_exchange

pytestmark = pytest.mark.timeout(30)
importlib.import_module("anthropic")
importlib.import_module("google.genai")

KEY = "sk-test-vision-0123456789abcdefREPLAY"
SYSTEM = Message(role="system", content="You write alt text for images.")
ASK = "Describe this picture for a screen reader."


def picture_png() -> bytes:
    """A 64x48 PNG: red top half, blue bottom half."""
    image = Image.new("RGB", (64, 48), (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, 64, 24))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def vision_request(model: str) -> ProviderRequest:
    image = ImagePart.from_bytes(picture_png(), "image/png")
    return ProviderRequest(
        model=model, messages=(SYSTEM, Message(role="user", content=ASK, images=(image,)))
    )


def assert_same_picture(encoded: str, *, url_safe: bool = False) -> None:
    alphabet = b"-_" if url_safe else None
    data = base64.b64decode(encoded, altchars=alphabet, validate=True)
    assert data == picture_png()
    image = Image.open(io.BytesIO(data))
    assert image.size == (64, 48)
    assert image.convert("RGB").getpixel((5, 5)) == (255, 0, 0)
    assert image.convert("RGB").getpixel((5, 40)) == (0, 0, 255)


def run(provider: Provider, request: ProviderRequest) -> ProviderResponse:
    async def go() -> ProviderResponse:
        try:
            return await provider.request(request, timeout=10)
        finally:
            await provider.aclose()

    return asyncio.run(go())


def test_openai_sends_an_image_url_part_with_a_base64_data_url(tmp_path: Path) -> None:
    with ReplayServer(load_exchange("openai_vision")) as server:
        connection = Connection(
            name="openai", kind="openai", api_key=KEY, base_url=f"{server.url}/v1"
        )
        provider = OpenAICompatibleProvider(connection, Settings(home=tmp_path))
        assert provider.profile("gpt-4o-mini").images
        response = run(provider, vision_request("gpt-4o-mini"))
    assert server.problems == []
    assert response.text == "A red square above a blue stripe."
    assert (response.tokens_in, response.tokens_out) == (281, 9)
    (sent,) = server.requests
    text, image = sent.body["messages"][1]["content"]
    assert text == {"type": "text", "text": ASK}
    assert image["type"] == "image_url"
    prefix = "data:image/png;base64,"
    assert image["image_url"]["url"].startswith(prefix)
    assert_same_picture(image["image_url"]["url"][len(prefix) :])
    # Text-only messages keep the plain string content.
    assert sent.body["messages"][0] == {"role": "system", "content": SYSTEM.content}


def test_anthropic_sends_a_base64_image_block_before_the_text(tmp_path: Path) -> None:
    with ReplayServer(load_exchange("anthropic_vision")) as server:
        connection = Connection(
            name="anthropic", kind="anthropic", api_key=KEY, base_url=server.url
        )
        provider = AnthropicProvider(connection, Settings(home=tmp_path))
        assert provider.profile("claude-haiku-4-5").images
        response = run(provider, vision_request("claude-haiku-4-5"))
    assert server.problems == []
    assert response.text == "A red square above a blue stripe."
    (sent,) = server.requests
    image, text = sent.body["messages"][0]["content"]
    assert text == {"type": "text", "text": ASK}
    assert image["type"] == "image"
    assert image["source"]["type"] == "base64"
    assert image["source"]["media_type"] == "image/png"
    assert_same_picture(image["source"]["data"])


def test_gemini_sends_inline_data_before_the_text(tmp_path: Path) -> None:
    with ReplayServer(load_exchange("gemini_vision")) as server:
        connection = Connection(name="gemini", kind="gemini", api_key=KEY, base_url=server.url)
        provider = GeminiProvider(connection, Settings(home=tmp_path))
        assert provider.profile("gemini-3.7-flash").images
        response = run(provider, vision_request("gemini-3.7-flash"))
    assert server.problems == []
    assert response.text == "A red square above a blue stripe."
    (sent,) = server.requests
    inline, text = sent.body["contents"][0]["parts"]
    assert text == {"text": ASK}
    blob = inline["inlineData"]
    # The SDK writes mime_type and URL-safe base64; the API's JSON mapping reads mime_type
    # and mimeType, and either base64 alphabet, alike.
    assert blob.get("mimeType", blob.get("mime_type")) == "image/png"
    assert_same_picture(blob["data"], url_safe=True)


def test_servers_without_declared_vision_say_so(tmp_path: Path) -> None:
    for kind in ("ollama", "llamacpp", "openai-compatible"):
        connection = Connection(name=kind, kind=kind, base_url="http://127.0.0.1:9/v1")
        provider = OpenAICompatibleProvider(connection, Settings(home=tmp_path))
        assert not provider.profile("any").images, kind


def test_image_parts_are_checked() -> None:
    part = ImagePart.from_bytes(picture_png(), "image/png")
    assert part.raw() == picture_png()
    with pytest.raises(ValidationError, match="base64"):
        ImagePart(media_type="image/png", data="not base64!")
    with pytest.raises(ValidationError):
        ImagePart(media_type="image/svg+xml", data=part.data)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="only user messages"):
        Message(role="assistant", content="x", images=(part,))


def test_text_messages_hash_and_cache_as_before_and_images_count() -> None:
    plain = Message(role="user", content=ASK)
    assert plain.model_dump() == {"role": "user", "content": ASK}
    shown = Message(
        role="user", content=ASK, images=(ImagePart.from_bytes(picture_png(), "image/png"),)
    )
    other = Message(
        role="user", content=ASK, images=(ImagePart.from_bytes(picture_png()[:-1], "image/png"),)
    )
    assert prompt_hash([plain]) != prompt_hash([shown]) != prompt_hash([other])
    keys = {
        cache_key("p", ProviderRequest(model="m", messages=(message,)))
        for message in (plain, shown, other)
    }
    assert len(keys) == 3
