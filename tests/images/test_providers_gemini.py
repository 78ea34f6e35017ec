"""Gemini image models through the official ``google-genai`` SDK, on loopback.

The server speaks Google's documented ``generateContent`` format for image output
(``inlineData`` parts, ``promptFeedback.blockReason``, ``finishReason``, RetryInfo).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from presswright.errors import ProviderHTTPError, ProviderTimeoutError, UserInputError
from presswright.images.generate import ImageGeneration
from presswright.images.provider import ContentPolicyError, ImageRequest, ImageResponseError
from presswright.llm.provider import Connection
from tests.images.image_servers import ImageServer, image_server, make_generator, run

pytestmark = pytest.mark.timeout(60)

KEY = "AIza-test-" + uuid.uuid4().hex


@pytest.fixture
def server() -> Iterator[ImageServer]:
    with image_server() as running:
        yield running


def gemini(srv: ImageServer) -> Connection:
    return Connection(name="gemini", kind="gemini", api_key=KEY, base_url=srv.base_url + "/")


def generate(
    tmp_path: Path,
    srv: ImageServer,
    request: ImageRequest,
    model: str = "gemini:gemini-2.5-flash-image",
    **kw: Any,
) -> ImageGeneration:
    generator = make_generator(tmp_path, gemini(srv), **kw)
    return run(generator, lambda: generator.generate(request, model=model))


def test_a_picture_comes_from_generate_content_with_image_output(
    server: ImageServer, tmp_path: Path
) -> None:
    request = ImageRequest(prompt="a lighthouse at dawn", size="1920x1080", seed=42)
    result = generate(tmp_path, server, request)
    [recorded] = server.requests
    assert recorded.path == "/v1beta/models/gemini-2.5-flash-image:generateContent"
    assert recorded.headers["x-goog-api-key"] == KEY
    body = recorded.body
    assert body["contents"] == [{"parts": [{"text": "a lighthouse at dawn"}], "role": "user"}]
    config = body["generationConfig"]
    assert config["responseModalities"] == ["IMAGE"]
    assert config["imageConfig"] == {"aspectRatio": "16:9"}
    assert config["seed"] == 42
    [image] = result.images
    assert (image.format, image.width, image.height) == ("png", 64, 48)
    # The picture's price, and the 7 prompt tokens at $0.30 a million.
    assert (image.size, image.cost) == ("16:9", pytest.approx(0.039 + 7 * 0.30e-6))


def test_several_pictures_are_one_call_each(server: ImageServer, tmp_path: Path) -> None:
    server.script("ok", "jpeg")
    result = generate(tmp_path, server, ImageRequest(prompt="a fox", count=2))
    assert len(server.requests) == 2
    assert sorted(image.format for image in result.images) == ["jpeg", "png"]
    assert "imageConfig" not in server.requests[0].body["generationConfig"]


def test_the_pro_model_takes_an_image_size_as_its_quality(
    server: ImageServer, tmp_path: Path
) -> None:
    request = ImageRequest(prompt="a fox", quality="4K", size="1:1")
    result = generate(tmp_path, server, request, "gemini:gemini-3-pro-image-preview")
    image_config = server.requests[0].body["generationConfig"]["imageConfig"]
    assert image_config == {"aspectRatio": "1:1", "imageSize": "4K"}
    assert result.images[0].cost == pytest.approx(0.24 + 7 * 2e-6)  # 4K, and 7 input tokens


@pytest.mark.parametrize(
    ("fault", "words"),
    [("policy", "blocked (PROHIBITED_CONTENT)"), ("filtered", "withheld (IMAGE_SAFETY)")],
)
def test_a_blocked_prompt_or_withheld_picture_is_a_policy_refusal_not_retried(
    server: ImageServer, tmp_path: Path, fault: str, words: str
) -> None:
    server.script(fault)
    with pytest.raises(ContentPolicyError) as caught:
        generate(tmp_path, server, ImageRequest(prompt="something refused"))
    assert words in str(caught.value)
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    ("fault", "words"),
    [
        ("no_image", "without a picture (finish reason NO_IMAGE)"),
        ("truncated", "the provider's picture was refused"),
        ("not_image", "unknown_format"),
    ],
)
def test_an_answer_without_a_usable_picture_fails_clearly(
    server: ImageServer, tmp_path: Path, fault: str, words: str
) -> None:
    server.script(fault)
    with pytest.raises(ImageResponseError) as caught:
        generate(tmp_path, server, ImageRequest(prompt="a boat"))
    assert words in str(caught.value)
    assert len(server.requests) == 1


def test_429_waits_for_the_retry_info_delay(server: ImageServer, tmp_path: Path) -> None:
    server.script("429", "ok")
    result = generate(tmp_path, server, ImageRequest(prompt="a boat"))
    assert result.attempts == 2
    [gap] = server.gaps()
    assert 1.0 <= gap < 2.5


def test_500_forever_fails_after_bounded_retries(server: ImageServer, tmp_path: Path) -> None:
    server.script(then="500")
    with pytest.raises(ProviderHTTPError) as caught:
        generate(tmp_path, server, ImageRequest(prompt="a boat"))
    assert caught.value.status == 500 and len(server.requests) == 3


def test_the_key_never_shows_in_the_error(server: ImageServer, tmp_path: Path) -> None:
    server.script("401_echo_key")
    with pytest.raises(ProviderHTTPError) as caught:
        generate(tmp_path, server, ImageRequest(prompt="a boat"))
    assert caught.value.status == 401
    assert KEY not in str(caught.value) and KEY[-10:] not in str(caught.value)


def test_a_negative_prompt_is_refused_before_any_call(server: ImageServer, tmp_path: Path) -> None:
    with pytest.raises(UserInputError, match="negative prompt"):
        generate(tmp_path, server, ImageRequest(prompt="a boat", negative_prompt="people"))
    assert server.requests == []


def test_the_gemini_key_from_the_environment_serves_images(tmp_path: Path) -> None:
    generator = make_generator(tmp_path, gemini_api_key=KEY)
    assert generator.registry.default_model() == "gemini:gemini-2.5-flash-image"


def test_a_stalled_server_times_out_promptly(server: ImageServer, tmp_path: Path) -> None:
    server.script("stall")
    generator = make_generator(tmp_path, gemini(server), max_retries=0, llm_timeout=1.0)
    started = time.monotonic()
    with pytest.raises(ProviderTimeoutError):
        run(
            generator,
            lambda: generator.generate(
                ImageRequest(prompt="x"), model="gemini:gemini-2.5-flash-image"
            ),
        )
    assert time.monotonic() - started < 4.0


def test_the_calls_of_one_request_run_side_by_side(server: ImageServer, tmp_path: Path) -> None:
    server.script(then="slow")  # each answer takes 1 s
    started = time.monotonic()
    result = generate(tmp_path, server, ImageRequest(prompt="a fox", count=3))
    assert len(result.images) == 3 and len(server.requests) == 3
    assert max(server.gaps()) < 0.5  # all three asked before the first answered
    assert time.monotonic() - started < 2.5  # not 3 s one after the other
