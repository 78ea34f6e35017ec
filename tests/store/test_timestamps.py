"""Every timestamp carries its UTC offset, on SQLite as on PostgreSQL.

SQLite stores a timestamp as text without a zone; the store's ``UTCDateTime`` column type
marks what it reads back as UTC, so the rows, and every datetime the API emits from them,
are aware. Checked at both depths: the columns read back (ORM, Core, an aggregate), and the
JSON of the API's reads of executions, documents, bulk jobs and the named resources.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import DateTime, func, select, text

from presswright.api import create_app
from presswright.bootstrap import Instance
from presswright.flows.runtime import Runtime
from presswright.store.api_keys import create_api_key
from presswright.store.bulk import NewItem, create_job, move_item
from presswright.store.documents import add_version, claim_version, create_document
from presswright.store.models import Base, BulkItem, Role, Tenant, UTCDateTime, utcnow
from presswright.store.tenancy import add_member, create_tenant, create_user

# A date and a time, whatever follows: any such string in a response is a timestamp.
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
SPEC = {
    "name": "stamped",
    "inputs": {"topic": {"type": "string"}},
    "nodes": [
        {"id": "a", "type": "template", "config": {"template": "on {{ inputs.topic }}"}},
        {"id": "b", "type": "template", "config": {"template": "{{ a }}!"}},
    ],
    "edges": [{"from": "a", "to": "b"}],
}


def timestamps(document: Any, where: str = "") -> Iterator[tuple[str, str]]:
    """Every (location, string) in a JSON document that is a date and time."""
    if isinstance(document, dict):
        for key, value in document.items():
            yield from timestamps(value, f"{where}.{key}")
    elif isinstance(document, list):
        for index, value in enumerate(document):
            yield from timestamps(value, f"{where}[{index}]")
    elif isinstance(document, str) and _TIMESTAMP.match(document):
        yield where, document


def naive_or_not_utc(document: Any) -> list[str]:
    """The timestamps of ``document`` without a UTC offset (location and value)."""
    wrong = []
    for where, stamp in timestamps(document):
        moment = datetime.fromisoformat(stamp)
        if moment.tzinfo is None or moment.utcoffset() != timedelta(0):
            wrong.append(f"{where}={stamp}")
    return wrong


def test_the_walk_finds_a_naive_timestamp() -> None:
    found = naive_or_not_utc({"a": [{"created_at": "2026-12-07T02:12:56.294782"}], "b": "x"})
    assert found == [".a[0].created_at=2026-12-07T02:12:56.294782"]
    assert naive_or_not_utc({"at": "2026-12-07T02:12:56Z", "t": "2026-12-07T02:12:56+00:00"}) == []
    assert naive_or_not_utc({"at": "2026-12-07T03:12:56+01:00"}) == [
        ".at=2026-12-07T03:12:56+01:00"
    ]


def test_every_timestamp_column_has_the_utc_type() -> None:
    columns = [
        f"{table.name}.{column.name}"
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, DateTime | UTCDateTime)
    ]
    assert len(columns) > 40
    plain = [
        f"{table.name}.{column.name}"
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, DateTime) and not isinstance(column.type, UTCDateTime)
    ]
    assert plain == []


def test_timestamps_read_back_aware_in_utc(instance: Instance, backend: str) -> None:
    # Stored from another zone: read back as the same moment, in UTC.
    moment = datetime(2026, 12, 7, 4, 12, 56, 294782, tzinfo=timezone(timedelta(hours=2)))
    with instance.database.system_session() as session:
        tenant = create_tenant(session, name="Stamped")
        tenant.created_at = moment
        tenant_id = tenant.id
    with instance.database.system_session() as session:
        if backend == "postgres":  # a server answering in another zone: still read as UTC
            session.execute(text("SET TIME ZONE 'Asia/Kolkata'"))
        read = session.get(Tenant, tenant_id)
        assert read is not None
        core = session.scalar(select(Tenant.__table__.c.created_at).where(Tenant.id == tenant_id))
        latest = session.scalar(select(func.max(Tenant.created_at)))
    for value in (read.created_at, core, latest):
        assert isinstance(value, datetime)
        assert value.tzinfo == UTC, value
    assert read.created_at == moment
    assert read.created_at.tzinfo == UTC


@pytest.fixture
def owner(instance: Instance) -> tuple[uuid.UUID, uuid.UUID, dict[str, str]]:
    """An owner of a new workspace: tenant id, user id and API-key headers."""
    with instance.database.system_session() as session:
        tenant_id = create_tenant(session, name="Stamps").id
        user_id = create_user(session, email="stamps@example.com", password="correct horse b").id
    with instance.database.tenant_session(tenant_id) as session:
        add_member(session, user_id=user_id, role=Role.OWNER)
        _, key = create_api_key(session, user_id=user_id, name="stamps")
    return tenant_id, user_id, {"X-API-Key": key}


@pytest.fixture
def served(instance: Instance) -> Iterator[TestClient]:
    """An app whose executions really run, in this process."""
    runtime = Runtime(instance, executor_id=f"stamps-{uuid.uuid4().hex[:8]}")
    runtime.launch()
    try:
        with TestClient(create_app(instance, runtime=runtime)) as client:
            yield client
    finally:
        runtime.shutdown()


def _document_and_bulk_job(
    instance: Instance, tenant_id: uuid.UUID, user_id: uuid.UUID
) -> tuple[uuid.UUID, uuid.UUID]:
    """A document with a version, and a bulk job with a finished item, made in the store."""
    with instance.database.tenant_session(tenant_id) as session:
        document = create_document(
            session,
            kind="article",
            title="Stamped",
            language="en",
            execution_id=None,
            created_by=user_id,
            status="ready",
        )
        assert claim_version(session, document_id=document.id, base_version=0)
        add_version(
            session,
            document=document,
            version=1,
            body={"title": "Stamped"},
            word_count=1,
            source="edited",
            execution_id=None,
            generation=None,
            author=user_id,
        )
        job = create_job(
            session,
            user_id=user_id,
            kind="article",
            model="fake:echo",
            source=None,
            concurrency=1,
            publish_site_id=None,
            publish_status=None,
            items=[NewItem(row=1, key="k1", label="one", payload={"topic": "one"})],
        )
        job.started_at = utcnow()
        item_id = session.scalar(select(BulkItem.id).where(BulkItem.job_id == job.id))
        assert item_id is not None
        assert move_item(session, item_id, expect=["queued"], state="running")
        assert move_item(session, item_id, expect=["running"], state="failed", error="no model")
        return document.id, job.id


def test_every_timestamp_the_api_emits_is_utc(
    instance: Instance, served: TestClient, owner: tuple[uuid.UUID, uuid.UUID, dict[str, str]]
) -> None:
    tenant_id, user_id, headers = owner
    started = served.post(
        "/api/v1/executions",
        json={"spec": SPEC, "inputs": {"topic": "x"}, "wait": 20},
        headers=headers,
    )
    assert started.status_code == 200, started.text
    assert started.json()["status"] == "completed"
    execution = started.json()["execution_id"]
    flow = served.post("/api/v1/flows", json={"name": "stamped", "spec": SPEC}, headers=headers)
    assert flow.status_code == 201, flow.text
    profile = served.post("/api/v1/brand-profiles", json={"name": "Stamped"}, headers=headers)
    assert profile.status_code == 201, profile.text
    provider = served.post(
        "/api/v1/providers",
        json={"name": "stamped", "kind": "openai-compatible", "base_url": "http://127.0.0.1:9/v1"},
        headers=headers,
    )
    assert provider.status_code == 201, provider.text
    document, job = _document_and_bulk_job(instance, tenant_id, user_id)

    # The reads of the studio, and how many timestamps each must show at least.
    reads = {
        "/api/v1/executions": 1,
        f"/api/v1/executions/{execution}/detail": 2 + 2 * 2,
        "/api/v1/documents": 2,
        f"/api/v1/documents/{document}": 2,
        f"/api/v1/documents/{document}/versions": 1,
        "/api/v1/bulk": 1,
        f"/api/v1/bulk/{job}": 3,
        "/api/v1/flows": 2,
        f"/api/v1/flows/{flow.json()['id']}": 2,
        f"/api/v1/flows/{flow.json()['id']}/versions": 1,
        "/api/v1/brand-profiles": 2,
        "/api/v1/providers": 2,
        "/api/v1/api-keys": 1,
        "/api/v1/members": 1,
    }
    for path, least in reads.items():
        answer = served.get(path, headers=headers)
        assert answer.status_code == 200, (path, answer.text)
        found = list(timestamps(answer.json()))
        assert len(found) >= least, (path, found)
        assert naive_or_not_utc(answer.json()) == [], path
    for answer in (flow, profile, provider):
        assert naive_or_not_utc(answer.json()) == []


def test_the_openapi_document_types_every_timestamp_as_date_time(instance: Instance) -> None:
    schemas = create_app(instance).openapi()["components"]["schemas"]
    untyped = []
    for name, schema in schemas.items():
        for field, spec in schema.get("properties", {}).items():
            if not field.endswith("_at"):
                continue
            variants = spec.get("anyOf", [spec])
            if not any(variant.get("format") == "date-time" for variant in variants):
                untyped.append(f"{name}.{field}")
    assert untyped == []
