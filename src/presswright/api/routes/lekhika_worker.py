"""The Lekhika-compatible worker API at ``/api/v1``: execute, status, stop, resume, regenerate,
health, worker status, logs.

Lekhika's design (seed 003, "Frontend -> Worker") names eight worker endpoints and their
bodies; these routes take and answer them as written, beside the Presswright-native bodies
the same paths took first:

- a request body in Lekhika's words (``executionId``, ``workflow``, ``failedNode``, ...) gets an
  answer in Lekhika's words (``{success, executionId, result}``); a native body (``spec``,
  ``execution_id``, ``node_id``, ...) gets the native answer;
- a route without a body (``GET /status/{id}``, ``POST /stop/{id}``, ``GET /status``) answers
  the native document with Lekhika's members added (``success``, ``executionId``, ...);
- ``GET /logs`` and ``GET /health`` answer Lekhika's shapes (``/logs`` used to be a bare list:
  its entries are now under ``logs``, each with its former fields);
- errors are problem documents with Lekhika's ``success: false`` and ``error`` added.

Authentication stays Presswright's: an API key (``X-API-Key`` or ``Authorization: Bearer
pw_...``), never a person's access token. ``lekhikaApiKey`` in an ``/execute`` body is that API
key, read only when the request has no credential header; it is never stored or logged.
"""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response, status
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from presswright import __version__
from presswright.api.context import ApiContext, ContextDep
from presswright.api.envelopes import LekhikaRoute
from presswright.api.principals import EditorPrincipal, Principal, ViewerPrincipal
from presswright.api.problems import problem_responses
from presswright.api.request_log import mask_secrets
from presswright.api.routes import API_PREFIX
from presswright.api.routes.lekhika_answers import (
    ExecutionAccepted,
    ExecutionCounts,
    ExecutionLogEntry,
    ExecutionLogs,
    LekhikaExecuteAccepted,
    LekhikaHealth,
    LekhikaRegenerated,
    LekhikaResumed,
    LekhikaRunStatus,
    LekhikaStopped,
    MemoryUsage,
    WorkerState,
    memory_usage,
)
from presswright.api.routes.lekhika_requests import (
    ExecuteBody,
    ExecuteRequest,
    RegenerateBody,
    RegenerateRequest,
    ResumeBody,
    ResumeRequest,
)
from presswright.api.throttles import GenerationPrincipal
from presswright.errors import (
    PermissionDeniedError,
    StorageError,
)
from presswright.flows import operations
from presswright.flows.lekhika import check_resume_graph, lekhika_spec, regenerate_overrides
from presswright.flows.library import runnable_spec
from presswright.flows.operations import RunStatus
from presswright.flows.spec import FlowSpec
from presswright.flows.status import status_json
from presswright.store.flows import recent_execution_events

__all__ = ["router"]

router = APIRouter(
    prefix=API_PREFIX,
    tags=["worker"],
    route_class=LekhikaRoute,
    responses=problem_responses(401, 403, 422),
)


def _keyed(principal: Principal) -> Principal:
    if principal.via != "api_key":
        raise PermissionDeniedError(
            "the worker routes take an API key, not an access token",
            hint="create a key with POST /api/v1/api-keys and send it as X-API-Key",
        )
    return principal


async def viewer_key(principal: ViewerPrincipal) -> Principal:
    """A viewer (or above) calling with an API key; 403 for an access token."""
    return _keyed(principal)


async def editor_key(principal: EditorPrincipal) -> Principal:
    """An editor (or above) calling with an API key; 403 for an access token."""
    return _keyed(principal)


async def generation_key(principal: GenerationPrincipal) -> Principal:
    """An editor's API key within its generation budget; 403 for an access token."""
    return _keyed(principal)


async def body_key_as_header(request: Request) -> None:
    """Lekhika's ``lekhikaApiKey`` as the request's API key when no credential header is sent.

    It then goes through exactly the checks an ``X-API-Key`` header does (and the same
    credential cache). With a credential header, the header is the credential and the
    body's key is not read.
    """
    headers = request.headers
    if headers.get("x-api-key") or headers.get("authorization"):
        return
    try:
        body = await request.json()
    except ValueError:
        return  # the body's own validation answers
    key = body.get("lekhikaApiKey") if isinstance(body, dict) else None
    if not isinstance(key, str) or not key:
        return
    request.scope["headers"] = [*request.scope["headers"], (b"x-api-key", key.encode())]
    if hasattr(request, "_headers"):
        del request._headers  # Starlette caches the headers it read


ViewerKey = Annotated[Principal, Depends(viewer_key)]
EditorKey = Annotated[Principal, Depends(editor_key)]
GenerationKey = Annotated[Principal, Depends(generation_key)]
ExecutionId = Annotated[uuid.UUID, Path(description="The execution's id.")]


def _native_spec(context: ApiContext, principal: Principal, body: ExecuteRequest) -> FlowSpec:
    if body.spec is not None:
        return body.spec
    with context.instance.database.tenant_session(principal.tenant_id) as session:
        flow = body.flow_id if body.flow_id is not None else str(body.flow_name)
        return runnable_spec(session, flow=flow, version=body.version)


def _status(context: ApiContext, principal: Principal, execution_id: uuid.UUID) -> RunStatus:
    return operations.execution_status(
        context.instance, tenant_id=principal.tenant_id, execution_id=str(execution_id)
    )


@router.post(
    "/execute",
    status_code=status.HTTP_202_ACCEPTED,
    dependencies=[Depends(body_key_as_header)],
    responses=problem_responses(404, 409, 429),
)
async def execute(
    body: ExecuteBody, principal: GenerationKey, context: ContextDep
) -> ExecutionAccepted | LekhikaExecuteAccepted:
    """Start an execution: of a saved flow or inline spec, or Lekhika's workflow (React Flow).

    Lekhika's body: ``{executionId, lekhikaApiKey, userEngineId, masterEngineId, userId,
    workflow, inputs, options}``; its answer ``{success, executionId, result}``.
    """
    if isinstance(body, ExecuteRequest):
        spec = await run_in_threadpool(_native_spec, context, principal, body)
        inputs, token_cap, chosen_id = body.inputs, body.token_cap, None
    else:
        spec = await run_in_threadpool(
            partial(
                lekhika_spec,
                context.instance,
                tenant_id=principal.tenant_id,
                user_id=principal.user_id,
                workflow=body.workflow.model_dump() if body.workflow is not None else None,
                user_engine_id=body.userEngineId,
                master_engine_id=body.masterEngineId,
                sent_user_id=body.userId,
                execution_id=body.executionId,
                given_inputs=body.inputs,
            )
        )
        inputs, token_cap = body.inputs, body.token_cap()
        chosen_id = str(body.executionId) if body.executionId is not None else None
    execution_id = await operations.start(
        context.instance,
        tenant_id=principal.tenant_id,
        spec=spec,
        inputs=inputs,
        user_id=principal.user_id,
        token_cap=token_cap,
        runtime=context.runtime,
        execution_id=chosen_id,
    )
    current = await run_in_threadpool(_status, context, principal, uuid.UUID(execution_id))
    if isinstance(body, ExecuteRequest):
        return ExecutionAccepted(execution_id=execution_id, status=current.status)
    return LekhikaExecuteAccepted(executionId=execution_id, result=current)


def _running_cap(context: ApiContext) -> int | None:
    runtime = context.runtime
    return runtime.worker_concurrency if runtime is not None else None


@router.get("/status")
def worker_state(principal: ViewerKey, context: ContextDep) -> WorkerState:
    """The worker's state: executor id, runtime, version, uptime, executions by status, and
    Lekhika's ``{success, status, activeExecutions, maxConcurrent, capacity, uptime,
    memoryUsage}``."""
    runtime = context.runtime
    counts = {
        state: operations.count_executions(
            context.instance, tenant_id=principal.tenant_id, status=state
        )
        for state in ("queued", "running", "paused")
    }
    uptime = round(time.monotonic() - context.started, 3)
    cap = _running_cap(context)
    active = counts["running"]
    return WorkerState(
        executor_id=runtime.executor_id if runtime is not None else None,
        runtime_running=runtime is not None and runtime.launched,
        version=__version__,
        uptime_seconds=uptime,
        executions=ExecutionCounts(**counts),
        status="overloaded" if cap is not None and active >= cap else "healthy",
        activeExecutions=active,
        maxConcurrent=cap,
        capacity=f"{active}/{cap if cap is not None else 'unbounded'}",
        uptime=uptime,
        memoryUsage=MemoryUsage(**memory_usage()),
    )


@router.get(
    "/health",
    response_model=LekhikaHealth,
    responses={503: {"model": LekhikaHealth, "description": "The database cannot be reached."}},
)
def worker_health(context: ContextDep) -> Response:
    """Lekhika's worker health ``{status, timestamp, workerId, uptime, memory, version}``
    (no credentials; 503 and ``degraded`` when the database cannot be reached)."""
    try:
        context.instance.database.ping()
        reachable = True
    except StorageError:
        reachable = False
    runtime = context.runtime
    body = LekhikaHealth(
        status="healthy" if reachable else "degraded",
        timestamp=datetime.now(UTC),
        workerId=runtime.executor_id if runtime is not None else None,
        uptime=round(time.monotonic() - context.started, 3),
        memory=MemoryUsage(**memory_usage()),
        version=__version__,
        database="ok" if reachable else "unreachable",
    )
    return JSONResponse(body.model_dump(mode="json"), status_code=200 if reachable else 503)


@router.get(
    "/status/{execution_id}", response_model=LekhikaRunStatus, responses=problem_responses(404)
)
async def execution_status(
    execution_id: ExecutionId, principal: ViewerKey, context: ContextDep
) -> Response:
    """The status document of an execution (status, progress, nodes, outputs, tokens), with
    Lekhika's ``success`` and ``executionId``.

    Polled: a finished run's document is built once and served again while unchanged.
    """
    body = await context.read(
        status_json, context.instance, tenant_id=principal.tenant_id, execution_id=str(execution_id)
    )
    # The cached document is an object: Lekhika's members go in front of its own.
    prefix = f'{{"success":true,"executionId":"{execution_id}",'.encode()
    return Response(prefix + body[1:], media_type="application/json")


@router.post("/stop/{execution_id}", responses=problem_responses(404, 409))
def stop(execution_id: ExecutionId, principal: EditorKey, context: ContextDep) -> LekhikaStopped:
    """Stop an execution; its finished nodes are kept for resume (409 if it already ended)."""
    stopped = operations.stop(
        context.instance, tenant_id=principal.tenant_id, execution_id=str(execution_id)
    )
    return LekhikaStopped(
        **stopped.model_dump(),
        executionId=str(execution_id),
        message=f"execution {execution_id} stopped; its finished nodes are kept for /resume",
    )


@router.post(
    "/resume",
    status_code=status.HTTP_202_ACCEPTED,
    responses=problem_responses(404, 409, 429),
)
async def resume(
    body: ResumeBody, principal: GenerationKey, context: ContextDep
) -> RunStatus | LekhikaResumed:
    """Continue a failed or cancelled execution from its first unfinished node.

    Lekhika's body ``{executionId, nodes, edges, workflow}`` answers ``{success, executionId,
    result}``; nodes and edges (or workflow), when sent, must be the execution's own graph.
    """
    if isinstance(body, ResumeRequest):
        execution_id, token_cap = body.execution_id, body.token_cap
    else:
        await run_in_threadpool(
            partial(
                check_resume_graph,
                context.instance,
                tenant_id=principal.tenant_id,
                execution_id=str(body.executionId),
                graph=body.graph(),
            )
        )
        execution_id, token_cap = body.executionId, None
    await operations.resume(
        context.instance,
        tenant_id=principal.tenant_id,
        execution_id=str(execution_id),
        token_cap=token_cap,
        runtime=context.runtime,
    )
    current = await run_in_threadpool(_status, context, principal, execution_id)
    if isinstance(body, ResumeRequest):
        return current
    return LekhikaResumed(
        executionId=str(execution_id),
        message=f"execution {execution_id} resumes from its first unfinished node",
        result=current,
    )


@router.post(
    "/regenerate",
    status_code=status.HTTP_202_ACCEPTED,
    responses=problem_responses(400, 404, 409, 429),  # 400: no such node in the execution
)
async def regenerate(
    body: RegenerateBody, principal: GenerationKey, context: ContextDep
) -> RunStatus | LekhikaRegenerated:
    """Run one node of an ended execution again, and only the nodes downstream of it.

    Lekhika's body ``{executionId, failedNode, validationError, regeneratePrompt}`` answers
    ``{success, executionId, attempt}``.
    """
    if isinstance(body, RegenerateRequest):
        execution_id, node_id, overrides = body.execution_id, body.node_id, body.overrides
    else:
        execution_id = body.executionId
        node_id, overrides = await run_in_threadpool(
            partial(
                regenerate_overrides,
                context.instance,
                tenant_id=principal.tenant_id,
                execution_id=str(body.executionId),
                failed_node=body.failed_node_id(),
                validation_error=body.validationError,
                regenerate_prompt=body.regeneratePrompt,
            )
        )
    await operations.regenerate(
        context.instance,
        tenant_id=principal.tenant_id,
        execution_id=str(execution_id),
        node_id=node_id,
        overrides=overrides,
        runtime=context.runtime,
    )
    current = await run_in_threadpool(_status, context, principal, execution_id)
    if isinstance(body, RegenerateRequest):
        return current
    return LekhikaRegenerated(
        executionId=str(execution_id),
        attempt=current.generation,
        message=f"node {node_id!r} and the nodes after it run again",
    )


def _log_line(entry: dict[str, Any]) -> str:
    where = f" node {entry['node_id']} attempt {entry['attempt']}" if entry["node_id"] else ""
    error = f": {entry['error']}" if entry["error"] else ""
    return f"execution {entry['execution_id']} ({entry['flow']}){where} {entry['status']}{error}"


@router.get("/logs")
def logs(
    principal: ViewerKey,
    context: ContextDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> ExecutionLogs:
    """The workspace's most recent execution events, newest first (node attempts and states),
    as Lekhika's ``{success, logs, count, timestamp}``."""
    with context.instance.database.tenant_session(principal.tenant_id) as session:
        events = recent_execution_events(session, limit=limit)
    entries = []
    for event in events:
        fields: dict[str, Any] = {
            "at": event.at,
            "execution_id": event.execution_id,
            "flow": event.flow,
            "node_id": event.node_id,
            "attempt": event.attempt,
            "status": event.status,
            "latency_ms": event.latency_ms,
            "error": mask_secrets(event.error) if event.error else None,
        }
        entries.append(
            ExecutionLogEntry(
                **fields,
                timestamp=event.at,
                level="error" if event.error or event.status == "failed" else "info",
                message=_log_line(fields),
            )
        )
    return ExecutionLogs(logs=entries, count=len(entries), timestamp=datetime.now(UTC))
