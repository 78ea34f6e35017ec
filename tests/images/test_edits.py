"""Edits and variations through each provider's documented wire format, on loopback.

The multipart bodies are decoded by the server (:mod:`tests.images.edit_servers`): which
files were sent, as what, at which size and mode. Usage rows are read back with their cost
from the price table.
"""

from __future__ import annotations

import base64
import io
import uuid
from collections.abc import Iterator

import pytest
from PIL import Image
from sqlalchemy import select

from presswright.bootstrap import Instance
from presswright.errors import UserInputError
from presswright.images.checks import ImageFieldError
from presswright.images.generate import ImageGenerator
from presswright.images.prices import (
    DEFAULT_IMAGE_PRICES,
    INPUT_TOKEN_PRICES,
    PRICE_SOURCES,
    input_cost,
)
from presswright.images.provider import ImageRequest, ImageSource
from presswright.images.registry import ImageProviderRegistry
from presswright.images.sources import edit_source
from presswright.llm.provider import Connection
from presswright.llm.retry import RetryPolicy
from presswright.llm.usage import UsageRecorder
from presswright.store.models import LLMCall
from presswright.store.tenancy import create_tenant
from tests.images.edit_servers import EditServer, FilePart, edit_server
from tests.images.image_servers import png_bytes, run

pytestmark = pytest.mark.timeout(60)

KEY = "sk-test-" + uuid.uuid4().hex


@pytest.fixture
def server() -> Iterator[EditServer]:
    with edit_server() as running:
        yield running


@pytest.fixture
def tenant_id(instance: Instance) -> uuid.UUID:
    with instance.database.system_session() as session:
        return create_tenant(session, name="Image edits").id


def mask_png(width: int = 64, height: int = 48) -> bytes:
    """Opaque, with a fully transparent square in the middle: change only there."""
    mask = Image.new("RGBA", (width, height), (0, 0, 0, 255))
    mask.paste((0, 0, 0, 0), (width // 4, height // 4, width * 3 // 4, height * 3 // 4))
    out = io.BytesIO()
    mask.save(out, "PNG")
    return out.getvalue()


def source(operation: str = "edit", mask: bool = True) -> ImageSource:
    return edit_source(
        png_bytes(64, 48),
        operation=operation,  # type: ignore[arg-type]
        mask=mask_png() if mask else None,
    )


def generator(instance: Instance, tenant_id: uuid.UUID, *connections: Connection) -> ImageGenerator:
    settings = instance.settings
    return ImageGenerator(
        settings=settings,
        registry=ImageProviderRegistry(settings, connections),
        tenant_id=tenant_id,
        usage=UsageRecorder(instance.database),
        retry=RetryPolicy(max_retries=1, base_delay=0.01, max_delay=0.05),
    )


def costs(instance: Instance, tenant_id: uuid.UUID) -> list[tuple[str, str, float]]:
    with instance.database.tenant_session(tenant_id) as session:
        found = session.scalars(select(LLMCall).order_by(LLMCall.created_at)).all()
        return [(r.model, r.status, r.cost) for r in found]


def openai(srv: EditServer, kind: str = "openai") -> Connection:
    name = "openai" if kind == "openai" else "work"
    return Connection(name=name, kind=kind, api_key=KEY, base_url=srv.base_url + "/v1")


def test_a_gpt_image_edit_sends_picture_mask_and_prompt_as_multipart_and_is_billed(
    instance: Instance, tenant_id: uuid.UUID, server: EditServer
) -> None:
    made = generator(instance, tenant_id, openai(server))
    request = ImageRequest(prompt="a red disc instead of the white one")
    result = run(made, lambda: made.generate(request, model="openai:gpt-image-1", source=source()))
    [call] = server.requests
    assert call.path == "/v1/images/edits"
    assert call.headers["authorization"] == f"Bearer {KEY}"
    body = call.body
    assert body["_multipart"] == "multipart/form-data"
    assert (body["prompt"], body["model"], body["n"]) == (request.prompt, "gpt-image-1", "1")
    assert (body["size"], body["quality"]) == ("1024x1024", "medium")
    assert "response_format" not in body  # GPT image models always answer base64
    image, mask = body["image"], body["mask"]
    assert isinstance(image, FilePart) and isinstance(mask, FilePart)
    assert (image.format, image.content_type, image.width, image.height) == (
        "PNG",
        "image/png",
        64,
        48,
    )
    assert (mask.format, mask.mode, mask.width, mask.height) == ("PNG", "RGBA", 64, 48)
    assert len(result.images) == 1 and result.images[0].format == "png"
    assert costs(instance, tenant_id) == [("gpt-image-1", "ok", pytest.approx(0.042))]


def test_dall_e_2_variations_send_a_square_picture_and_no_prompt(
    instance: Instance, tenant_id: uuid.UUID, server: EditServer
) -> None:
    made = generator(instance, tenant_id, openai(server))
    request = ImageRequest(prompt="kept for the record, not sent", count=2)
    result = run(
        made,
        lambda: made.generate(request, model="openai:dall-e-2", source=source("variation", False)),
    )
    [call] = server.requests
    assert call.path == "/v1/images/variations"
    body = call.body
    assert "prompt" not in body and "mask" not in body
    assert (body["model"], body["n"], body["size"], body["response_format"]) == (
        "dall-e-2",
        "2",
        "256x256",
        "b64_json",
    )
    # DALL-E 2 takes squares only: the centre square of the 64x48 picture.
    assert (body["image"].width, body["image"].height, body["image"].format) == (48, 48, "PNG")
    assert len(result.images) == 2
    assert costs(instance, tenant_id) == [("dall-e-2", "ok", pytest.approx(0.016))] * 2


def test_a_compatible_server_edits_without_a_mask_and_varies_on_its_routes(
    instance: Instance, tenant_id: uuid.UUID, server: EditServer
) -> None:
    made = generator(instance, tenant_id, openai(server, "openai-compatible"))
    edit = ImageRequest(prompt="make it night")

    async def both() -> None:
        await made.generate(edit, model="work:sd-local", source=source(mask=False))
        await made.generate(edit, model="work:sd-local", source=source("variation", False))

    run(made, both)
    first, second = server.requests
    assert (first.path, second.path) == ("/v1/images/edits", "/v1/images/variations")
    assert "mask" not in first.body and first.body["prompt"] == "make it night"
    assert first.body["response_format"] == "b64_json"
    assert isinstance(second.body["image"], FilePart) and "prompt" not in second.body
    assert costs(instance, tenant_id) == [("sd-local", "ok", 0.0)] * 2  # self-hosted


def test_stability_inpaints_with_its_own_mask_convention_and_bills_the_service(
    instance: Instance, tenant_id: uuid.UUID, server: EditServer
) -> None:
    stability = Connection(
        name="stability", kind="stability", api_key=KEY, base_url=server.base_url
    )
    made = generator(instance, tenant_id, stability)
    request = ImageRequest(prompt="a red disc", negative_prompt="text", seed=5)
    result = run(made, lambda: made.generate(request, model="stability:core", source=source()))
    [call] = server.requests
    assert call.path == "/v2beta/stable-image/edit/inpaint"
    assert call.headers["accept"] == "image/*"
    body = call.body
    assert (body["prompt"], body["negative_prompt"], body["seed"], body["output_format"]) == (
        "a red disc",
        "text",
        "5",
        "png",
    )
    mask = Image.open(io.BytesIO(body["mask"].data))
    # Stability's mask: greyscale, white where the transparent square was, black elsewhere.
    assert mask.mode == "L" and mask.size == (64, 48)
    assert (mask.getpixel((32, 24)), mask.getpixel((2, 2))) == (255, 0)
    assert result.images[0].seed == 77
    assert costs(instance, tenant_id) == [("core", "ok", pytest.approx(0.03))]


def test_gemini_edits_with_the_picture_beside_the_prompt(
    instance: Instance, tenant_id: uuid.UUID, server: EditServer
) -> None:
    gemini = Connection(name="gemini", kind="gemini", api_key=KEY, base_url=server.base_url + "/")
    made = generator(instance, tenant_id, gemini)
    request = ImageRequest(prompt="turn the disc into a moon")
    run(
        made,
        lambda: made.generate(
            request, model="gemini:gemini-2.5-flash-image", source=source(mask=False)
        ),
    )
    [call] = server.requests
    assert call.path == "/v1beta/models/gemini-2.5-flash-image:generateContent"
    [content] = call.body["contents"]
    picture, text = content["parts"]
    assert text == {"text": "turn the disc into a moon"}
    inline = picture["inlineData"]
    # The SDK writes the proto field name (Google's JSON parser takes both spellings) and
    # URL-safe base64.
    assert inline.get("mimeType", inline.get("mime_type")) == "image/png"
    sent = Image.open(io.BytesIO(base64.urlsafe_b64decode(inline["data"])))
    assert sent.size == (64, 48)
    assert costs(instance, tenant_id) == [
        ("gemini-2.5-flash-image", "ok", pytest.approx(0.039 + 7 * 0.30e-6))
    ]


@pytest.mark.parametrize(
    ("model", "operation", "mask", "words"),
    [
        ("openai:dall-e-3", "edit", False, "cannot make edits"),
        ("openai:gpt-image-1", "variation", False, "cannot make variations"),
        ("gemini:gemini-2.5-flash-image", "edit", True, "takes no mask"),
        ("gemini:gemini-2.5-flash-image", "variation", False, "cannot make variations"),
        ("stability:core", "edit", False, "only inside a mask"),
        ("stability:ultra", "variation", False, "cannot make variations"),
    ],
)
def test_what_a_model_cannot_do_is_refused_before_any_call(
    instance: Instance,
    tenant_id: uuid.UUID,
    server: EditServer,
    model: str,
    operation: str,
    mask: bool,
    words: str,
) -> None:
    connections = [
        openai(server),
        Connection(name="gemini", kind="gemini", api_key=KEY, base_url=server.base_url + "/"),
        Connection(name="stability", kind="stability", api_key=KEY, base_url=server.base_url),
    ]
    made = generator(instance, tenant_id, *connections)
    request = ImageRequest(prompt="anything")
    with pytest.raises(UserInputError, match=words):
        run(made, lambda: made.generate(request, model=model, source=source(operation, mask)))
    assert server.requests == [] and costs(instance, tenant_id) == []


def test_a_mask_that_does_not_fit_the_picture_is_refused_on_its_field() -> None:
    with pytest.raises(ImageFieldError, match="the mask is 32x32, the picture 64x48") as wrong:
        edit_source(png_bytes(64, 48), operation="edit", mask=mask_png(32, 32))
    assert wrong.value.field == "mask"
    opaque = png_bytes(64, 48)  # RGB: no transparent pixel, so nothing to change
    with pytest.raises(ImageFieldError, match="no fully transparent pixel"):
        edit_source(png_bytes(64, 48), operation="edit", mask=opaque)
    with pytest.raises(ImageFieldError, match="not a PNG, JPEG"):
        edit_source(png_bytes(64, 48), operation="edit", mask=b"not a picture at all" * 3)
    with pytest.raises(ImageFieldError, match="a variation takes no mask"):
        edit_source(png_bytes(64, 48), operation="variation", mask=mask_png())


def test_every_default_price_names_its_source_and_month() -> None:
    assert set(PRICE_SOURCES) == set(DEFAULT_IMAGE_PRICES)
    for model_id, where in PRICE_SOURCES.items():
        assert where.url.startswith("https://"), model_id
        assert len(where.as_of) == 7 and where.as_of[4] == "-", model_id


def test_an_edits_input_picture_is_priced_at_the_image_input_rate() -> None:
    # gpt-image-1 bills input pictures at $10 and text at $5 a million tokens; a model
    # that bills no input tokens (DALL-E, Stability, a self-hosted server) costs nothing more.
    assert input_cost(("openai:gpt-image-1",), text_tokens=40, image_tokens=1_000) == (
        pytest.approx(40 * 5e-6 + 1_000 * 10e-6)
    )
    assert input_cost(("x:dall-e-2", "openai:dall-e-2"), text_tokens=40, image_tokens=0) == 0.0
    assert set(INPUT_TOKEN_PRICES) <= set(PRICE_SOURCES)
