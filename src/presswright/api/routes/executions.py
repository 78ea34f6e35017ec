"""``/api/v1/executions``: start a flow, list and read runs, follow them live, act on them.

Viewers read; editors stop runs and decide reviews; starting, resuming and regenerating
spend tokens, so they count against the caller's generation budget. Another workspace's
execution answers 404, exactly like one that does not exist.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator
from sqlalchemy import select

from presswright.api.context import ApiContext, ContextDep, context_of
from presswright.api.event_stream import (
    EventStreamResponse,
    progress_feeds,
    snapshot_events,
    snapshot_stream_doc,
)
from presswright.api.principals import EditorPrincipal, ViewerPrincipal
from presswright.api.problems import problem_responses
from presswright.api.request_log import mask_secrets
from presswright.api.routes import API_PREFIX
from presswright.api.throttles import GenerationPrincipal
from presswright.errors import NotFoundError
from presswright.flows import operations as ops
from presswright.flows.progress_feed import ProgressUpdate
from presswright.flows.records import FINISHED
from presswright.flows.spec import RUN_ID, FlowSpec
from presswright.flows.status import status_json
from presswright.store.models import Execution, ExecutionStatus, NodeRun

__all__ = ["router"]

router = APIRouter(
    prefix=f"{API_PREFIX}/executions",
    tags=["executions"],
    responses=problem_responses(400, 401, 403, 422),
)

MAX_TOKEN_CAP = 1_000_000_000
MAX_VERSION = 2**31 - 1  # the executions table stores it as a 32-bit integer
# RFC 3339, as JSON Schema's date-time means it: a time with an offset, nothing looser.
RFC3339 = r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$"
NO_NUL = r"^[^\x00]*$"  # PostgreSQL text cannot hold NUL characters

EXAMPLE_SPEC: dict[str, Any] = {
    "name": "greeting",
    "version": 1,
    "inputs": {"name": {"type": "string", "minLength": 1, "maxLength": 100}},
    "nodes": [
        {"id": "hello", "type": "template", "config": {"template": "Hello, {{ inputs.name }}!"}},
        {"id": "shout", "type": "template", "config": {"template": "{{ hello | upper }}"}},
    ],
    "edges": [{"from": "hello", "to": "shout"}],
}


def _rfc3339(value: object) -> object:
    """Only RFC 3339 text: Pydantic alone would also take bare numbers as Unix times."""
    if isinstance(value, str) and not re.fullmatch(RFC3339, value):
        raise ValueError("use an RFC 3339 date-time with an offset, e.g. 2025-01-31T09:00:00Z")
    return value


Timestamp = Annotated[datetime, BeforeValidator(_rfc3339)]
Comment = Annotated[str, Field(max_length=2000, pattern=NO_NUL)]


class ExecutionStart(BaseModel):
    """A flow to run: its spec inline, its inputs, a token cap, and how long to wait for it."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"spec": EXAMPLE_SPEC, "inputs": {"name": "Ada"}, "wait": 5}]
        },
    )
    spec: FlowSpec
    inputs: dict[str, Any] = Field(
        default_factory=dict, description="Values of the inputs the spec declares."
    )
    token_cap: int | None = Field(
        default=None, ge=1, le=MAX_TOKEN_CAP, description="Stop the run past this many tokens."
    )
    wait: float = Field(
        default=0,
        ge=0,
        le=60,
        description="Seconds to wait for the run to finish: 200 if it does in time, else 202.",
    )

    @field_validator("spec")
    @classmethod
    def _storable(cls, spec: FlowSpec) -> FlowSpec:
        if "\x00" in spec.name:
            raise ValueError("the flow name must not contain NUL characters")
        if spec.version > MAX_VERSION:
            raise ValueError(f"the flow version must be at most {MAX_VERSION}")
        return spec


class ExecutionPage(BaseModel):
    """One page of executions, newest first."""

    items: list[ops.ExecutionSummary]
    total: int = Field(description="Executions matching the filters, on all pages.")
    next_offset: int | None = Field(description="The offset of the next page; null on the last.")


class ExecutionResume(BaseModel):
    """Optionally a new token cap (a run stopped by its cap needs a higher one)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"token_cap": 5000}]})
    token_cap: int | None = Field(default=None, ge=1, le=MAX_TOKEN_CAP)


class NodeRegenerate(BaseModel):
    """The node to run again (with the nodes downstream of it), optionally reconfigured."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"node_id": "hello", "overrides": {"template": "Hi, {{ inputs.name }}!"}}]
        },
    )
    node_id: str = Field(
        pattern=RUN_ID,
        description="A node id, or one item of a map node as `node[index]` (e.g. `sections[2]`):"
        " that item alone runs again, then its map's result and what depends on it.",
    )
    overrides: dict[str, Any] | None = Field(
        default=None, max_length=100, description="Config values of the node to change."
    )


class ReviewApproval(BaseModel):
    """Approve the waiting review, optionally replacing the reviewed value."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"edits": "Hello, Ada Lovelace!", "comment": "fuller"}]},
    )
    edits: Any = Field(default=None, description="The value to go on with instead (any JSON).")
    comment: Comment | None = None


class ReviewRejection(BaseModel):
    """Reject the waiting review; the node fails and its on_error decides what follows."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"comment": "off-brand tone"}]}
    )
    comment: Comment | None = None


class NodeAttempt(BaseModel):
    """One attempt of one node (a map item's is ``node[3]``): its output, usage and error."""

    node_id: str
    generation: int = Field(description="0 for the first run; each regenerate adds one.")
    attempt: int
    status: str
    inputs: dict[str, Any] | None = Field(
        default=None,
        description="The node's config templates as rendered for this attempt, by field"
        " (an llm node's `prompt` is the text the model was sent); values past 20,000"
        " characters are cut. None for attempts that rendered nothing, or ran before"
        " inputs were kept.",
    )
    output: Any = None
    tokens_in: int
    tokens_out: int
    cost: float
    latency_ms: float
    error: str | None
    started_at: datetime
    finished_at: datetime | None


class ExecutionDetail(BaseModel):
    """What an execution ran (its spec snapshot and inputs) and every node attempt so far."""

    execution_id: str
    flow: str
    flow_version: int
    status: str
    spec: FlowSpec
    inputs: dict[str, Any]
    token_cap: int | None
    created_at: datetime
    finished_at: datetime | None
    attempts: list[NodeAttempt] = Field(description="Oldest first.")


_LOCATION = {
    "Location": {
        "description": "Where the execution's status document is.",
        "required": True,
        "schema": {"type": "string"},
    }
}
_ACCEPTED: dict[int | str, dict[str, Any]] = {
    202: {"description": "Accepted: the run goes on; follow it there.", "headers": _LOCATION}
}


def _accepted(response: Response, execution_id: str) -> None:
    """Answer 202 with the Location of the execution's status document."""
    response.status_code = 202
    response.headers["Location"] = f"{router.prefix}/{execution_id}"


def _accepted_status(
    context: ApiContext, tenant_id: uuid.UUID, execution_id: uuid.UUID, response: Response
) -> ops.RunStatus:
    """The status document, answered as 202 Accepted: the run goes on in the background."""
    _accepted(response, str(execution_id))
    return ops.execution_status(
        context.instance, tenant_id=tenant_id, execution_id=str(execution_id)
    )


@router.get("/{execution_id}", response_model=ops.RunStatus, responses=problem_responses(404))
async def get_execution(
    execution_id: uuid.UUID, principal: ViewerPrincipal, request: Request
) -> Response:
    """The status document: status, percent done, each node's state and runs, outputs, cost.

    Clients poll this: a finished run's document is built once and served again while its
    execution is unchanged (checked on every read, so never stale).
    """
    # The context straight from the app, not as a dependency: this is the route polled most
    # (and the router's first, so a poll is matched before the other routes are tried).
    context = context_of(request)
    body = await context.read(
        status_json,
        context.instance,
        tenant_id=principal.tenant_id,
        execution_id=str(execution_id),
    )
    return Response(body, media_type="application/json")


@router.get("/{execution_id}/detail", responses=problem_responses(404))
def get_execution_detail(
    execution_id: uuid.UUID, principal: ViewerPrincipal, context: ContextDep
) -> ExecutionDetail:
    """The spec and inputs the run was started with, and each node attempt with its output,
    tokens, cost, latency and error (what a node inspector shows)."""
    with context.instance.database.tenant_session(principal.tenant_id) as session:
        row = session.get(Execution, str(execution_id))
        if row is None:
            raise NotFoundError(
                f"no execution {execution_id} in this workspace", hint="list them to see valid ids"
            )
        attempts = session.scalars(
            select(NodeRun)
            .where(NodeRun.execution_id == row.id)
            .order_by(NodeRun.started_at, NodeRun.attempt)
        )
        return ExecutionDetail(
            execution_id=row.id,
            flow=row.flow_name,
            flow_version=row.flow_version,
            status=row.status,
            spec=FlowSpec.model_validate(row.spec),
            inputs=row.inputs,
            token_cap=row.token_cap,
            created_at=row.created_at,
            finished_at=row.finished_at,
            attempts=[
                NodeAttempt(
                    node_id=run.node_id,
                    generation=run.generation,
                    attempt=run.attempt,
                    status=run.status,
                    inputs=run.inputs,
                    output=run.output,
                    tokens_in=run.tokens_in,
                    tokens_out=run.tokens_out,
                    cost=run.cost,
                    latency_ms=run.latency_ms,
                    error=mask_secrets(run.error) if run.error else None,
                    started_at=run.started_at,
                    finished_at=run.finished_at,
                )
                for run in attempts
            ],
        )


@router.post(
    "",
    responses={202: {**_ACCEPTED[202], "model": ops.RunStatus}, **problem_responses(429)},
)
async def start_execution(
    body: ExecutionStart, principal: GenerationPrincipal, context: ContextDep, response: Response
) -> ops.RunStatus:
    """Validate the spec and inputs, then start the run (422 lists every problem).

    Answers 200 with the final status document if the run finishes within ``wait`` seconds;
    otherwise 202 with its status so far and a Location, as soon as ``wait`` runs out or the
    run pauses for a review.
    """
    execution_id = await ops.start(
        context.instance,
        tenant_id=principal.tenant_id,
        spec=body.spec,
        inputs=body.inputs,
        user_id=principal.user_id,
        token_cap=body.token_cap,
        runtime=context.runtime,
    )
    status = await ops.wait_until_settled(
        context.instance,
        tenant_id=principal.tenant_id,
        execution_id=execution_id,
        timeout=body.wait,
    )
    if status.status not in FINISHED:
        _accepted(response, execution_id)
    return status


@router.get("")
def list_executions(
    principal: ViewerPrincipal,
    context: ContextDep,
    status: Annotated[ExecutionStatus | None, Query(description="Only this status.")] = None,
    flow: Annotated[
        str | None,
        Query(min_length=1, max_length=100, pattern=NO_NUL, description="Only this flow name."),
    ] = None,
    created_after: Annotated[
        Timestamp | None, Query(description="Created at or after this time (RFC 3339).")
    ] = None,
    created_before: Annotated[
        Timestamp | None, Query(description="Created before this time (RFC 3339).")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
) -> ExecutionPage:
    """The workspace's executions, newest first, filtered and paged by offset."""
    wanted = status.value if status is not None else None
    instance, tenant = context.instance, principal.tenant_id
    items = ops.list_executions(
        instance,
        tenant_id=tenant,
        status=wanted,
        flow=flow,
        created_after=created_after,
        created_before=created_before,
        limit=limit,
        offset=offset,
    )
    total = ops.count_executions(
        instance,
        tenant_id=tenant,
        status=wanted,
        flow=flow,
        created_after=created_after,
        created_before=created_before,
    )
    end = offset + len(items)
    return ExecutionPage(items=items, total=total, next_offset=end if end < total else None)


_EVENTS_EXAMPLE = """\
id: 1
event: progress
data: {"execution_id": "...", "status": "running", "progress": 50, ...}

: keep-alive

id: 2
event: progress
data: {"execution_id": "...", "status": "completed", "progress": 100, ...}

id: 3
event: end
data: {"execution_id": "...", "status": "completed", "progress": 100, ...}

"""


@router.get(
    "/{execution_id}/events",
    # For the documentation only: a media type here would add a schema of the whole stream.
    response_class=StreamingResponse,
    responses={
        200: snapshot_stream_doc(
            "Server-sent events: `progress` with the status document each time it changes,"
            " then `end` with the final one; `: keep-alive` comments in between.",
            schema="RunStatus",
            example=_EVENTS_EXAMPLE,
        ),
        **problem_responses(404),
    },
)
async def follow_execution(
    execution_id: uuid.UUID,
    principal: ViewerPrincipal,
    request: Request,
    keepalive: Annotated[
        float, Query(ge=1, le=60, description="Seconds between keep-alive comments.")
    ] = 15,
) -> EventStreamResponse:
    """Follow a run live, as server-sent events, until it ends or pauses for a review.

    Each ``progress`` event carries the whole status document, so a client that reconnects
    misses nothing. ``end`` carries the final document: its ``status`` is completed, failed,
    cancelled, or paused (decide the review, then follow again). The stream stops when the
    client goes away. Every stream of a run shares one reader of it in this process.
    """
    feeds, tenant_id, run = progress_feeds(request), principal.tenant_id, str(execution_id)
    await feeds.check(tenant_id=tenant_id, execution_id=run)  # 404 now, before the stream
    updates = feeds.follow(tenant_id=tenant_id, execution_id=run)
    return EventStreamResponse(snapshot_events(updates, keep_alive=keepalive, render=_document))


def _document(update: ProgressUpdate) -> str:
    return update.json


@router.post("/{execution_id}/stop", responses=problem_responses(404, 409))
def stop_execution(
    execution_id: uuid.UUID, principal: EditorPrincipal, context: ContextDep
) -> ops.RunStatus:
    """Cancel a queued, running or paused run; its finished nodes are kept for a resume.

    409 if the run is already over.
    """
    return ops.stop(context.instance, tenant_id=principal.tenant_id, execution_id=str(execution_id))


@router.post(
    "/{execution_id}/resume",
    status_code=202,
    responses={**_ACCEPTED, **problem_responses(404, 409, 429)},
)
async def resume_execution(
    execution_id: uuid.UUID,
    principal: GenerationPrincipal,
    context: ContextDep,
    response: Response,
    body: ExecutionResume | None = None,
) -> ops.RunStatus:
    """Continue a failed or cancelled run from its first unfinished node (409 otherwise)."""
    await ops.resume(
        context.instance,
        tenant_id=principal.tenant_id,
        execution_id=str(execution_id),
        token_cap=body.token_cap if body is not None else None,
        runtime=context.runtime,
    )
    return _accepted_status(context, principal.tenant_id, execution_id, response)


@router.post(
    "/{execution_id}/regenerate",
    status_code=202,
    responses={**_ACCEPTED, **problem_responses(404, 409, 429)},
)
async def regenerate_node(
    execution_id: uuid.UUID,
    body: NodeRegenerate,
    principal: GenerationPrincipal,
    context: ContextDep,
    response: Response,
) -> ops.RunStatus:
    """Run one node again (with ``overrides`` merged into its config) and what depends on it.

    Every other node's stored output is reused. 400 if the flow has no such node, 409 while
    the run is queued, running or paused, 422 if the overrides make the node invalid.
    """
    await ops.regenerate(
        context.instance,
        tenant_id=principal.tenant_id,
        execution_id=str(execution_id),
        node_id=body.node_id,
        overrides=body.overrides,
        runtime=context.runtime,
    )
    return _accepted_status(context, principal.tenant_id, execution_id, response)


@router.post(
    "/{execution_id}/approve",
    status_code=202,
    responses={**_ACCEPTED, **problem_responses(404, 409)},
)
def approve_review(
    execution_id: uuid.UUID,
    principal: EditorPrincipal,
    context: ContextDep,
    response: Response,
    body: ReviewApproval | None = None,
) -> ops.RunStatus:
    """Approve the review the run is paused for; it goes on with ``edits`` if given (409 if
    it is not waiting for one)."""
    decision = body or ReviewApproval()
    ops.approve(
        context.instance,
        tenant_id=principal.tenant_id,
        execution_id=str(execution_id),
        edits=decision.edits,
        comment=decision.comment,
    )
    return _accepted_status(context, principal.tenant_id, execution_id, response)


@router.post(
    "/{execution_id}/reject",
    status_code=202,
    responses={**_ACCEPTED, **problem_responses(404, 409)},
)
def reject_review(
    execution_id: uuid.UUID,
    principal: EditorPrincipal,
    context: ContextDep,
    response: Response,
    body: ReviewRejection | None = None,
) -> ops.RunStatus:
    """Reject the review the run is paused for: the node fails, and its ``on_error`` decides
    what follows (409 if it is not waiting for one)."""
    ops.reject(
        context.instance,
        tenant_id=principal.tenant_id,
        execution_id=str(execution_id),
        comment=body.comment if body is not None else None,
    )
    return _accepted_status(context, principal.tenant_id, execution_id, response)
