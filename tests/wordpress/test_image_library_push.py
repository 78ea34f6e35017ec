"""A picture of the library into the real WordPress's Media Library (Media Forge), read back."""

from __future__ import annotations

import asyncio
import io
import uuid
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from PIL import Image

from presswright.api import create_app
from presswright.bootstrap import Instance
from presswright.errors import NotFoundError, UserInputError
from presswright.images.editing import edit_image, push_image_document
from presswright.images.service import get_image, open_image
from presswright.publish.wordpress.media import MediaResult
from presswright.store.models import Role
from presswright.store.tenancy import add_member, create_tenant, create_user
from tests.api.conftest import PASSWORD
from tests.images.stored_images import stored_image
from tests.wordpress.conftest import Connect
from tests.wordpress.wordpress_site import RunningWordPress

pytestmark = pytest.mark.timeout(120)


def push(
    instance: Instance, tenant_id: uuid.UUID, image_id: uuid.UUID, site: str, **extra: Any
) -> MediaResult:
    return asyncio.run(
        push_image_document(instance, tenant_id=tenant_id, document_id=image_id, site=site, **extra)
    )


def stored_bytes(instance: Instance, tenant_id: uuid.UUID, image_id: uuid.UUID) -> bytes:
    return open_image(instance, tenant_id=tenant_id, document_id=image_id).content


def test_a_stored_picture_is_pushed_with_its_alt_text_then_reused(
    instance: Instance, tenant_id: uuid.UUID, wordpress: RunningWordPress, connect: Connect
) -> None:
    site = connect(wordpress.author)
    colour = "#%06x" % (uuid.uuid4().int & 0xFFFFFF)  # bytes no other test pushes
    image_id = stored_image(instance, tenant_id, colour=colour)
    stored = get_image(instance, tenant_id=tenant_id, document_id=image_id).image
    first = push(instance, tenant_id, image_id, site, caption="The disc, first week")
    assert (first.action, first.mime_type) == ("uploaded", "image/webp")
    assert first.sha256 == stored.files[0].sha256
    item = wordpress.rest(
        "GET", f"/wp/v2/media/{first.media_id}", params={"context": "edit"}
    ).json()
    assert item["alt_text"] == "A white disc on a teal field."
    assert item["title"]["raw"] == "Disc"
    assert item["caption"]["raw"] == "The disc, first week"
    assert item["mime_type"] == "image/webp"
    served = httpx.get(item["source_url"], timeout=10)
    assert served.content == stored_bytes(instance, tenant_id, image_id)
    with Image.open(io.BytesIO(served.content)) as picture:
        assert (picture.format, picture.size) == ("WEBP", (320, 240))

    # The same picture again: the item is reused; a person's better alt text updates it.
    edit_image(
        instance,
        tenant_id=tenant_id,
        user_id=None,
        document_id=image_id,
        alt_text="A white disc centred on a teal square.",
    )
    again = push(instance, tenant_id, image_id, site, caption="The disc, first week")
    assert (again.media_id, again.action, again.fields_updated) == (first.media_id, "reused", True)
    item = wordpress.rest(
        "GET", f"/wp/v2/media/{first.media_id}", params={"context": "edit"}
    ).json()
    assert item["alt_text"] == "A white disc centred on a teal square."

    # The JPEG fallback is a file of its own: another item.
    jpeg = push(instance, tenant_id, image_id, site, format="jpeg")
    assert jpeg.mime_type == "image/jpeg" and jpeg.media_id != first.media_id


def test_a_picture_without_alt_text_or_of_another_workspace_is_not_sent(
    instance: Instance, tenant_id: uuid.UUID, wordpress: RunningWordPress, connect: Connect
) -> None:
    site = connect(wordpress.author)
    bare = stored_image(instance, tenant_id, alt_text=None)
    with pytest.raises(UserInputError, match="no alt text yet") as refused:
        push(instance, tenant_id, bare, site)
    assert "presswright image describe" in str(refused.value.hint)
    with instance.database.system_session() as session:
        other = create_tenant(session, name="Elsewhere").id
    theirs = stored_image(instance, other)
    with pytest.raises(NotFoundError):
        push(instance, tenant_id, theirs, site)
    with pytest.raises(UserInputError, match="stored as webp, jpeg, not png"):
        push(instance, tenant_id, stored_image(instance, tenant_id), site, format="png")


def test_the_push_route_sends_a_picture_and_answers_where_it_is(
    instance: Instance, tenant_id: uuid.UUID, wordpress: RunningWordPress, connect: Connect
) -> None:
    site = connect(wordpress.author)
    email = f"editor-{uuid.uuid4().hex[:8]}@example.com"
    with instance.database.system_session() as session:
        user_id = create_user(session, email=email, password=PASSWORD).id
    with instance.database.tenant_session(tenant_id) as session:
        add_member(session, user_id=user_id, role=Role.EDITOR)
    colour = "#%06x" % (uuid.uuid4().int & 0xFFFFFF)
    image_id = stored_image(instance, tenant_id, colour=colour)
    with TestClient(create_app(instance), raise_server_exceptions=False) as client:
        token = client.post(
            "/api/v1/auth/login", json={"email": email, "password": PASSWORD}
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        pushed = client.post(
            f"/api/v1/images/{image_id}/push",
            json={"site": site, "caption": "Sent from the library"},
            headers=headers,
        )
        assert pushed.status_code == 200, pushed.text
        result = pushed.json()
        assert (result["action"], result["alt_text"]) == (
            "uploaded",
            "A white disc on a teal field.",
        )
        item = wordpress.rest(
            "GET", f"/wp/v2/media/{result['media_id']}", params={"context": "edit"}
        ).json()
        assert item["caption"]["raw"] == "Sent from the library"
        unknown = client.post(
            f"/api/v1/images/{image_id}/push", json={"site": "nowhere"}, headers=headers
        )
        assert unknown.status_code == 404, unknown.text
