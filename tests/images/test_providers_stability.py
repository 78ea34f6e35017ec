"""Stability AI's Stable Image REST API (v2beta), on loopback.

The server speaks Stability's documented format: multipart form in; the picture as the
body with ``finish-reason`` and ``seed`` headers (``Accept: image/*``), or JSON with a
base64 picture; ``{"id", "name", "errors"}`` error bodies.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from presswright.errors import (
    ProviderHTTPError,
    ProviderTimeoutError,
    ProviderUnavailableError,
    UserInputError,
)
from presswright.images.generate import ImageGeneration
from presswright.images.provider import ContentPolicyError, ImageRequest, ImageResponseError
from presswright.llm.provider import Connection
from presswright.llm.registry import ProviderRegistry, ensure_listed_kind, listed_provider_kinds
from presswright.settings import Settings
from tests.images.image_servers import Fault, ImageServer, image_server, make_generator, run

pytestmark = pytest.mark.timeout(60)

KEY = "sk-stab-" + uuid.uuid4().hex


@pytest.fixture
def server() -> Iterator[ImageServer]:
    with image_server() as running:
        yield running


def stability(srv: ImageServer) -> Connection:
    return Connection(name="stability", kind="stability", api_key=KEY, base_url=srv.base_url)


def generate(
    tmp_path: Path, srv: ImageServer, request: ImageRequest, model: str = "stability:ultra"
) -> ImageGeneration:
    generator = make_generator(tmp_path, stability(srv))
    return run(generator, lambda: generator.generate(request, model=model))


def test_ultra_posts_a_multipart_form_and_reads_the_picture_and_its_headers(
    server: ImageServer, tmp_path: Path
) -> None:
    request = ImageRequest(
        prompt="a lighthouse", negative_prompt="people", size="1080x1920", seed=77
    )
    result = generate(tmp_path, server, request)
    [recorded] = server.requests
    assert recorded.path == "/v2beta/stable-image/generate/ultra"
    assert recorded.headers["authorization"] == f"Bearer {KEY}"
    assert recorded.headers["accept"] == "image/*"
    assert recorded.body == {
        "prompt": "a lighthouse",
        "negative_prompt": "people",
        "aspect_ratio": "9:16",
        "seed": "77",
        "output_format": "png",
        "_multipart": "multipart/form-data",
    }
    [image] = result.images
    assert (image.format, image.seed, image.size, image.cost) == ("png", 77, "9:16", 0.08)


def test_sd3_models_go_to_the_sd3_route_with_their_name_and_jpeg_is_read(
    server: ImageServer, tmp_path: Path
) -> None:
    request = ImageRequest(prompt="a fox", format="jpeg", count=2)
    result = generate(tmp_path, server, request, "stability:sd3.5-large")
    assert [r.path for r in server.requests] == ["/v2beta/stable-image/generate/sd3"] * 2
    assert server.requests[0].body["model"] == "sd3.5-large"
    assert server.requests[0].body["output_format"] == "jpeg"
    assert [image.format for image in result.images] == ["jpeg", "jpeg"]
    assert result.cost == pytest.approx(2 * 0.065)


def test_core_takes_a_style_preset(server: ImageServer, tmp_path: Path) -> None:
    generate(tmp_path, server, ImageRequest(prompt="a fox", style="origami"), "stability:core")
    assert server.requests[0].body["style_preset"] == "origami"
    with pytest.raises(UserInputError, match="style 'watercolour'"):
        generate(
            tmp_path, server, ImageRequest(prompt="a fox", style="watercolour"), "stability:core"
        )
    assert len(server.requests) == 1


def test_a_json_answer_is_read_too(server: ImageServer, tmp_path: Path) -> None:
    server.script("json")
    result = generate(tmp_path, server, ImageRequest(prompt="a fox", seed=5))
    assert (result.images[0].format, result.images[0].seed) == ("png", 5)


def test_content_moderation_is_a_policy_refusal_not_retried(
    server: ImageServer, tmp_path: Path
) -> None:
    server.script("policy")
    with pytest.raises(ContentPolicyError) as caught:
        generate(tmp_path, server, ImageRequest(prompt="something refused"))
    assert caught.value.status == 403
    assert "flagged by our content moderation system" in str(caught.value)
    assert len(server.requests) == 1


def test_a_blurred_content_filtered_picture_is_refused_not_kept(
    server: ImageServer, tmp_path: Path
) -> None:
    server.script("filtered")
    with pytest.raises(ContentPolicyError, match="CONTENT_FILTERED"):
        generate(tmp_path, server, ImageRequest(prompt="borderline"))
    assert len(server.requests) == 1


def test_429_waits_for_retry_after_and_500_is_retried(server: ImageServer, tmp_path: Path) -> None:
    server.script(Fault("429", seconds=1), "500", "ok")
    result = generate(tmp_path, server, ImageRequest(prompt="a boat"))
    assert result.attempts == 3
    first_gap, _ = server.gaps()
    assert 1.0 <= first_gap < 2.5


@pytest.mark.parametrize(
    ("fault", "words"),
    [
        ("not_image", "unknown_format"),
        ("truncated", "picture was refused"),
        ("malformed", "not the JSON"),
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


def test_the_key_never_shows_in_the_error(server: ImageServer, tmp_path: Path) -> None:
    server.script("401_echo_key")
    with pytest.raises(ProviderHTTPError) as caught:
        generate(tmp_path, server, ImageRequest(prompt="a boat"))
    assert caught.value.status == 401
    assert KEY not in str(caught.value) and KEY[-10:] not in str(caught.value)
    assert "--kind stability --api-key-stdin" in str(caught.value)


def test_a_negative_prompt_on_the_turbo_model_is_refused(
    server: ImageServer, tmp_path: Path
) -> None:
    with pytest.raises(UserInputError, match="negative prompt"):
        generate(
            tmp_path,
            server,
            ImageRequest(prompt="a boat", negative_prompt="x"),
            "stability:sd3.5-large-turbo",
        )
    assert server.requests == []


def test_without_a_key_it_says_how_to_add_one(tmp_path: Path) -> None:
    generator = make_generator(tmp_path, Connection(name="stability", kind="stability"))
    with pytest.raises(Exception, match="providers add stability --kind stability"):
        run(generator, lambda: generator.generate(ImageRequest(prompt="x"), model="stability:core"))


def test_stability_can_be_stored_and_is_no_text_provider(tmp_path: Path) -> None:
    ensure_listed_kind("stability")  # `presswright providers add stability --kind stability`
    assert "stability" in listed_provider_kinds()
    settings = Settings(home=tmp_path / "home")
    text = ProviderRegistry(settings, [Connection(name="stab", kind="stability", api_key=KEY)])
    assert not [info.id for info in text.models() if info.id.startswith("stab:")]
    with pytest.raises(ProviderUnavailableError, match="makes images, not text"):
        text.resolve("stab:core")


def test_an_answer_over_the_size_cap_is_cut_off_and_refused(
    server: ImageServer, tmp_path: Path
) -> None:
    server.script("huge")
    with pytest.raises(ImageResponseError, match="larger than 25 MiB") as caught:
        generate(tmp_path, server, ImageRequest(prompt="a boat"))
    assert "nothing was stored" in str(caught.value)
    assert len(server.requests) == 1


def test_a_stalled_server_times_out_promptly(server: ImageServer, tmp_path: Path) -> None:
    server.script("stall")
    generator = make_generator(tmp_path, stability(server), max_retries=0, llm_timeout=1.0)
    started = time.monotonic()
    with pytest.raises(ProviderTimeoutError):
        run(generator, lambda: generator.generate(ImageRequest(prompt="x"), model="stability:core"))
    assert time.monotonic() - started < 4.0
