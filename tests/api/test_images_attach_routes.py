"""``POST /api/v1/images/{id}/attach``: a library picture attached to an article document.

The article is stored as a finished one is (a valid sample article, two sections); the
picture as the image node stores one. Publishing is checked by what
``publish_library_document`` sends: :func:`article_images_of` gives it the pictures.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient

from presswright.bootstrap import Instance
from presswright.documents.library import article_of
from presswright.documents.outcome import store_version
from presswright.images.article_images import article_images_of
from presswright.publish.wordpress.media_placement import section_count
from presswright.store.documents import claim_version, create_document
from presswright.store.models import Role
from tests.api.conftest import MakeMember, bearer, login
from tests.content.samples import english_article
from tests.images.stored_images import stored_image

pytestmark = pytest.mark.timeout(120)

IMAGES = "/api/v1/images"


def article(instance: Instance, tenant_id: uuid.UUID, kind: str = "article") -> uuid.UUID:
    body = english_article().model_dump(mode="json", exclude_none=True)
    with instance.database.tenant_session(tenant_id) as session:
        document = create_document(
            session, kind=kind, title="Composting", language="en", execution_id=None,
            created_by=None, status="ready",
        )  # fmt: skip
        assert claim_version(session, document_id=document.id, base_version=0)
        store_version(
            session, document, 1, body, source="edited", execution_id=None,
            generation=None, author=None,
        )  # fmt: skip
        return document.id


def test_an_attached_picture_is_a_new_article_version_and_is_published_with_it(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    member = make_member(Role.EDITOR)
    headers = bearer(login(client, member)["access_token"])
    tenant = member.tenant_id
    document_id = article(instance, tenant)
    cover = stored_image(instance, tenant, alt_text="Compost heap steaming in a garden.")
    inside = stored_image(instance, tenant, colour="red")
    sections = section_count(article_of(instance, tenant_id=tenant, document_id=document_id))
    assert sections >= 1
    before = article_of(instance, tenant_id=tenant, document_id=document_id)

    featured = client.post(
        f"{IMAGES}/{cover}/attach",
        json={"document_id": str(document_id), "version": 1, "placement": "featured"},
        headers=headers,
    )
    assert featured.status_code == 200, featured.text
    assert (featured.json()["version"], featured.json()["placement"]) == (2, "featured")
    assert featured.json()["image"]["image"]["attachments"] == [
        {
            "document_id": str(document_id),
            "version": 2,
            "placement": "featured",
            "after_section": None,
        }
    ]
    stale = client.post(
        f"{IMAGES}/{inside}/attach",
        json={"document_id": str(document_id), "version": 1, "after_section": 1},
        headers=headers,
    )
    assert stale.status_code == 409, stale.text
    body = client.post(
        f"{IMAGES}/{inside}/attach",
        json={"document_id": str(document_id), "version": 2, "after_section": 1},
        headers=headers,
    )
    assert body.status_code == 200, body.text
    assert body.json()["version"] == 3
    # Nothing overwritten: versions 1 to 3 hold the same article.
    versions = client.get(f"/api/v1/documents/{document_id}/versions", headers=headers)
    assert versions.status_code == 200, versions.text
    assert article_of(instance, tenant_id=tenant, document_id=document_id, version=1) == before
    now = article_of(instance, tenant_id=tenant, document_id=document_id)
    assert now == before

    # What publish_library_document sends with the article.
    sent = article_images_of(instance, tenant_id=tenant, document_id=document_id, article=now)
    assert [(i.placement, i.after_section, i.image.alt_text) for i in sent] == [
        ("featured", None, "Compost heap steaming in a garden."),
        ("body", 1, "A white disc on a teal field."),
    ]
    assert sent[0].image.mime_type == "image/webp" and sent[0].image.content[:4] == b"RIFF"
    assert sent[0].image.sha256 != sent[1].image.sha256


def test_attach_refuses_other_workspaces_non_articles_and_missing_sections(
    client: TestClient, make_member: MakeMember, instance: Instance
) -> None:
    member = make_member(Role.EDITOR)
    headers = bearer(login(client, member)["access_token"])
    tenant = member.tenant_id
    picture = stored_image(instance, tenant)
    document_id = article(instance, tenant)
    other = make_member(Role.EDITOR)
    foreign_article = article(instance, other.tenant_id)
    foreign_picture = stored_image(instance, other.tenant_id)

    def attach(image: uuid.UUID, **body: object) -> tuple[int, Any]:
        answer = client.post(f"{IMAGES}/{image}/attach", json=body, headers=headers)
        return answer.status_code, answer.json()

    assert attach(picture, document_id=str(foreign_article), version=1)[0] == 404
    assert attach(foreign_picture, document_id=str(document_id), version=1)[0] == 404
    status, problem = attach(picture, document_id=str(uuid.uuid4()), version=1)
    assert status == 404

    product = article(instance, tenant, kind="product")
    status, problem = attach(picture, document_id=str(product), version=1)
    assert status == 422, problem
    assert [e["field"] for e in problem["errors"]] == ["body.document_id"]

    status, problem = attach(picture, document_id=str(document_id), version=1, after_section=40)
    assert status == 422, problem
    (error,) = problem["errors"]
    assert error["field"] == "body.after_section" and "section" in error["message"]
    status, problem = attach(
        picture, document_id=str(document_id), version=1, placement="featured", after_section=1
    )
    assert status == 422, problem
    # Nothing was stored by the refusals: the article is still at version 1.
    assert attach(picture, document_id=str(document_id), version=1)[0] == 200

    bare = stored_image(instance, tenant, alt_text=None)
    assert attach(bare, document_id=str(document_id), version=2)[0] == 400
