"""``/api/v1/bulk``: JSON and multipart submissions, row errors, progress, CSV report, walls.

The app runs executions in this process (the ``served`` fixture, as under `presswright
serve`) and drives its jobs in the background; the fake provider writes the product copy.
"""

from __future__ import annotations

import csv
import io
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from presswright.bootstrap import Instance
from presswright.llm.providers.fake import FakeProvider, FakeScript
from presswright.store.models import Role
from tests.api.conftest import MakeMember, Member, bearer, login
from tests.bulk.fakes import MODEL, FakeWriter, store_fake_provider

BULK = "/api/v1/bulk"
ROWS = [
    {"Product": "Linen apron", "category": "Kitchen textiles", "features": "pockets|straps"},
    {"Product": "Oak board", "category": "Kitchen tools"},
]


@pytest.fixture
def writer() -> Iterator[FakeWriter]:
    """The fake provider writing product copy for every tenant of the test."""
    fake = FakeWriter()
    FakeProvider.scripts["fake"] = FakeScript().add(*[fake] * 1000)
    yield fake
    FakeProvider.scripts.pop("fake", None)


@pytest.fixture
def owner(make_member: MakeMember, instance: Instance, writer: FakeWriter) -> Member:
    member = make_member(Role.OWNER)
    store_fake_provider(instance, member.tenant_id)
    return member


def headers(client: TestClient, member: Member) -> dict[str, str]:
    return bearer(login(client, member)["access_token"])


def settled(client: TestClient, job: str, auth: dict[str, str], timeout: float = 30) -> Any:
    """The job's progress once it has ended."""
    deadline = time.monotonic() + timeout
    while True:
        progress = client.get(f"{BULK}/{job}", headers=auth).json()
        if progress["status"] in ("completed", "failed", "cancelled"):
            return progress
        assert time.monotonic() < deadline, progress
        time.sleep(0.1)


@pytest.mark.timeout(60)
def test_a_json_job_runs_in_the_background_and_reports_as_csv(
    served: TestClient,
    owner: Member,
    writer: FakeWriter,
    make_member: MakeMember,
    instance: Instance,
) -> None:
    auth = headers(served, owner)
    body = {"kind": "product", "model": MODEL, "rows": ROWS, "mapping": {"name": "Product"}}

    created = served.post(BULK, json=body, headers=auth)

    assert created.status_code == 202, created.text
    job = created.json()
    assert created.headers["Location"] == f"{BULK}/{job['id']}"
    assert (job["status"], job["total"], job["remaining"]) == ("queued", 2, 2)
    final = settled(served, job["id"], auth)
    assert (final["status"], final["succeeded"], final["failed"]) == ("completed", 2, 0)
    assert final["rate_per_minute"] > 0 and final["finished_at"] is not None
    assert dict(writer.calls) == {"Linen apron": 1, "Oak board": 1}
    report = served.get(f"{BULK}/{job['id']}/report", headers=auth)
    assert report.status_code == 200 and report.headers["content-type"].startswith("text/csv")
    lines = list(csv.DictReader(io.StringIO(report.text)))
    assert [(line["row"], line["label"], line["status"]) for line in lines] == [
        ("1", "Linen apron", "succeeded"),
        ("2", "Oak board", "succeeded"),
    ]
    page = served.get(BULK, headers=auth).json()
    assert page["total"] == 1 and page["items"][0]["id"] == job["id"]

    # The same rows again: every item is reused, nothing is written twice.
    again = served.post(BULK, json=body, headers=auth).json()
    assert again["reused"] == 2 and again["status"] == "completed"
    assert served.post(f"{BULK}/{job['id']}/cancel", headers=auth).status_code == 409
    assert served.post(f"{BULK}/{job['id']}/retry", headers=auth).status_code == 409
    # Another workspace reuses nothing of this one's: it generates its own copy.
    other = make_member(Role.OWNER)
    store_fake_provider(instance, other.tenant_id)
    theirs = served.post(BULK, json=body, headers=headers(served, other)).json()
    assert theirs["reused"] == 0
    assert settled(served, theirs["id"], headers(served, other))["succeeded"] == 2
    assert dict(writer.calls) == {"Linen apron": 2, "Oak board": 2}


@pytest.mark.timeout(60)
def test_an_uploaded_file_runs_and_failed_items_are_retried(
    served: TestClient, owner: Member, writer: FakeWriter
) -> None:
    auth = headers(served, owner)
    upload = b"Name;Category\nTeapot;Kitchen\nbroken kettle;Kitchen\n"
    created = served.post(
        BULK,
        files={"file": ("shop.csv", upload, "text/csv")},
        data={"kind": "product", "model": MODEL, "map": ["name=Name"], "concurrency": "2"},
        headers=auth,
    )
    assert created.status_code == 202, created.text
    job = created.json()["id"]
    final = settled(served, job, auth)
    assert (final["status"], final["succeeded"], final["failed"]) == ("failed", 1, 1)
    assert final["source"] == "shop.csv"

    writer.healed = True
    retried = served.post(f"{BULK}/{job}/retry", headers=auth)
    assert retried.status_code == 202 and retried.headers["Location"] == f"{BULK}/{job}"
    assert settled(served, job, auth)["status"] == "completed"
    assert dict(writer.calls) == {"Teapot": 1, "broken kettle": 1}


def test_bad_rows_are_422_listing_each_row_and_nothing_starts(
    client: TestClient, owner: Member
) -> None:
    auth = headers(client, owner)
    rows = [{"name": "Apron", "category": "Kitchen"}, {"name": "", "category": "Kitchen"}]
    answer = client.post(BULK, json={"kind": "product", "model": MODEL, "rows": rows}, headers=auth)
    assert answer.status_code == 422
    problem = answer.json()
    assert answer.headers["content-type"] == "application/problem+json"
    assert [(e["field"], e["message"]) for e in problem["errors"]] == [
        ("body.rows.1.name", "row 2: Field required")
    ]
    upload = b"name,category\nApron,\nBoard,Kitchen\n"
    answer = client.post(
        BULK,
        files={"file": ("shop.csv", upload, "text/csv")},
        data={"kind": "product", "model": MODEL, "map": ["title=Headline"]},
        headers=auth,
    )
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["body.map.title"]
    answer = client.post(
        BULK,
        files={"file": ("shop.csv", upload, "text/csv")},
        data={"kind": "product", "model": MODEL},
        headers=auth,
    )
    assert [(e["field"], e["message"]) for e in answer.json()["errors"]] == [
        ("body.file.1.category", "row 1: Field required")
    ]
    for body, field in (
        ({"kind": "product", "rows": ROWS, "model": "nowhere:model"}, "body.model"),
        ({"kind": "product", "rows": ROWS, "publish_site": "blog"}, "body"),
        ({"kind": "poem", "rows": ROWS}, "body.kind"),
    ):
        answer = client.post(BULK, json=body, headers=auth)
        assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == field
    answer = client.post(BULK, content=b"name\nA\n", headers={**auth, "Content-Type": "text/csv"})
    assert answer.status_code == 415
    answer = client.post(
        BULK, json={"kind": "article", "rows": ROWS, "publish_site": "blog"}, headers=auth
    )
    assert answer.status_code == 404  # no such WordPress site
    assert client.get(BULK, headers=auth).json()["total"] == 0


def test_jobs_of_another_workspace_are_404_and_viewers_only_read(
    client: TestClient, owner: Member, make_member: MakeMember
) -> None:
    auth = headers(client, owner)
    body = {"kind": "product", "model": MODEL, "rows": ROWS, "mapping": {"name": "Product"}}
    job = client.post(BULK, json=body, headers=auth).json()["id"]
    stranger = headers(client, make_member(Role.OWNER))
    for method, path in (
        ("get", f"{BULK}/{job}"),
        ("get", f"{BULK}/{job}/report"),
        ("post", f"{BULK}/{job}/retry"),
        ("post", f"{BULK}/{job}/cancel"),
        ("get", f"{BULK}/{uuid.uuid4()}"),
    ):
        assert client.request(method, path, headers=stranger).status_code == 404, path
    assert client.get(BULK, headers=stranger).json()["total"] == 0
    viewer = headers(client, make_member(Role.VIEWER, tenant_id=owner.tenant_id))
    assert client.get(f"{BULK}/{job}", headers=viewer).status_code == 200
    refused = client.post(BULK, json={"kind": "product", "rows": ROWS}, headers=viewer)
    assert refused.status_code == 403
    assert client.post(f"{BULK}/{job}/cancel", headers=viewer).status_code == 403
    cancelled = client.post(f"{BULK}/{job}/cancel", headers=auth)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
