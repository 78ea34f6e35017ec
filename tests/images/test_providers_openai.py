"""OpenAI images and OpenAI-compatible servers through the official SDK, on loopback.

Every test goes through ``ImageGenerator`` and the real ``openai`` SDK over real HTTP to
a server that speaks OpenAI's documented ``/v1/images/generations`` format and misbehaves
as scripted; counts and timings are measured on the server's side.
"""

from __future__ import annotations

import io
import logging
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from presswright.errors import (
    ProviderError,
    ProviderHTTPError,
    ProviderResponseError,
    ProviderUnavailableError,
    UserInputError,
)
from presswright.images.processing import ImageLimits
from presswright.images.provider import ContentPolicyError, ImageRequest, ImageResponseError
from presswright.llm.provider import Connection
from tests.images.image_servers import Fault, ImageServer, image_server, make_generator, run

pytestmark = pytest.mark.timeout(60)

KEY = "sk-test-" + uuid.uuid4().hex  # a fresh key per run: no test can pass by luck


@pytest.fixture
def server() -> Iterator[ImageServer]:
    with image_server() as running:
        yield running


def openai(srv: ImageServer, name: str = "openai") -> Connection:
    """The ``openai`` kind pointed at the loopback server (as a proxy or Azure-style URL)."""
    return Connection(name=name, kind="openai", api_key=KEY, base_url=srv.base_url + "/v1")


def generate(tmp_path: Path, srv: ImageServer, request: ImageRequest, model: str, **kw: object):  # type: ignore[no-untyped-def]
    generator = make_generator(tmp_path, openai(srv), **kw)  # type: ignore[arg-type]
    return run(generator, lambda: generator.generate(request, model=model))


def test_gpt_image_makes_the_count_asked_in_one_call_with_validated_pngs(
    server: ImageServer, tmp_path: Path
) -> None:
    request = ImageRequest(prompt="a lighthouse at dawn", count=3, size="1024x1024")
    result = generate(tmp_path, server, request, "openai:gpt-image-1")
    assert len(server.requests) == 1
    sent = server.requests[0].body
    assert sent == {
        "model": "gpt-image-1",
        "prompt": "a lighthouse at dawn",
        "n": 3,
        "size": "1024x1024",
        "quality": "medium",
    }
    assert server.requests[0].headers["authorization"] == f"Bearer {KEY}"
    assert [image.width for image in result.images] == [64, 65, 66]  # three distinct pictures
    for image in result.images:
        assert image.format == "png" and image.mime_type == "image/png"
        assert Image.open(io.BytesIO(image.data)).size == (image.width, image.height)
        assert image.model_id == "openai:gpt-image-1"
        # Medium, 1024x1024, from the price table, and a third of the call's 10 prompt
        # tokens at gpt-image-1's $5 a million text input.
        assert image.cost == pytest.approx(0.042 + 10 * 5e-6 / 3)
    assert result.cost == pytest.approx(3 * 0.042 + 10 * 5e-6)
    assert len({image.sha256 for image in result.images}) == 3


def test_gpt_image_sends_the_output_format_and_a_wide_size_is_priced_as_wide(
    server: ImageServer, tmp_path: Path
) -> None:
    server.script("jpeg")
    request = ImageRequest(prompt="a red bicycle", size="1600x900", format="jpeg", quality="high")
    result = generate(tmp_path, server, request, "openai:gpt-image-1")
    sent = server.requests[0].body
    assert (sent["size"], sent["output_format"], sent["quality"]) == ("1536x1024", "jpeg", "high")
    assert "response_format" not in sent  # GPT image models refuse it
    [image] = result.images
    assert (image.format, image.size) == ("jpeg", "1536x1024")
    assert image.cost == pytest.approx(0.25 + 10 * 5e-6)  # high, wide; and the prompt tokens


def test_dall_e_3_makes_one_picture_per_call_and_keeps_the_revised_prompt(
    server: ImageServer, tmp_path: Path
) -> None:
    request = ImageRequest(prompt="a fox", count=2, size="1920x1080", style="vivid")
    result = generate(tmp_path, server, request, "openai:dall-e-3")
    assert [r.body["n"] for r in server.requests] == [1, 1]
    sent = server.requests[0].body
    assert sent["response_format"] == "b64_json"
    assert (sent["size"], sent["style"], sent["quality"]) == ("1792x1024", "vivid", "standard")
    assert [image.revised_prompt for image in result.images] == ["A revised: a fox"] * 2
    assert result.cost == pytest.approx(2 * 0.08)


def test_a_request_the_model_cannot_do_fails_before_any_call(
    server: ImageServer, tmp_path: Path
) -> None:
    request = ImageRequest(prompt="a fox", style="vivid", negative_prompt="text", format="webp")
    with pytest.raises(UserInputError) as caught:
        generate(tmp_path, server, request, "openai:dall-e-3")
    message = str(caught.value)
    assert "format 'webp' (use png)" in message and "negative prompt" in message
    assert server.requests == []


def test_429_waits_for_retry_after_then_succeeds(server: ImageServer, tmp_path: Path) -> None:
    server.script(Fault("429", seconds=1), "ok")
    result = generate(tmp_path, server, ImageRequest(prompt="a boat"), "openai:gpt-image-1")
    assert result.attempts == 2 and len(result.images) == 1
    [gap] = server.gaps()
    assert 1.0 <= gap < 2.5  # Retry-After, measured by the server, plus jitter and slack


def test_500_is_retried_then_succeeds(server: ImageServer, tmp_path: Path) -> None:
    server.script("500", "ok")
    result = generate(tmp_path, server, ImageRequest(prompt="a boat"), "openai:gpt-image-1")
    assert result.attempts == 2
    assert [r.fault for r in server.requests] == ["500", "ok"]


def test_500_forever_is_a_clean_http_error_after_bounded_retries(
    server: ImageServer, tmp_path: Path
) -> None:
    server.script(then="500")
    with pytest.raises(ProviderHTTPError) as caught:
        generate(tmp_path, server, ImageRequest(prompt="a boat"), "openai:gpt-image-1")
    assert caught.value.status == 500
    assert len(server.requests) == 3  # one call and two retries


def test_a_policy_refusal_is_reported_as_such_and_never_retried_nor_passed_on(
    server: ImageServer, tmp_path: Path
) -> None:
    server.script("policy")
    with image_server() as backup:
        generator = make_generator(tmp_path, openai(server), openai(backup, "backup"))
        with pytest.raises(ContentPolicyError) as caught:
            run(
                generator,
                lambda: generator.generate(
                    ImageRequest(prompt="something refused"),
                    model="openai:gpt-image-1",
                    fallbacks=["backup:gpt-image-1"],
                ),
            )
        assert backup.requests == []
    assert len(server.requests) == 1
    assert "safety system" in str(caught.value) and "rephrase the prompt" in str(caught.value)
    assert not caught.value.retryable


def test_a_body_that_is_not_json_is_a_response_error_after_retries(
    server: ImageServer, tmp_path: Path
) -> None:
    server.script(then="malformed")
    with pytest.raises(ProviderResponseError):
        generate(tmp_path, server, ImageRequest(prompt="a boat"), "openai:gpt-image-1")
    assert len(server.requests) == 3


@pytest.mark.parametrize(
    ("fault", "words"),
    [
        ("not_image", "unknown_format"),
        ("truncated", "the provider's picture was refused"),
        ("url_only", "a URL instead of the picture"),
        ("no_image", "no image"),
    ],
)
def test_an_answer_without_a_usable_picture_fails_clearly_and_is_not_retried(
    server: ImageServer, tmp_path: Path, fault: str, words: str
) -> None:
    server.script(fault)
    with pytest.raises(ImageResponseError) as caught:
        generate(tmp_path, server, ImageRequest(prompt="a boat"), "openai:gpt-image-1")
    assert words in str(caught.value)
    assert "nothing was stored" in str(caught.value)
    assert len(server.requests) == 1


def test_a_picture_over_the_byte_limit_is_refused(server: ImageServer, tmp_path: Path) -> None:
    server.script("large")
    with pytest.raises(ImageResponseError) as caught:
        generate(
            tmp_path,
            server,
            ImageRequest(prompt="a boat"),
            "openai:gpt-image-1",
            limits=ImageLimits(max_bytes=200_000),
        )
    assert "too_large" in str(caught.value)


def test_a_picture_over_the_pixel_limit_is_refused(server: ImageServer, tmp_path: Path) -> None:
    server.script("large")
    with pytest.raises(ImageResponseError) as caught:
        generate(
            tmp_path,
            server,
            ImageRequest(prompt="a boat"),
            "openai:gpt-image-1",
            limits=ImageLimits(max_pixels=100_000),
        )
    assert "the provider's picture was refused" in str(caught.value)


def test_the_key_never_shows_in_errors_reprs_or_logs(
    server: ImageServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    server.script("401_echo_key")
    caplog.set_level(logging.DEBUG)
    generator = make_generator(tmp_path, openai(server))
    with pytest.raises(ProviderHTTPError) as caught:
        run(
            generator, lambda: generator.generate(ImageRequest(prompt="x"), model="openai:dall-e-3")
        )
    error = caught.value
    assert error.status == 401 and not error.retryable
    seen = [str(error), repr(error), repr(openai(server)), caplog.text]
    seen += [str(e) for e in (error.__cause__, error.__context__) if e is not None]
    for text in seen:
        assert KEY not in text and KEY[-12:] not in text
    assert "***" in str(error)


def test_the_fallback_chain_makes_the_pictures_the_first_model_could_not(
    server: ImageServer, tmp_path: Path
) -> None:
    server.script(then="500")
    with image_server() as backup:
        generator = make_generator(tmp_path, openai(server), openai(backup, "backup"))
        result = run(
            generator,
            lambda: generator.generate(
                ImageRequest(prompt="a boat", count=2),
                model="openai:gpt-image-1",
                fallbacks=["backup:dall-e-3"],
            ),
        )
        assert [r.body["model"] for r in backup.requests] == ["dall-e-3", "dall-e-3"]
    assert [image.model_id for image in result.images] == ["backup:dall-e-3"] * 2
    assert len(result.errors) == 1 and "HTTP 500" in result.errors[0]


def test_an_openai_compatible_server_is_reached_by_base_url_without_a_key(
    server: ImageServer, tmp_path: Path
) -> None:
    local = Connection(name="localai", kind="openai-compatible", base_url=server.base_url + "/v1")
    generator = make_generator(tmp_path, local)
    result = run(
        generator,
        lambda: generator.generate(
            ImageRequest(prompt="a boat", count=2, size="512x512"), model="localai:sd-1.5"
        ),
    )
    assert [r.body for r in server.requests] == [
        {
            "model": "sd-1.5",
            "prompt": "a boat",
            "n": 1,
            "size": "512x512",
            "response_format": "b64_json",
        }
    ] * 2
    assert result.cost == 0.0 and len(result.images) == 2


def test_no_image_provider_configured_fails_at_once_with_the_fix(tmp_path: Path) -> None:
    generator = make_generator(tmp_path)
    with pytest.raises(ProviderUnavailableError) as caught:
        run(generator, lambda: generator.generate(ImageRequest(prompt="a boat")))
    assert "no image provider is configured" in str(caught.value)
    assert "presswright providers add openai --kind openai --api-key-stdin" in str(caught.value)
    with pytest.raises(ProviderUnavailableError) as named:
        run(
            generator,
            lambda: generator.generate(ImageRequest(prompt="x"), model="stability:core"),
        )
    assert "presswright providers add stability --kind stability --api-key-stdin" in str(
        named.value
    )


def test_a_text_only_provider_is_not_an_image_provider(tmp_path: Path) -> None:
    generator = make_generator(tmp_path, Connection(name="claude", kind="anthropic", api_key=KEY))
    with pytest.raises(ProviderError) as caught:
        run(generator, lambda: generator.generate(ImageRequest(prompt="x"), model="claude:any"))
    assert "does not make images" in str(caught.value)


def test_the_openai_key_from_the_environment_serves_images(tmp_path: Path) -> None:
    generator = make_generator(tmp_path, openai_api_key=KEY)
    assert generator.registry.default_model() == "openai:gpt-image-1"
    ids = [info.id for info in generator.models()]
    assert ids == [
        "openai:gpt-image-1",
        "openai:gpt-image-1-mini",
        "openai:dall-e-3",
        "openai:dall-e-2",
    ]


def test_a_stalled_server_times_out_promptly_and_is_retried(
    server: ImageServer, tmp_path: Path
) -> None:
    server.script("stall", "ok")
    generator = make_generator(tmp_path, openai(server), max_retries=1, llm_timeout=1.0)
    started = time.monotonic()
    result = run(
        generator, lambda: generator.generate(ImageRequest(prompt="x"), model="openai:dall-e-2")
    )
    assert result.attempts == 2 and len(result.images) == 1
    assert time.monotonic() - started < 5.0
