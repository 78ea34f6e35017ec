"""The usage report over the API: exact aggregates per UTC day, user and model on both backends.

Rows are written straight into ``llm_calls`` with known numbers. On PostgreSQL the database's
time zone is set away from UTC first, so a day computed in the session's zone would show.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from presswright.bootstrap import Instance
from presswright.store.models import LLMCall, Role
from tests.api.conftest import MakeMember, Member
from tests.api.test_brand_profiles_routes import key_headers

URL = "/api/v1/usage"
PERIOD = {"since": "2025-03-01T00:00:00Z", "until": "2025-03-05T00:00:00Z"}
LOCAL, MINI = ("local", "smollm2"), ("openai", "gpt-4o-mini")


def at(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2025, 3, day, hour, minute, second, tzinfo=UTC)


@pytest.fixture
def away_from_utc(instance: Instance, backend: str) -> None:
    """PostgreSQL sessions in New York time (SQLite has no session time zone)."""
    if backend != "postgres":
        return
    engine = instance.database.engine
    with engine.begin() as connection:
        connection.execute(
            text(f"ALTER DATABASE \"{engine.url.database}\" SET timezone TO 'America/New_York'")
        )
    engine.dispose()
    with engine.connect() as connection:
        assert connection.execute(text("SHOW timezone")).scalar() == "America/New_York"


def log_calls(instance: Instance, tenant_id: uuid.UUID, rows: list[dict[str, Any]]) -> None:
    with instance.database.tenant_session(tenant_id) as session:
        for row in rows:
            provider, model = row.pop("model")
            session.add(
                LLMCall(
                    provider=provider,
                    model=model,
                    cache_hit=row.pop("cache_hit", False),
                    status=row.pop("status", "ok"),
                    prompt_hash="0" * 64,
                    **row,
                )
            )


def figures(
    calls: int, t_in: int, t_out: int, cost: float, hits: int, errors: int, latency: float
) -> dict[str, Any]:
    return {
        "calls": calls,
        "tokens_in": t_in,
        "tokens_out": t_out,
        "cost": cost,
        "cache_hits": hits,
        "cache_hit_rate": round(hits / calls, 4),
        "errors": errors,
        "mean_latency_ms": latency,
    }


def group(numbers: dict[str, Any], **labels: str | None) -> dict[str, Any]:
    return {"day": None, "user_id": None, "model": None, **labels, **numbers}


@pytest.fixture
def workspace(
    instance: Instance, make_member: MakeMember, away_from_utc: None
) -> tuple[Member, Member]:
    """An admin and an editor of one workspace with known calls; a stranger with one more."""
    admin = make_member(Role.ADMIN)
    editor = make_member(Role.EDITOR, tenant_id=admin.tenant_id)
    a, e = admin.user_id, editor.user_id

    def call(moment: datetime, user: uuid.UUID | None, model: tuple[str, str], **n: Any) -> Any:
        return {"created_at": moment, "user_id": user, "model": model, **n}

    calls = [
        call(at(1, 10), a, LOCAL, tokens_in=100, tokens_out=50, latency_ms=100.0),
        call(at(1, 23, 59, 59), e, MINI, tokens_in=200, tokens_out=100, latency_ms=300, cost=0.25),
        call(at(2, 0, 0, 1), a, MINI, tokens_in=10, latency_ms=50.0, cache_hit=True),
        call(at(2, 2), e, LOCAL, tokens_in=40, latency_ms=150.0, status="error"),
        call(at(2, 12), None, LOCAL, tokens_in=30, tokens_out=20, latency_ms=250.0),
        # Outside the period: until is exclusive, and one before since.
        call(at(5, 0), a, MINI, tokens_in=1000, tokens_out=1000, latency_ms=9.0, cost=1.0),
        call(datetime(2025, 2, 28, 23, 59, 59, tzinfo=UTC), a, LOCAL, tokens_in=7),
    ]
    log_calls(instance, admin.tenant_id, calls)
    stranger = make_member(Role.OWNER)
    log_calls(instance, stranger.tenant_id, [call(at(1, 12), stranger.user_id, LOCAL)])
    return admin, editor


def test_admins_see_everyones_usage_by_day_user_and_model(
    client: TestClient, instance: Instance, workspace: tuple[Member, Member]
) -> None:
    admin, editor = workspace
    headers = key_headers(instance, admin)
    by_day_model = client.get(URL, params={**PERIOD, "group_by": "day,model"}, headers=headers)
    assert by_day_model.status_code == 200, by_day_model.text
    report = by_day_model.json()
    assert (report["since"], report["until"]) == ("2025-03-01T00:00:00Z", "2025-03-05T00:00:00Z")
    assert report["group_by"] == ["day", "model"]
    assert report["totals"] == figures(5, 380, 170, 0.25, 1, 1, 170.0)
    local, mini = "local:smollm2", "openai:gpt-4o-mini"
    assert report["groups"] == [
        group(figures(1, 100, 50, 0.0, 0, 0, 100.0), day="2025-03-01", model=local),
        group(figures(1, 200, 100, 0.25, 0, 0, 300.0), day="2025-03-01", model=mini),
        group(figures(2, 70, 20, 0.0, 0, 1, 200.0), day="2025-03-02", model=local),
        group(figures(1, 10, 0, 0.0, 1, 0, 50.0), day="2025-03-02", model=mini),
    ]

    by_user = client.get(URL, params={**PERIOD, "group_by": ["user"]}, headers=headers).json()
    assert by_user["groups"][0]["user_id"] is None  # calls made without a user come first
    assert {g["user_id"]: g for g in by_user["groups"]} == {
        str(admin.user_id): group(figures(2, 110, 50, 0.0, 1, 0, 75.0), user_id=str(admin.user_id)),
        str(editor.user_id): group(
            figures(2, 240, 100, 0.25, 0, 1, 225.0), user_id=str(editor.user_id)
        ),
        None: group(figures(1, 30, 20, 0.0, 0, 0, 250.0)),
    }

    narrowed = client.get(
        URL,
        params={**PERIOD, "user_id": str(editor.user_id), "model": "local:smollm2"},
        headers=headers,
    ).json()
    assert narrowed["totals"] == figures(1, 40, 0, 0.0, 0, 1, 150.0)
    assert narrowed["groups"] == [] and narrowed["group_by"] == []
    # The default period is the last 30 days: none of these calls.
    assert client.get(URL, headers=headers).json()["totals"]["calls"] == 0


def test_members_see_only_their_own_usage(
    client: TestClient, instance: Instance, workspace: tuple[Member, Member]
) -> None:
    admin, editor = workspace
    headers = key_headers(instance, editor)
    own = client.get(URL, params={**PERIOD, "group_by": "user,day"}, headers=headers).json()
    assert own["totals"] == figures(2, 240, 100, 0.25, 0, 1, 225.0)
    assert [(g["user_id"], g["day"]) for g in own["groups"]] == [
        (str(editor.user_id), "2025-03-01"),
        (str(editor.user_id), "2025-03-02"),
    ]
    named = client.get(URL, params={**PERIOD, "user_id": str(editor.user_id)}, headers=headers)
    assert named.json()["totals"] == own["totals"]
    theirs = client.get(URL, params={**PERIOD, "user_id": str(admin.user_id)}, headers=headers)
    assert theirs.status_code == 403
    assert "only admins and owners" in theirs.json()["detail"]


INVALID = [
    ({"since": "2025-03-02T00:00:00Z", "until": "2025-03-01T00:00:00Z"}, "later than since"),
    ({"since": "2025-03-01T00:00:00Z", "until": "2025-03-01T00:00:00Z"}, "later than since"),
    ({"since": "2024-01-01T00:00:00Z", "until": "2025-01-03T00:00:00Z"}, "more than 366"),
    ({"since": "2999-01-01T00:00:00Z"}, "later than since"),
    ({"until": "0001-01-02T00:00:00Z"}, "too early"),
    ({"since": "0001-01-01T00:00:00+01:00"}, "out of range"),
    ({"since": "yesterday"}, "RFC 3339"),
    ({"until": "1714521600"}, "RFC 3339"),
    ({"since": "2025-03-01"}, "RFC 3339"),
    ({"since": "2025-03-01T00:00:00"}, "RFC 3339"),
    ({"group_by": "week"}, "match pattern"),
    ({"group_by": "day,"}, "match pattern"),
    ({"model": "gpt-4o"}, "match pattern"),
    ({"user_id": "me"}, "valid UUID"),
    ({"page": "2"}, "Extra inputs"),
]


@pytest.mark.parametrize("backend", ["sqlite"])  # refused before the database is asked
def test_invalid_queries_are_refused(
    client: TestClient, instance: Instance, make_member: MakeMember
) -> None:
    headers = key_headers(instance, make_member())
    for params, message in INVALID:
        response = client.get(URL, params=params, headers=headers)
        assert response.status_code == 422, params
        assert response.headers["content-type"] == "application/problem+json"
        assert message in response.json()["errors"][0]["message"], params
