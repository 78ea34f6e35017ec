"""Saved flows: checked specs, append-only versions, tenant walls, master templates, event log."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from presswright.bootstrap import Instance
from presswright.content.master_templates import (
    copy_master_template,
    master_template,
    master_template_names,
)
from presswright.errors import AlreadyExistsError, NotFoundError
from presswright.flows.library import (
    FlowCreate,
    add_flow_version,
    create_flow,
    flow_spec,
    runnable_spec,
)
from presswright.flows.problems import FlowValidationError
from presswright.flows.spec import FlowSpec
from presswright.store.flows import (
    FlowUpdate,
    delete_flow,
    get_flow,
    get_flow_by_name,
    get_flow_version,
    list_flow_versions,
    list_flows,
    recent_execution_events,
    update_flow,
)
from presswright.store.models import Execution, FlowVersion, NodeRun, utcnow
from presswright.store.tenancy import create_tenant


def greeting(template: str = "Hello {{ inputs.who }}", name: str = "anything") -> FlowSpec:
    """A one-node template flow; ``name`` is whatever the author wrote in the spec."""
    return FlowSpec.model_validate(
        {
            "name": name,
            "version": 7,
            "inputs": {"who": {"type": "string"}},
            "nodes": [{"id": "hello", "type": "template", "config": {"template": template}}],
        }
    )


@pytest.fixture
def tenants(instance: Instance) -> tuple[uuid.UUID, uuid.UUID]:
    with instance.database.system_session() as session:
        return create_tenant(session, name="A").id, create_tenant(session, name="B").id


def test_create_numbers_version_one_and_names_the_spec_after_the_flow(
    instance: Instance, tenants: tuple[uuid.UUID, uuid.UUID]
) -> None:
    a, _ = tenants
    with instance.database.tenant_session(a) as session:
        flow = create_flow(
            session,
            data=FlowCreate(name="  greeting ", description="hi", spec=greeting()),
            user_id=None,
        )
        flow_id = flow.id
    with instance.database.tenant_session(a) as session:
        flow = get_flow(session, flow_id=flow_id)
        assert (flow.name, flow.description, flow.latest_version) == ("greeting", "hi", 1)
        row = get_flow_version(session, flow=flow)
        # The stored spec itself carries the store's name and number, not the author's.
        assert (row.spec["name"], row.spec["version"]) == ("greeting", 1)
        assert flow_spec(flow, row).nodes[0].config["template"] == "Hello {{ inputs.who }}"
        assert get_flow_by_name(session, name="greeting").id == flow_id


def test_a_bad_spec_is_refused_with_every_problem_and_nothing_is_stored(
    instance: Instance, tenants: tuple[uuid.UUID, uuid.UUID]
) -> None:
    a, _ = tenants
    bad = FlowSpec.model_validate(
        {
            "name": "bad",
            "nodes": [
                {"id": "one", "type": "no_such_type"},
                {"id": "two", "type": "template", "config": {"template": "{{ inputs.nope }}"}},
            ],
            "edges": [{"from": "two", "to": "ghost"}],
        }
    )
    with pytest.raises(FlowValidationError) as caught, instance.database.tenant_session(a) as s:
        create_flow(s, data=FlowCreate(name="bad", spec=bad), user_id=None)
    wheres = sorted(problem.where for problem in caught.value.problems)
    assert wheres == ["edge two->ghost", "node 'one'", "node 'two'"]
    with instance.database.tenant_session(a) as session:
        assert list_flows(session) == ([], 0)


def test_names_are_unique_per_tenant_and_must_not_be_blank(
    instance: Instance, tenants: tuple[uuid.UUID, uuid.UUID]
) -> None:
    a, b = tenants
    for tenant in (a, b):  # the same name in two workspaces is fine
        with instance.database.tenant_session(tenant) as session:
            create_flow(session, data=FlowCreate(name="same", spec=greeting()), user_id=None)
    with pytest.raises(AlreadyExistsError), instance.database.tenant_session(a) as session:
        create_flow(session, data=FlowCreate(name="same", spec=greeting()), user_id=None)
    with instance.database.tenant_session(a) as session:
        other = create_flow(session, data=FlowCreate(name="other", spec=greeting()), user_id=None)
        with pytest.raises(AlreadyExistsError):
            update_flow(session, flow_id=other.id, data=FlowUpdate(name="same"))
    for name in ("   ", "tab\there", "nul\x00"):
        with pytest.raises(ValidationError):
            FlowCreate(name=name, spec=greeting())


def test_versions_are_appended_and_never_change(
    instance: Instance, tenants: tuple[uuid.UUID, uuid.UUID]
) -> None:
    a, _ = tenants
    with instance.database.tenant_session(a) as session:
        flow_id = create_flow(
            session, data=FlowCreate(name="greeting", spec=greeting()), user_id=None
        ).id
    with instance.database.tenant_session(a) as session:
        second = add_flow_version(
            session, flow_id=flow_id, spec=greeting("Hi {{ inputs.who }}"), note="v2", user_id=None
        )
        assert (second.version, second.note, second.spec["version"]) == (2, "v2", 2)
        with pytest.raises(FlowValidationError):
            add_flow_version(
                session, flow_id=flow_id, spec=greeting("{{ nope }}"), note=None, user_id=None
            )
    with instance.database.tenant_session(a) as session:
        flow = get_flow(session, flow_id=flow_id)
        assert flow.latest_version == 2
        assert [row.version for row in list_flow_versions(session, flow_id=flow_id)] == [2, 1]
        first = flow_spec(flow, get_flow_version(session, flow=flow, version=1))
        assert first.nodes[0].config["template"] == "Hello {{ inputs.who }}"
        latest = runnable_spec(session, flow="greeting")
        assert (latest.version, latest.nodes[0].config["template"]) == (2, "Hi {{ inputs.who }}")
        assert runnable_spec(session, flow=flow_id, version=1).version == 1
        with pytest.raises(NotFoundError, match="no version 3"):
            get_flow_version(session, flow=flow, version=3)
        # A rename shows in every version's spec; the stored rows stay as they were.
        update_flow(session, flow_id=flow_id, data=FlowUpdate(name="welcome", description=None))
        assert runnable_spec(session, flow=flow_id, version=1).name == "welcome"
        rows = session.query(FlowVersion).order_by(FlowVersion.version).all()
        assert [row.spec["name"] for row in rows] == ["greeting", "greeting"]


def test_listing_filters_by_name_part_and_pages(
    instance: Instance, tenants: tuple[uuid.UUID, uuid.UUID]
) -> None:
    a, b = tenants
    with instance.database.tenant_session(a) as session:
        for name in ("News_letter", "newsroom", "50% off", "blog"):
            create_flow(session, data=FlowCreate(name=name, spec=greeting()), user_id=None)
    with instance.database.tenant_session(b) as session:
        create_flow(session, data=FlowCreate(name="news-b", spec=greeting()), user_id=None)
    with instance.database.tenant_session(a) as session:
        found, total = list_flows(session, query="NEWS")
        assert ([f.name for f in found], total) == (["News_letter", "newsroom"], 2)
        # LIKE wildcards in the query are taken literally.
        assert [f.name for f in list_flows(session, query="s_l")[0]] == ["News_letter"]
        assert [f.name for f in list_flows(session, query="%")[0]] == ["50% off"]
        page, total = list_flows(session, limit=2, offset=1)
        assert ([f.name for f in page], total) == (["News_letter", "blog"], 4)


def test_another_tenant_sees_nothing_and_can_change_nothing(
    instance: Instance, tenants: tuple[uuid.UUID, uuid.UUID]
) -> None:
    a, b = tenants
    with instance.database.tenant_session(a) as session:
        flow_id = create_flow(
            session, data=FlowCreate(name="mine", spec=greeting()), user_id=None
        ).id
    with instance.database.tenant_session(b) as session:
        assert list_flows(session) == ([], 0)
        for attempt in (
            lambda: get_flow(session, flow_id=flow_id),
            lambda: get_flow_by_name(session, name="mine"),
            lambda: list_flow_versions(session, flow_id=flow_id),
            lambda: update_flow(session, flow_id=flow_id, data=FlowUpdate(name="theirs")),
            lambda: add_flow_version(
                session, flow_id=flow_id, spec=greeting(), note=None, user_id=None
            ),
            lambda: delete_flow(session, flow_id=flow_id),
        ):
            with pytest.raises(NotFoundError):
                attempt()
    with instance.database.tenant_session(a) as session:
        assert get_flow(session, flow_id=flow_id).latest_version == 1
        delete_flow(session, flow_id=flow_id)
    with instance.database.tenant_session(a) as session:
        assert list_flows(session) == ([], 0)
        assert session.query(FlowVersion).count() == 0


def test_master_templates_are_the_shipped_flows_and_copy_into_a_tenant(
    instance: Instance, tenants: tuple[uuid.UUID, uuid.UUID]
) -> None:
    a, _ = tenants
    assert master_template_names() == ["article", "book", "pattern", "product", "site"]
    assert master_template("article").nodes[0].id == "brief"
    with pytest.raises(NotFoundError, match="article, book, pattern, product"):
        master_template("../service")
    with instance.database.tenant_session(a) as session:
        copy = copy_master_template(session, template="article", user_id=None)
        renamed = copy_master_template(
            session, template="article", name="my-article", description="mine", user_id=None
        )
        with pytest.raises(AlreadyExistsError):
            copy_master_template(session, template="article", user_id=None)
        assert (copy.name, copy.description) == ("article", master_template("article").description)
        assert (renamed.name, renamed.description) == ("my-article", "mine")
        row = get_flow_version(session, flow=renamed)
        assert row.note == "copied from master template 'article'"
        assert flow_spec(renamed, row).nodes == master_template("article").nodes


def _execution(tenant_id: uuid.UUID, status: str, **values: Any) -> Execution:
    execution_id = str(uuid.uuid4())
    return Execution(
        id=execution_id,
        tenant_id=tenant_id,
        flow_name="greeting",
        flow_version=1,
        spec={},
        inputs={},
        status=status,
        workflow_id=f"{execution_id}-g0",
        **values,
    )


def test_recent_events_are_node_attempts_and_states_newest_first(
    instance: Instance, tenants: tuple[uuid.UUID, uuid.UUID]
) -> None:
    a, b = tenants
    start = utcnow() - timedelta(minutes=10)
    with instance.database.tenant_session(a) as session:
        done = _execution(
            a, "failed", error="node 'hello' failed", updated_at=start + timedelta(seconds=30)
        )
        session.add(done)
        session.flush()
        for attempt, status in ((1, "failed"), (2, "completed")):
            session.add(
                NodeRun(
                    execution_id=done.id,
                    node_id="hello",
                    generation=0,
                    attempt=attempt,
                    status=status,
                    input_hash="x",
                    latency_ms=12.5,
                    error="boom" if status == "failed" else None,
                    started_at=start + timedelta(seconds=attempt),
                    finished_at=start + timedelta(seconds=attempt, milliseconds=500),
                )
            )
        session.add(
            NodeRun(
                execution_id=done.id,
                node_id="open",
                generation=0,
                attempt=1,
                status="running",
                input_hash="y",
                started_at=start + timedelta(seconds=5),
            )
        )
    with instance.database.tenant_session(b) as session:
        session.add(_execution(b, "queued"))
    with instance.database.tenant_session(a) as session:
        events = recent_execution_events(session, limit=10)
        assert [(e.node_id, e.attempt, e.status) for e in events] == [
            (None, None, "failed"),  # the execution's own state, at its last change
            ("open", 1, "running"),
            ("hello", 2, "completed"),
            ("hello", 1, "failed"),
        ]
        assert {e.execution_id for e in events} == {done.id}
        assert events[1].latency_ms is None  # still running: no latency yet
        assert (events[3].latency_ms, events[3].error) == (12.5, "boom")
        assert [e.node_id for e in recent_execution_events(session, limit=2)] == [None, "open"]
