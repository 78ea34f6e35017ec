"""``/api/v1/images`` and the image node on a loopback OpenAI-compatible image server.

The pictures come from the scripted server of ``tests/images/image_servers`` over the real
OpenAI SDK; alt text from the shipped fake text model (it cannot see, so the text is
written from the prompt and marked so). Runs execute in this process, as under `serve`.
"""

from __future__ import annotations

import io
import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from PIL import Image

from presswright.bootstrap import Instance
from presswright.images.editing import MAX_UPLOAD_BYTES
from presswright.llm.providers.fake import FakeProvider, FakeScript
from presswright.store.models import Role
from presswright.store.provider_configs import ProviderConfigCreate, create_provider_config
from tests.api.conftest import MakeMember, bearer, login
from tests.images.image_servers import ImageServer, image_server, noise_png, png_bytes
from tests.images.stored_images import stored_image
from tests.waiting import wait_until

pytestmark = pytest.mark.timeout(120)

IMAGES = "/api/v1/images"
ALT = "Round white shape centred on a blue green background."
PROMPT = "a teal field with a white disc, flat illustration"


@pytest.fixture
def server() -> Iterator[ImageServer]:
    with image_server() as running:
        yield running


@pytest.fixture
def script() -> Iterator[FakeScript]:
    fresh = FakeProvider.scripts["fake"] = FakeScript()
    fresh.add(*[json.dumps({"alt_text": ALT})] * 50)
    yield fresh
    FakeProvider.scripts.pop("fake", None)


def editor(
    client: TestClient,
    make_member: MakeMember,
    instance: Instance,
    server: ImageServer | None,
) -> tuple[uuid.UUID, dict[str, str]]:
    """An editor of a new workspace with the fake text model and, given a server, an
    OpenAI-compatible image provider ``work`` serving ``sd-local`` there."""
    member = make_member(Role.EDITOR)
    with instance.database.tenant_session(member.tenant_id) as session:
        create_provider_config(
            session, data=ProviderConfigCreate(name="fake", kind="fake"), box=instance.secretbox
        )
        if server is not None:
            create_provider_config(
                session,
                data=ProviderConfigCreate(
                    name="work",
                    kind="openai-compatible",
                    base_url=server.base_url + "/v1",
                    api_key="sk-local-images",
                    models=["sd-local"],
                ),
                box=instance.secretbox,
            )
    return member.tenant_id, bearer(login(client, member)["access_token"])


def settled(client: TestClient, execution_id: str, headers: dict[str, str]) -> dict[str, Any]:
    def done() -> dict[str, Any] | None:
        body: dict[str, Any] = client.get(
            f"/api/v1/executions/{execution_id}", headers=headers
        ).json()
        return body if body["status"] in ("completed", "failed", "cancelled") else None

    return wait_until(done, timeout=60, message=f"execution {execution_id} did not settle")


def generate(client: TestClient, headers: dict[str, str], **body: Any) -> dict[str, Any]:
    response = client.post(IMAGES, json={"alt_model": "fake:test", **body}, headers=headers)
    assert response.status_code == 202, response.text
    started: dict[str, Any] = response.json()
    assert response.headers["location"] == f"/api/v1/executions/{started['execution_id']}"
    return settled(client, started["execution_id"], headers)


def test_a_run_stores_processed_pictures_as_image_documents_with_alt_text(
    served: TestClient,
    make_member: MakeMember,
    instance: Instance,
    server: ImageServer,
    script: FakeScript,
) -> None:
    _, headers = editor(served, make_member, instance, server)
    run = generate(served, headers, prompt=PROMPT, count=2, size="512x512", title="Disc")
    assert run["status"] == "completed", run
    # The compatible model makes one picture a call: two calls, each asked for 512x512.
    calls = [r for r in server.requests if r.path == "/v1/images/generations"]
    assert [(r.body["n"], r.body["size"], r.body["model"]) for r in calls] == [
        (1, "512x512", "sd-local")
    ] * 2
    page = served.get(IMAGES, params={"execution_id": run["execution_id"]}, headers=headers).json()
    assert page["total"] == 2
    ids = {item["id"] for item in page["items"]}
    for item in page["items"]:
        image = item["image"]
        assert (image["title"], image["prompt"], image["model"]) == (
            "Disc",
            PROMPT,
            "work:sd-local",
        )
        assert (image["width"], image["height"], image["format"]) == (512, 512, "webp")
        assert (image["alt_text"], image["alt_source"], image["alt_model"]) == (
            ALT,
            "prompt",
            "fake:test",
        )
        assert [(f["role"], f["format"]) for f in image["files"]] == [
            ("main", "webp"),
            ("fallback", "jpeg"),
        ]
        assert image["source_format"] == "png" and len(image["sha256"]) == 64
        # The main file: a real WebP of the size asked, without metadata.
        main = served.get(f"{IMAGES}/{item['id']}/download", headers=headers)
        assert main.status_code == 200 and main.headers["content-type"] == "image/webp"
        assert main.headers["etag"] == f'"{image["files"][0]["sha256"]}"'
        with Image.open(io.BytesIO(main.content)) as picture:
            assert (picture.format, picture.size) == ("WEBP", (512, 512))
            assert not picture.info.get("exif") and not picture.info.get("icc_profile")
        fallback = served.get(
            f"{IMAGES}/{item['id']}/download", params={"format": "jpeg"}, headers=headers
        )
        assert fallback.headers["content-type"] == "image/jpeg"
        assert fallback.headers["etag"] == f'"{image["files"][1]["sha256"]}"'
        # A format not stored is converted from the main file, nothing stored.
        png = served.get(
            f"{IMAGES}/{item['id']}/download", params={"format": "png"}, headers=headers
        )
        with Image.open(io.BytesIO(png.content)) as picture:
            assert (picture.format, picture.size) == ("PNG", (512, 512))
    # They are documents of kind image of the library, and their files belong to them.
    documents = served.get("/api/v1/documents", params={"kind": "image"}, headers=headers).json()
    assert {item["id"] for item in documents["items"]} == ids
    assert all(item["status"] == "ready" for item in documents["items"])
    files = served.get("/api/v1/files", headers=headers).json()
    listed = files["items"] if isinstance(files, dict) else files
    assert len(listed) == 4 and {f["owner"] for f in listed} == {f"document:{i}" for i in ids}
    # Search finds them by the words of the prompt and alt text.
    assert served.get(IMAGES, params={"q": "teal"}, headers=headers).json()["total"] == 2
    assert served.get(IMAGES, params={"q": "zebra"}, headers=headers).json()["total"] == 0


@pytest.mark.parametrize("fault", ["not_image", "truncated", "large"])
def test_an_answer_that_is_not_a_usable_picture_fails_the_run_and_stores_nothing(
    served: TestClient,
    make_member: MakeMember,
    instance: Instance,
    server: ImageServer,
    script: FakeScript,
    fault: str,
) -> None:
    _, headers = editor(served, make_member, instance, server)
    server.script(fault, then=fault)
    # "large" is a real 600x600 noise picture: over a 20 kB budget it cannot be stored.
    run = generate(served, headers, prompt=PROMPT, size="512x512")
    if fault == "large":
        assert run["status"] == "completed", run  # fits the default budget
        server.script("large", then="large")
        flow = {
            "name": "tight",
            "version": 1,
            "inputs": {},
            "nodes": [
                {
                    "id": "pic",
                    "type": "image",
                    "config": {"prompt": PROMPT, "max_bytes": 10_000, "format": "png"},
                }
            ],
            "edges": [],
        }
        before = served.get(IMAGES, headers=headers).json()["total"]
        started = served.post("/api/v1/executions", json={"spec": flow}, headers=headers)
        assert started.status_code in (200, 201, 202), started.text
        run = settled(served, started.json()["execution_id"], headers)
        assert run["status"] == "failed" and "could not be stored" in run["error"], run
        assert "bytes" in run["error"]
        assert served.get(IMAGES, headers=headers).json()["total"] == before
        return
    assert run["status"] == "failed", run
    assert "picture was refused" in run["error"] and "nothing was stored" in run["error"]
    assert served.get(IMAGES, headers=headers).json()["total"] == 0
    files = served.get("/api/v1/files", headers=headers).json()
    assert (files["items"] if isinstance(files, dict) else files) == []
    assert noise_png  # the "large" picture's maker, shared with the provider tests


def test_without_an_image_provider_generate_and_the_node_fail_at_once_with_the_fix(
    served: TestClient, make_member: MakeMember, instance: Instance, script: FakeScript
) -> None:
    _, headers = editor(served, make_member, instance, None)
    refused = served.post(IMAGES, json={"prompt": PROMPT}, headers=headers)
    assert refused.status_code == 503, refused.text
    assert "no image provider is configured" in refused.json()["detail"]
    assert "presswright providers add" in refused.json()["detail"]

    def flow(optional: bool) -> dict[str, Any]:
        node = {"id": "pic", "type": "image", "config": {"prompt": PROMPT, "optional": optional}}
        return {"name": "pics", "version": 1, "inputs": {}, "nodes": [node], "edges": []}

    started = served.post("/api/v1/executions", json={"spec": flow(False)}, headers=headers)
    run = settled(served, started.json()["execution_id"], headers)
    assert run["status"] == "failed" and "presswright providers add" in run["error"], run
    # A flow that adds pictures only when it can finishes, with a note and no picture.
    started = served.post("/api/v1/executions", json={"spec": flow(True)}, headers=headers)
    run = settled(served, started.json()["execution_id"], headers)
    assert run["status"] == "completed", run
    output = run["outputs"]["pic"]
    assert output["images"] == [] and output["skipped"] is True
    assert "no image provider is configured" in output["note"]
    assert served.get(IMAGES, headers=headers).json()["total"] == 0


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"prompt": PROMPT, "size": "4096x4096"}, "size", "cannot make 4096x4096"),
        ({"prompt": PROMPT, "size": "16:9"}, "size", "does not make 16:9"),
        ({"prompt": PROMPT, "count": 9}, "count", "1 to 8"),
        ({"prompt": PROMPT, "count": 0}, "count", "1 to 8"),
        ({"prompt": "   "}, "prompt", "empty"),
        ({"prompt": PROMPT, "negative_prompt": "blur"}, "negative_prompt", "no negative prompt"),
        ({"prompt": PROMPT, "style": "vivid"}, "style", "takes no style"),
        ({"prompt": PROMPT, "size": "banana"}, "size", "not an image size"),
    ],
)
def test_what_the_model_cannot_make_is_a_422_naming_the_field(
    client: TestClient,
    make_member: MakeMember,
    instance: Instance,
    server: ImageServer,
    body: dict[str, Any],
    field: str,
    words: str,
) -> None:
    _, headers = editor(client, make_member, instance, server)
    response = client.post(IMAGES, json=body, headers=headers)
    assert response.status_code == 422, response.text
    (problem,) = response.json()["errors"]
    assert problem["field"] == f"body.{field}" and words in problem["message"], problem
    assert server.requests == []  # nothing was asked of the provider


def test_models_list_what_each_image_model_can_do(
    client: TestClient, make_member: MakeMember, instance: Instance, server: ImageServer
) -> None:
    _, headers = editor(client, make_member, instance, server)
    (model,) = client.get(f"{IMAGES}/models", headers=headers).json()
    assert model["id"] == "work:sd-local" and model["available"] is True
    assert model["capabilities"]["sizes"] == ["256x256", "512x512", "1024x1024"]


def test_alt_text_is_described_edited_and_checked(
    client: TestClient,
    make_member: MakeMember,
    instance: Instance,
    script: FakeScript,
) -> None:
    tenant_id, headers = editor(client, make_member, instance, None)
    image_id = stored_image(instance, tenant_id, alt_text=None)
    bare = client.get(f"{IMAGES}/{image_id}", headers=headers).json()
    assert bare["image"]["alt_text"] is None and bare["version"] == 1

    described = client.post(
        f"{IMAGES}/{image_id}/describe",
        json={"model": "fake:test", "context": "Our logo on the shop door."},
        headers=headers,
    )
    assert described.status_code == 200, described.text
    image = described.json()
    assert (image["version"], image["image"]["alt_text"], image["image"]["alt_source"]) == (
        2,
        ALT,
        "prompt",
    )
    # The model was told the prompt and the text around it (it cannot see).
    asked = script.requests[-1].messages[-1].content
    assert "white disc" in asked and "shop door" in asked
    assert image["image"]["files"] == bare["image"]["files"]  # same files, new version

    bad = client.patch(
        f"{IMAGES}/{image_id}", json={"alt_text": "Image of a disc.png"}, headers=headers
    )
    assert bad.status_code == 422, bad.text
    assert {p["field"] for p in bad.json()["errors"]} == {"body.alt_text"}
    assert {p["kind"] for p in bad.json()["errors"]} >= {"alt_text_image_of", "alt_text_file_name"}
    # One problem per broken rule, each message whole: the length rule's own has a "; ".
    long_text = "Image of " + "a white disc on a teal square and " * 5 + "a door."
    refused = client.patch(f"{IMAGES}/{image_id}", json={"alt_text": long_text}, headers=headers)
    assert refused.status_code == 422, refused.text
    problems = {p["kind"]: p for p in refused.json()["errors"]}
    assert {"alt_text_image_of", "alt_text_length"} <= set(problems)
    length = problems["alt_text_length"]
    assert (length["loc"], length["field"]) == (["body", "alt_text"], "body.alt_text")
    assert "characters long" in length["message"] and "; shorten it" in length["message"]
    assert "characters long" not in problems["alt_text_image_of"]["message"]
    good = client.patch(
        f"{IMAGES}/{image_id}",
        json={"alt_text": "White disc on a teal square.", "title": "Logo disc"},
        headers=headers,
    )
    assert good.status_code == 200, good.text
    body = good.json()
    assert (body["version"], body["title"], body["image"]["alt_source"]) == (
        3,
        "Logo disc",
        "person",
    )


def test_a_described_alt_text_that_breaks_rules_is_one_problem_per_rule(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    tenant_id, headers = editor(client, make_member, instance, None)
    image_id = stored_image(instance, tenant_id, alt_text=None)
    bad = "Image of a disc.png"
    FakeProvider.scripts["fake"] = FakeScript()
    FakeProvider.scripts["fake"].add(*[json.dumps({"alt_text": bad})] * 5)
    try:
        answer = client.post(
            f"{IMAGES}/{image_id}/describe", json={"model": "fake:test"}, headers=headers
        )
    finally:
        FakeProvider.scripts.pop("fake", None)
    assert answer.status_code == 422, answer.text
    problems = {p["kind"]: p for p in answer.json()["errors"]}
    assert {"alt_text_image_of", "alt_text_file_name"} <= set(problems)
    assert all(p["field"] == "alt_text" for p in problems.values())
    # Nothing was written: the picture is still at its first version, without alt text.
    kept = client.get(f"{IMAGES}/{image_id}", headers=headers).json()
    assert (kept["version"], kept["image"]["alt_text"]) == (1, None)


def test_an_uploaded_picture_is_described_and_an_oversize_one_is_413(
    client: TestClient,
    make_member: MakeMember,
    instance: Instance,
    script: FakeScript,
) -> None:
    _, headers = editor(client, make_member, instance, None)
    files = {"file": ("disc.png", png_bytes(120, 90), "image/png")}
    answer = client.post(
        f"{IMAGES}/describe",
        files=files,
        data={"text": "Our logo", "model": "fake:test", "prompt": "a white disc"},
        headers=headers,
    )
    assert answer.status_code == 200, answer.text
    assert (answer.json()["text"], answer.json()["source"]) == (ALT, "prompt")
    assert client.get(IMAGES, headers=headers).json()["total"] == 0  # nothing stored

    not_picture = client.post(
        f"{IMAGES}/describe",
        files={"file": ("notes.png", b"just some text", "image/png")},
        data={"model": "fake:test"},
        headers=headers,
    )
    assert not_picture.status_code == 422, not_picture.text
    [problem] = not_picture.json()["errors"]
    assert (problem["field"], problem["kind"]) == ("body.file", "unknown_format")
    empty = client.post(
        f"{IMAGES}/describe", files={"file": ("empty.png", b"", "image/png")}, headers=headers
    )
    assert empty.status_code == 422 and "upload is empty" in empty.text, empty.text
    huge = b"\x89PNG\r\n\x1a\n" + bytes(MAX_UPLOAD_BYTES)
    too_big = client.post(
        f"{IMAGES}/describe",
        files={"file": ("huge.png", huge, "image/png")},
        headers=headers,
    )
    assert too_big.status_code == 413, too_big.text
