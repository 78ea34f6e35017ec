"""``/api/v1/executions``: start a flow, list and read runs, follow them live, act on them.

Viewers read; editors stop runs and decide reviews; starting, resuming and regenerating
spend tokens, so they count against the caller's generation budget. Another workspace's
execution answers 404, exactly like one that does not exist.
"""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, FastAPI, Query, Request, Response
from fastapi.responses import StreamingResponse
from sqlalchemy import select

from presswright.api.context import ApiContext, ContextDep, context_of
from presswright.api.event_stream import (
    EventStreamResponse,
    progress_feeds,
    snapshot_events,
    snapshot_stream_doc,
)
from presswright.api.principals import (
    EditorPrincipal,
    ViewerPrincipal,
    caller_with_role,
    checks_role,
)
from presswright.api.problems import problem_responses
from presswright.api.request_log import mask_secrets
from presswright.api.routes import API_PREFIX
from presswright.api.routes.execution_bodies import (
    ACCEPTED,
    NO_NUL,
    ExecutionDetail,
    ExecutionPage,
    ExecutionResume,
    ExecutionStart,
    NodeAttempt,
    NodeRegenerate,
    ReviewApproval,
    ReviewRejection,
    Timestamp,
)
from presswright.api.throttles import GenerationPrincipal
from presswright.errors import NotFoundError
from presswright.flows import operations as ops
from presswright.flows.progress_feed import ProgressUpdate
from presswright.flows.records import FINISHED
from presswright.flows.spec import FlowSpec
from presswright.flows.status import status_json
from presswright.store.models import Execution, ExecutionStatus, NodeRun, Role

__all__ = ["add_status_route", "router"]

router = APIRouter(
    prefix=f"{API_PREFIX}/executions",
    tags=["executions"],
    responses=problem_responses(400, 401, 403, 422),
)


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


@checks_role
async def get_execution(execution_id: uuid.UUID, request: Request) -> Response:
    """The status document: status, percent done, each node's state and runs, outputs, cost.

    Clients poll this: a finished run's document is built once and served again while its
    execution is unchanged (checked on every read, so never stale).
    """
    # The caller and the context straight from the app, not as dependencies: this is the
    # route polled most (declared on the app itself, see add_status_route), and FastAPI
    # solving a dependency costs more than what it gives.
    principal = await caller_with_role(request, Role.VIEWER)
    context = context_of(request)
    body = await context.read(
        status_json,
        context.instance,
        tenant_id=principal.tenant_id,
        execution_id=str(execution_id),
    )
    return Response(body, media_type="application/json")


def add_status_route(app: FastAPI) -> None:
    """Declare the status poll on ``app``'s own router, ahead of every included router.

    It is the route clients poll, and FastAPI matches a route of an included router twice
    (the router, then its route) and checks the router's version on each; a route of the
    app is matched once. Path, tags, answers and operation id are what ``router`` would
    give it; call this before including ``router``.
    """
    app.add_api_route(
        f"{router.prefix}/{{execution_id}}",
        get_execution,
        methods=["GET"],
        response_model=ops.RunStatus,
        tags=list(router.tags),
        responses={**router.responses, **problem_responses(404)},
    )


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
    responses={202: {**ACCEPTED[202], "model": ops.RunStatus}, **problem_responses(429)},
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
    responses={**ACCEPTED, **problem_responses(404, 409, 429)},
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
    responses={**ACCEPTED, **problem_responses(404, 409, 429)},
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
    responses={**ACCEPTED, **problem_responses(404, 409)},
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
    responses={**ACCEPTED, **problem_responses(404, 409)},
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
