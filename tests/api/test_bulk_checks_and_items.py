"""``POST /api/v1/bulk?dry_run=true`` and ``GET /api/v1/bulk/{id}/items``.

A dry run answers what a submission would (the same 422, or 200 with how the rows were
understood) and stores and starts nothing; the items of a job are read a page at a time,
with their run, their document and their error.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient

from presswright.api import create_app
from presswright.bootstrap import Instance
from presswright.store.models import Role
from tests.api.conftest import MakeMember, Member
from tests.api.test_bulk_routes import BULK, ROWS, headers, owner, settled, writer
from tests.bulk.fakes import MODEL, FakeWriter

__all__ = ["owner", "writer"]  # fixtures shared with test_bulk_routes

CHECK = f"{BULK}?dry_run=true"


def _without_request(problem: dict[str, Any]) -> dict[str, Any]:
    """A problem document without what differs between two requests."""
    return {k: v for k, v in problem.items() if k not in ("request_id", "instance")}


def test_a_dry_run_says_how_the_rows_were_understood_and_stores_nothing(
    client: TestClient, owner: Member, writer: FakeWriter
) -> None:
    auth = headers(client, owner)
    body = {"kind": "product", "model": MODEL, "rows": ROWS, "mapping": {"name": "Product"}}

    checked = client.post(CHECK, json=body, headers=auth)

    assert checked.status_code == 200, checked.text
    assert checked.json() == {
        "items": 2,
        "kind": "product",
        "model": MODEL,
        "source": None,
        "shape": None,
        "columns": ["Product", "category", "features"],
        "mapping": {"category": "category", "features": "features", "name": "Product"},
        "ignored_columns": [],
        "errors": [],
    }
    upload = b"Name;Category;Colour\nTeapot;Kitchen;red\nKettle;Kitchen;blue\n"
    checked = client.post(
        CHECK,
        files={"file": ("shop.csv", upload, "text/csv")},
        data={"kind": "product", "model": MODEL, "map": ["name=Name"]},
        headers=auth,
    )
    assert checked.status_code == 200, checked.text
    understood = checked.json()
    assert (understood["items"], understood["source"]) == (2, "shop.csv")
    assert understood["mapping"] == {"category": "Category", "name": "Name"}
    assert understood["ignored_columns"] == ["Colour"]
    # Nothing was stored, nothing generated.
    assert client.get(BULK, headers=auth).json()["total"] == 0
    assert not writer.calls


@pytest.mark.parametrize(
    ("body", "upload"),
    [
        ({"kind": "product", "model": MODEL, "rows": [{"name": "", "category": "K"}]}, None),
        ({"kind": "product", "model": MODEL, "map": ["title=Headline"]}, b"name,category\nA,B\n"),
        ({"kind": "product", "model": MODEL}, b"name,category\nApron,\nBoard,Kitchen\n"),
        ({"kind": "product", "model": "nowhere:model", "rows": ROWS}, None),
        ({"kind": "article", "model": MODEL, "rows": ROWS, "publish_site": "blog"}, None),
        ({"kind": "product", "model": MODEL, "rows": ROWS, "publish_store": "shop"}, None),
    ],
)
def test_a_dry_run_refuses_what_the_submission_refuses_with_the_same_problem(
    client: TestClient, owner: Member, body: dict[str, Any], upload: bytes | None
) -> None:
    auth = headers(client, owner)

    def send(url: str) -> Any:
        if upload is None:
            return client.post(url, json=body, headers=auth)
        files = {"file": ("rows.csv", upload, "text/csv")}
        return client.post(url, files=files, data=body, headers=auth)

    checked, submitted = send(CHECK), send(BULK)

    assert checked.status_code == submitted.status_code
    assert checked.status_code in (404, 422), checked.text
    assert _without_request(checked.json()) == _without_request(submitted.json())
    assert client.get(BULK, headers=auth).json()["total"] == 0


def test_a_dry_run_is_for_editors_and_spends_no_generation_budget(
    instance: Instance, owner: Member, make_member: MakeMember
) -> None:
    instance.settings = instance.settings.model_copy(update={"generation_rate_limit": "2/minute"})
    body = {"kind": "product", "model": MODEL, "rows": ROWS, "mapping": {"name": "Product"}}
    with TestClient(create_app(instance), raise_server_exceptions=False) as client:
        auth = headers(client, owner)
        checks = [client.post(CHECK, json=body, headers=auth).status_code for _ in range(5)]
        submits = [client.post(BULK, json=body, headers=auth).status_code for _ in range(3)]
        viewer = headers(client, make_member(Role.VIEWER, tenant_id=owner.tenant_id))
        refused = client.post(CHECK, json=body, headers=viewer).status_code
    assert checks == [200] * 5
    assert submits == [202, 202, 429]
    assert refused == 403


@pytest.mark.timeout(60)
def test_the_items_of_a_job_are_paged_with_their_run_document_and_error(
    served: TestClient, owner: Member, writer: FakeWriter, make_member: MakeMember
) -> None:
    auth = headers(served, owner)
    upload = b"name,category\nTeapot,Kitchen\nbroken kettle,Kitchen\nOak board,Kitchen\n"
    created = served.post(
        BULK,
        files={"file": ("shop.csv", upload, "text/csv")},
        data={"kind": "product", "model": MODEL},
        headers=auth,
    )
    assert created.status_code == 202, created.text
    job = created.json()["id"]
    queued = served.get(f"{BULK}/{job}/items", headers=auth).json()
    assert [item["label"] for item in queued["items"]] == ["Teapot", "broken kettle", "Oak board"]
    assert settled(served, job, auth)["failed"] == 1

    everything = served.get(f"{BULK}/{job}/items", headers=auth).json()
    assert (everything["total"], everything["next_offset"]) == (3, None)
    first, broken, _ = everything["items"]
    assert (first["row"], first["status"], broken["status"]) == (1, "succeeded", "failed")
    assert broken["error"] and broken["title"] is None
    assert first["execution_id"] and first["error"] is None and first["published_url"] is None
    assert first["title"]
    document = served.get(f"/api/v1/documents/{first['document_id']}", headers=auth)
    assert document.status_code == 200, document.text
    assert document.json()["execution_id"] == first["execution_id"]

    page = served.get(f"{BULK}/{job}/items?offset=1&limit=1", headers=auth).json()
    assert [item["row"] for item in page["items"]] == [2] and page["next_offset"] == 2
    failed = served.get(f"{BULK}/{job}/items?state=failed&state=cancelled", headers=auth).json()
    assert [(i["row"], i["status"]) for i in failed["items"]] == [(2, "failed")]
    assert failed["total"] == 1
    done = served.get(f"{BULK}/{job}/items?state=succeeded", headers=auth).json()
    assert [i["row"] for i in done["items"]] == [1, 3]

    # The same rows again are reused: the reused items name the earlier run and document.
    again = served.post(
        BULK,
        json={
            "kind": "product",
            "model": MODEL,
            "rows": [{"name": "Teapot", "category": "Kitchen"}],
        },
        headers=auth,
    ).json()
    reused = served.get(f"{BULK}/{again['id']}/items?state=reused", headers=auth).json()
    assert [(i["status"], i["document_id"]) for i in reused["items"]] == [
        ("reused", first["document_id"])
    ]

    assert served.get(f"{BULK}/{job}/items?state=done", headers=auth).status_code == 422
    assert served.get(f"{BULK}/{job}/items?limit=0", headers=auth).status_code == 422
    stranger = headers(served, make_member(Role.OWNER))
    assert served.get(f"{BULK}/{job}/items", headers=stranger).status_code == 404
    assert served.get(f"{BULK}/{uuid.uuid4()}/items", headers=auth).status_code == 404
    viewer = headers(served, make_member(Role.VIEWER, tenant_id=owner.tenant_id))
    assert served.get(f"{BULK}/{job}/items", headers=viewer).json()["total"] == 3
