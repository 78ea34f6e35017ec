"""``POST /api/v1/images/{id}/edit`` and ``/variations`` on a loopback OpenAI-compatible server.

Runs of the shipped image flow in this process (as under ``serve``); pictures from the
scripted server of ``tests/images/edit_servers``, alt text from the shipped fake model.
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
from presswright.llm.providers.fake import FakeProvider, FakeScript
from presswright.store.models import Role
from presswright.store.provider_configs import ProviderConfigCreate, create_provider_config
from tests.api.conftest import MakeMember
from tests.api.test_images_routes import ALT, IMAGES, editor, settled
from tests.images.edit_servers import EditServer, FilePart, edit_server
from tests.images.stored_images import PROMPT, stored_image

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def server() -> Iterator[EditServer]:
    with edit_server() as running:
        yield running


@pytest.fixture
def script() -> Iterator[FakeScript]:
    fresh = FakeProvider.scripts["fake"] = FakeScript()
    fresh.add(*[json.dumps({"alt_text": ALT})] * 50)
    yield fresh
    FakeProvider.scripts.pop("fake", None)


def mask(width: int, height: int) -> bytes:
    picture = Image.new("RGBA", (width, height), (0, 0, 0, 255))
    picture.paste((0, 0, 0, 0), (0, 0, width // 2, height))
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def pictures(client: TestClient, run: dict[str, Any], headers: dict[str, str]) -> list[Any]:
    assert run["status"] == "completed", run
    page = client.get(IMAGES, params={"execution_id": run["execution_id"]}, headers=headers)
    items: list[Any] = page.json()["items"]
    return items


def test_more_like_this_and_an_edit_with_a_mask_make_new_pictures_of_the_source(
    served: TestClient,
    make_member: MakeMember,
    instance: Instance,
    server: EditServer,
    script: FakeScript,
) -> None:
    tenant_id, headers = editor(served, make_member, instance, server)
    source = stored_image(instance, tenant_id)

    answer = served.post(
        f"{IMAGES}/{source}/variations",
        json={"count": 2, "alt_model": "fake:test"},
        headers=headers,
    )
    assert answer.status_code == 202, answer.text
    assert answer.json()["model"] == "work:sd-local"
    assert answer.headers["location"] == f"/api/v1/executions/{answer.json()['execution_id']}"
    made = pictures(served, settled(served, answer.json()["execution_id"], headers), headers)
    assert len(made) == 2
    for item in made:
        image = item["image"]
        assert (image["operation"], image["source_id"], image["prompt"]) == (
            "variation",
            str(source),
            PROMPT,
        )
        assert image["alt_text"] == ALT and item["title"] == "Disc"
    calls = [r for r in server.requests if r.path == "/v1/images/variations"]
    assert len(calls) == 2  # the compatible model makes one picture a call
    assert all(isinstance(c.body["image"], FilePart) for c in calls)
    assert {(c.body["image"].width, c.body["image"].height) for c in calls} == {(320, 240)}

    answer = served.post(
        f"{IMAGES}/{source}/edit",
        data={"prompt": "a red disc on the left half", "alt_model": "fake:test"},
        files={"mask": ("mask.png", mask(320, 240), "image/png")},
        headers=headers,
    )
    assert answer.status_code == 202, answer.text
    [edited] = pictures(served, settled(served, answer.json()["execution_id"], headers), headers)
    assert (edited["image"]["operation"], edited["image"]["source_id"]) == ("edit", str(source))
    assert edited["image"]["prompt"] == "a red disc on the left half"
    [call] = [r for r in server.requests if r.path == "/v1/images/edits"]
    assert call.body["prompt"] == "a red disc on the left half"
    assert (call.body["mask"].width, call.body["mask"].height, call.body["mask"].mode) == (
        320,
        240,
        "RGBA",
    )


def test_a_model_that_cannot_is_a_422_naming_the_models_that_can(
    served: TestClient,
    make_member: MakeMember,
    instance: Instance,
    server: EditServer,
    script: FakeScript,
) -> None:
    tenant_id, headers = editor(served, make_member, instance, server)
    with instance.database.tenant_session(tenant_id) as session:
        create_provider_config(
            session,
            data=ProviderConfigCreate(
                name="oai",
                kind="openai",
                base_url=server.base_url + "/v1",
                api_key="sk-test-openai",
                models=["dall-e-3"],
            ),
            box=instance.secretbox,
        )
    source = stored_image(instance, tenant_id)
    answer = served.post(
        f"{IMAGES}/{source}/variations", json={"model": "oai:dall-e-3"}, headers=headers
    )
    assert answer.status_code == 422, answer.text
    text = json.dumps(answer.json())
    assert "body" in text and "model" in text
    assert "does not make variations" in text and "work:sd-local" in text

    wrong = served.post(
        f"{IMAGES}/{source}/edit",
        data={"prompt": "red"},
        files={"mask": ("mask.png", mask(32, 32), "image/png")},
        headers=headers,
    )
    assert wrong.status_code == 422 and "the mask is 32x32" in wrong.text
    assert "mask" in json.dumps(wrong.json())
    assert server.requests == []


def test_another_workspaces_picture_is_not_found(
    served: TestClient,
    make_member: MakeMember,
    instance: Instance,
    server: EditServer,
    script: FakeScript,
) -> None:
    _, headers = editor(served, make_member, instance, server)
    other = make_member(Role.EDITOR)
    theirs = stored_image(instance, other.tenant_id)
    answer = served.post(f"{IMAGES}/{theirs}/variations", json={}, headers=headers)
    assert answer.status_code == 404
    missing = served.post(f"{IMAGES}/{uuid.uuid4()}/edit", data={"prompt": "x"}, headers=headers)
    assert missing.status_code == 404 and server.requests == []
