"""The Lekhika worker routes at ``/api/v1``: execute, status, stop, resume, regenerate, logs.

They are what a Lekhika worker exposes, with the same meanings, for clients written
against it (a WordPress plugin, a script): they authenticate with an API key, never with a
person's access token.
"""

from __future__ import annotations

import time
import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Response, status
from pydantic import BaseModel, ConfigDict, Field, model_validator
from starlette.concurrency import run_in_threadpool

from presswright import __version__
from presswright.api.context import ApiContext, ContextDep
from presswright.api.principals import EditorPrincipal, Principal, ViewerPrincipal
from presswright.api.problems import problem_responses
from presswright.api.request_log import mask_secrets
from presswright.api.routes import API_PREFIX
from presswright.api.routes.flows import MAX_INT
from presswright.api.throttles import GenerationPrincipal
from presswright.errors import PermissionDeniedError
from presswright.flows import operations
from presswright.flows.library import EXAMPLE_SPEC, runnable_spec
from presswright.flows.operations import RunStatus
from presswright.flows.spec import NODE_ID, FlowSpec
from presswright.flows.status import status_json
from presswright.store.flows import FlowName, recent_execution_events

__all__ = ["router"]

router = APIRouter(prefix=API_PREFIX, tags=["worker"], responses=problem_responses(401, 403, 422))


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


ViewerKey = Annotated[Principal, Depends(viewer_key)]
EditorKey = Annotated[Principal, Depends(editor_key)]
GenerationKey = Annotated[Principal, Depends(generation_key)]
ExecutionId = Annotated[uuid.UUID, Path(description="The execution's id.")]


class ExecuteRequest(BaseModel):
    """What to run (exactly one of ``flow_id``, ``flow_name`` or ``spec``) and its inputs."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"spec": EXAMPLE_SPEC, "inputs": {"who": "Ada"}},
                {"flow_name": "greeting", "version": 1, "inputs": {"who": "Ada"}},
            ]
        },
    )

    flow_id: uuid.UUID | None = Field(default=None, description="A saved flow, by id.")
    flow_name: FlowName | None = Field(default=None, description="A saved flow, by name.")
    version: int | None = Field(
        default=None, ge=1, le=MAX_INT, description="Of the saved flow; default: the latest."
    )
    spec: FlowSpec | None = Field(default=None, description="An inline flow spec.")
    inputs: dict[str, Any] = Field(default_factory=dict)
    token_cap: int | None = Field(default=None, ge=1, le=MAX_INT)

    @model_validator(mode="after")
    def _one_flow(self) -> ExecuteRequest:
        given = [self.flow_id is not None, self.flow_name is not None, self.spec is not None]
        if sum(given) != 1:
            raise ValueError("give exactly one of flow_id, flow_name or spec")
        if self.version is not None and self.spec is not None:
            raise ValueError("version picks a version of a saved flow; drop it for a spec")
        return self


class ExecutionAccepted(BaseModel):
    """A started execution: its id and its status now."""

    execution_id: str
    status: str


class ResumeRequest(BaseModel):
    """A failed or cancelled execution to continue, optionally with a new token cap."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"execution_id": "0b7e6c1e-3c0b-4f4e-9b7e-4c2d1a9f5e21"}]},
    )

    execution_id: uuid.UUID
    token_cap: int | None = Field(default=None, ge=1, le=MAX_INT)


class RegenerateRequest(BaseModel):
    """A node of a finished execution to run again (with config overrides), and its descendants."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "execution_id": "0b7e6c1e-3c0b-4f4e-9b7e-4c2d1a9f5e21",
                    "node_id": "hello",
                    "overrides": {"template": "Hi {{ inputs.who }}"},
                }
            ]
        },
    )

    execution_id: uuid.UUID
    node_id: str = Field(pattern=NODE_ID)
    overrides: dict[str, Any] | None = Field(
        default=None, description="Config values of the node to change."
    )


class ExecutionCounts(BaseModel):
    """How many of the workspace's executions wait, run and pause for a review."""

    queued: int
    running: int
    paused: int


class WorkerState(BaseModel):
    """This server's worker: who runs executions here, since when, and the workspace's load."""

    executor_id: str | None = Field(
        description="The executor id of the in-process runtime; null when another process's"
        " worker runs the executions."
    )
    runtime_running: bool = Field(description="Whether a runtime runs in this process.")
    version: str
    uptime_seconds: float
    executions: ExecutionCounts


class ExecutionLogEntry(BaseModel):
    """One event of an execution: a node attempt (with its node id), or the execution's state."""

    at: datetime
    execution_id: str
    flow: str
    node_id: str | None
    attempt: int | None
    status: str
    latency_ms: float | None
    error: str | None


def _execute_spec(context: ApiContext, principal: Principal, body: ExecuteRequest) -> FlowSpec:
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
    "/execute", status_code=status.HTTP_202_ACCEPTED, responses=problem_responses(404, 429)
)
async def execute(
    body: ExecuteRequest, principal: GenerationKey, context: ContextDep
) -> ExecutionAccepted:
    """Start an execution of a saved flow (by id or name, at a version) or of an inline spec."""
    spec = await run_in_threadpool(_execute_spec, context, principal, body)
    execution_id = await operations.start(
        context.instance,
        tenant_id=principal.tenant_id,
        spec=spec,
        inputs=body.inputs,
        user_id=principal.user_id,
        token_cap=body.token_cap,
        runtime=context.runtime,
    )
    current = await run_in_threadpool(_status, context, principal, uuid.UUID(execution_id))
    return ExecutionAccepted(execution_id=execution_id, status=current.status)


@router.get("/status")
def worker_state(principal: ViewerKey, context: ContextDep) -> WorkerState:
    """The worker's state: executor id, runtime, version, uptime, and executions by status."""
    runtime = context.runtime
    counts = {
        state: operations.count_executions(
            context.instance, tenant_id=principal.tenant_id, status=state
        )
        for state in ("queued", "running", "paused")
    }
    return WorkerState(
        executor_id=runtime.executor_id if runtime is not None else None,
        runtime_running=runtime is not None and runtime.launched,
        version=__version__,
        uptime_seconds=round(time.monotonic() - context.started, 3),
        executions=ExecutionCounts(**counts),
    )


@router.get("/status/{execution_id}", response_model=RunStatus, responses=problem_responses(404))
async def execution_status(
    execution_id: ExecutionId, principal: ViewerKey, context: ContextDep
) -> Response:
    """The status document of an execution: status, progress, nodes, outputs, tokens.

    Polled: a finished run's document is built once and served again while unchanged.
    """
    body = await context.read(
        status_json, context.instance, tenant_id=principal.tenant_id, execution_id=str(execution_id)
    )
    return Response(body, media_type="application/json")


@router.post("/stop/{execution_id}", responses=problem_responses(404, 409))
def stop(execution_id: ExecutionId, principal: EditorKey, context: ContextDep) -> RunStatus:
    """Stop an execution; its finished nodes are kept for resume (409 if it already ended)."""
    return operations.stop(
        context.instance, tenant_id=principal.tenant_id, execution_id=str(execution_id)
    )


@router.post(
    "/resume", status_code=status.HTTP_202_ACCEPTED, responses=problem_responses(404, 409, 429)
)
async def resume(body: ResumeRequest, principal: GenerationKey, context: ContextDep) -> RunStatus:
    """Continue a failed or cancelled execution from its first unfinished node."""
    await operations.resume(
        context.instance,
        tenant_id=principal.tenant_id,
        execution_id=str(body.execution_id),
        token_cap=body.token_cap,
        runtime=context.runtime,
    )
    return await run_in_threadpool(_status, context, principal, body.execution_id)


@router.post(
    "/regenerate",
    status_code=status.HTTP_202_ACCEPTED,
    responses=problem_responses(400, 404, 409, 429),  # 400: no such node in the execution
)
async def regenerate(
    body: RegenerateRequest, principal: GenerationKey, context: ContextDep
) -> RunStatus:
    """Run one node of an ended execution again, and only the nodes downstream of it."""
    await operations.regenerate(
        context.instance,
        tenant_id=principal.tenant_id,
        execution_id=str(body.execution_id),
        node_id=body.node_id,
        overrides=body.overrides,
        runtime=context.runtime,
    )
    return await run_in_threadpool(_status, context, principal, body.execution_id)


@router.get("/logs")
def logs(
    principal: ViewerKey,
    context: ContextDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[ExecutionLogEntry]:
    """The workspace's most recent execution events, newest first (node attempts and states)."""
    with context.instance.database.tenant_session(principal.tenant_id) as session:
        events = recent_execution_events(session, limit=limit)
    return [
        ExecutionLogEntry(
            at=event.at,
            execution_id=event.execution_id,
            flow=event.flow,
            node_id=event.node_id,
            attempt=event.attempt,
            status=event.status,
            latency_ms=event.latency_ms,
            error=mask_secrets(event.error) if event.error else None,
        )
        for event in events
    ]
