"""``/api/v1/flows``: saved flows with append-only versions, and the read-only master templates.

Viewers read, editors create, rename and add versions, admins delete. The master
templates (the flows shipped with Presswright) can be read and copied into the workspace,
never changed: they have no write routes, so any other method on them answers 405.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, status
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from presswright.api.context import ApiContext, ContextDep
from presswright.api.principals import (
    AdminPrincipal,
    EditorPrincipal,
    Principal,
    ViewerPrincipal,
)
from presswright.api.problems import problem_responses
from presswright.api.routes import API_PREFIX
from presswright.api.throttles import GenerationPrincipal
from presswright.content.master_templates import (
    copy_master_template,
    master_template,
    master_template_names,
)
from presswright.flows import operations
from presswright.flows.library import (
    EXAMPLE_SPEC,
    FlowCreate,
    add_flow_version,
    create_flow,
    flow_spec,
    runnable_spec,
)
from presswright.flows.operations import RunStatus
from presswright.flows.records import FINISHED
from presswright.flows.registry import node_types
from presswright.flows.spec import FlowSpec
from presswright.flows.validation import problems_from_pydantic, validate_spec
from presswright.store.flows import (
    NO_NUL,
    FlowDescription,
    FlowName,
    FlowUpdate,
    delete_flow,
    get_flow,
    get_flow_version,
    list_flow_versions,
    list_flows,
    update_flow,
)
from presswright.store.models import Flow, FlowVersion

__all__ = ["MAX_INT", "router"]

router = APIRouter(
    prefix=f"{API_PREFIX}/flows", tags=["flows"], responses=problem_responses(401, 403, 422)
)

MAX_INT = 2_147_483_647  # versions, caps and offsets are 32-bit integers in the database
TemplateName = Annotated[
    str, Path(pattern=r"^[a-z][a-z0-9_-]{0,63}$", description="A master template's name.")
]
FlowId = Annotated[uuid.UUID, Path(description="The flow's id.")]


class FlowPublic(BaseModel):
    """A saved flow: its name, description and latest version number."""

    id: uuid.UUID
    name: str
    description: str | None
    latest_version: int
    created_by: uuid.UUID | None
    created_at: datetime
    updated_at: datetime


class FlowDetail(FlowPublic):
    """A saved flow with the spec of its latest version."""

    spec: FlowSpec


class FlowPage(BaseModel):
    """A page of saved flows, the number matching, and the offset of the next page."""

    items: list[FlowPublic]
    total: int
    next_offset: int | None


class FlowVersionCreate(BaseModel):
    """The spec of a new version, and a note about what changed."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"spec": EXAMPLE_SPEC, "note": "friendlier greeting"}]},
    )

    spec: FlowSpec = Field(description="The spec; its name and version are set by the flow.")
    note: str | None = Field(default=None, max_length=500, pattern=NO_NUL)


class FlowVersionSummary(BaseModel):
    """One version of a saved flow, as listed."""

    flow_id: uuid.UUID
    version: int
    note: str | None
    created_by: uuid.UUID | None
    created_at: datetime


class FlowVersionPublic(FlowVersionSummary):
    """One version of a saved flow with its spec (which never changes)."""

    spec: FlowSpec


class FlowExecutionCreate(BaseModel):
    """Inputs of a run of a saved flow, which version to run, and how long to wait for it."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"inputs": {"who": "Ada"}, "wait": 5}]}
    )

    inputs: dict[str, Any] = Field(default_factory=dict)
    version: int | None = Field(default=None, ge=1, le=MAX_INT, description="Default: latest.")
    token_cap: int | None = Field(default=None, ge=1, le=MAX_INT)
    wait: float = Field(
        default=0, ge=0, le=60, description="Seconds to wait for the run to finish (200 if it did)."
    )


class MasterTemplateSummary(BaseModel):
    """A flow shipped with Presswright: its name, description and inputs."""

    name: str
    description: str
    version: int
    inputs: dict[str, Any] = Field(description="The inputs as one JSON Schema object.")


class MasterTemplate(MasterTemplateSummary):
    """A master template with its whole spec."""

    spec: FlowSpec


class TemplateCopy(BaseModel):
    """Name and description of the copy (default: the template's)."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"name": "my-article"}]}
    )

    name: FlowName | None = None
    description: FlowDescription | None = None


class NodeTypePublic(BaseModel):
    """A registered node type: what it does and the JSON Schema of its config."""

    name: str
    kind: str = Field(description="task, map (fan-out) or review (pause for a person).")
    description: str
    config_schema: dict[str, Any] = Field(description="JSON Schema of the node's config.")


class SpecCheck(BaseModel):
    """A flow spec to check without saving or running it."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"spec": EXAMPLE_SPEC}]}
    )

    spec: dict[str, Any] = Field(description="The spec, checked as saving it would check it.")


class SpecProblem(BaseModel):
    """One problem of a spec: where (``node 'outline'``, ``edge a->b``, ``nodes[2].id``)."""

    where: str = Field(examples=["node 'outline'"])
    message: str


class SpecCheckResult(BaseModel):
    """Every problem of the spec; none means saving it would pass the check."""

    valid: bool
    problems: list[SpecProblem]


def _public(flow: Flow) -> FlowPublic:
    return FlowPublic(
        id=flow.id,
        name=flow.name,
        description=flow.description,
        latest_version=flow.latest_version,
        created_by=flow.created_by,
        created_at=flow.created_at,
        updated_at=flow.updated_at,
    )


def _detail(flow: Flow, latest: FlowVersion) -> FlowDetail:
    return FlowDetail(**_public(flow).model_dump(), spec=flow_spec(flow, latest))


def _version_summary(row: FlowVersion) -> FlowVersionSummary:
    return FlowVersionSummary(
        flow_id=row.flow_id,
        version=row.version,
        note=row.note,
        created_by=row.created_by,
        created_at=row.created_at,
    )


def _template_summary(spec: FlowSpec) -> MasterTemplateSummary:
    return MasterTemplateSummary(
        name=spec.name,
        description=spec.description,
        version=spec.version,
        inputs=spec.input_schema(),
    )


@router.get("/node-types")
def list_node_types(principal: ViewerPrincipal) -> list[NodeTypePublic]:
    """Every node type a flow can use (built-in and from plugins), with its config schema."""
    return [
        NodeTypePublic(
            name=name,
            kind=node_type.kind,
            description=node_type.description,
            config_schema=node_type.Config.model_json_schema(),
        )
        for name, node_type in sorted(node_types().items())
    ]


@router.post("/validate")
def validate_flow_spec(body: SpecCheck, principal: ViewerPrincipal) -> SpecCheckResult:
    """Check a spec as saving it would, without saving or running anything.

    Answers 200 either way: ``problems`` lists every one, each naming the node, edge,
    input or output it is about (or the field path, for a spec of the wrong shape).
    """
    try:
        spec = FlowSpec.model_validate(body.spec)
    except ValidationError as error:
        found = problems_from_pydantic(error)
    else:
        found = validate_spec(spec)
    problems = [SpecProblem(where=item.where, message=item.message) for item in found]
    return SpecCheckResult(valid=not problems, problems=problems)


@router.get("/templates")
def list_templates(principal: ViewerPrincipal) -> list[MasterTemplateSummary]:
    """The master templates: flows shipped with Presswright, shared and read-only."""
    return [_template_summary(master_template(name)) for name in master_template_names()]


@router.get("/templates/{name}", responses=problem_responses(404))
def get_template(name: TemplateName, principal: ViewerPrincipal) -> MasterTemplate:
    """One master template with its spec; copy it to change it."""
    spec = master_template(name)
    return MasterTemplate(**_template_summary(spec).model_dump(), spec=spec)


@router.post(
    "/templates/{name}/copy",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(404, 409),
)
def copy_template(
    name: TemplateName,
    principal: EditorPrincipal,
    context: ContextDep,
    body: TemplateCopy | None = None,
) -> FlowDetail:
    """Save a master template as a flow of this workspace (409 if the name is taken)."""
    wanted = body or TemplateCopy()
    with context.instance.database.tenant_session(principal.tenant_id) as session:
        flow = copy_master_template(
            session,
            template=name,
            name=wanted.name,
            description=wanted.description,
            user_id=principal.user_id,
        )
        return _detail(flow, get_flow_version(session, flow=flow))


@router.post("", status_code=status.HTTP_201_CREATED, responses=problem_responses(409))
def create_saved_flow(
    body: FlowCreate, principal: EditorPrincipal, context: ContextDep
) -> FlowDetail:
    """Save a flow; its spec (checked first: 422 lists every problem) becomes version 1."""
    with context.instance.database.tenant_session(principal.tenant_id) as session:
        flow = create_flow(session, data=body, user_id=principal.user_id)
        return _detail(flow, get_flow_version(session, flow=flow))


@router.get("")
def list_saved_flows(
    principal: ViewerPrincipal,
    context: ContextDep,
    q: Annotated[
        str | None, Query(max_length=100, pattern=NO_NUL, description="Part of the name.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_INT)] = 0,
) -> FlowPage:
    """The workspace's saved flows by name, optionally those whose name contains ``q``."""
    with context.instance.database.tenant_session(principal.tenant_id) as session:
        flows, total = list_flows(session, query=q, limit=limit, offset=offset)
        following = offset + len(flows)
        return FlowPage(
            items=[_public(flow) for flow in flows],
            total=total,
            next_offset=following if flows and following < total else None,
        )


@router.get("/{flow_id}", responses=problem_responses(404))
def get_saved_flow(flow_id: FlowId, principal: ViewerPrincipal, context: ContextDep) -> FlowDetail:
    """A saved flow with the spec of its latest version."""
    with context.instance.database.tenant_session(principal.tenant_id) as session:
        flow = get_flow(session, flow_id=flow_id)
        return _detail(flow, get_flow_version(session, flow=flow))


@router.patch("/{flow_id}", responses=problem_responses(404, 409))
def update_saved_flow(
    flow_id: FlowId, body: FlowUpdate, principal: EditorPrincipal, context: ContextDep
) -> FlowPublic:
    """Rename a saved flow or change its description; its versions stay as they are."""
    with context.instance.database.tenant_session(principal.tenant_id) as session:
        return _public(update_flow(session, flow_id=flow_id, data=body))


@router.delete(
    "/{flow_id}", status_code=status.HTTP_204_NO_CONTENT, responses=problem_responses(404)
)
def delete_saved_flow(flow_id: FlowId, principal: AdminPrincipal, context: ContextDep) -> Response:
    """Delete a saved flow and all its versions; executions keep their own snapshots."""
    with context.instance.database.tenant_session(principal.tenant_id) as session:
        delete_flow(session, flow_id=flow_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/{flow_id}/versions",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(404, 409),
)
def add_saved_flow_version(
    flow_id: FlowId, body: FlowVersionCreate, principal: EditorPrincipal, context: ContextDep
) -> FlowVersionPublic:
    """Append a version (its spec checked first); earlier versions never change."""
    with context.instance.database.tenant_session(principal.tenant_id) as session:
        row = add_flow_version(
            session, flow_id=flow_id, spec=body.spec, note=body.note, user_id=principal.user_id
        )
        flow = get_flow(session, flow_id=flow_id)
        return FlowVersionPublic(**_version_summary(row).model_dump(), spec=flow_spec(flow, row))


@router.get("/{flow_id}/versions", responses=problem_responses(404))
def list_saved_flow_versions(
    flow_id: FlowId, principal: ViewerPrincipal, context: ContextDep
) -> list[FlowVersionSummary]:
    """Every version of a saved flow, newest first."""
    with context.instance.database.tenant_session(principal.tenant_id) as session:
        return [_version_summary(row) for row in list_flow_versions(session, flow_id=flow_id)]


@router.get("/{flow_id}/versions/{version}", responses=problem_responses(404))
def get_saved_flow_version(
    flow_id: FlowId,
    version: Annotated[int, Path(ge=1, le=MAX_INT)],
    principal: ViewerPrincipal,
    context: ContextDep,
) -> FlowVersionPublic:
    """One version of a saved flow with its spec."""
    with context.instance.database.tenant_session(principal.tenant_id) as session:
        flow = get_flow(session, flow_id=flow_id)
        row = get_flow_version(session, flow=flow, version=version)
        return FlowVersionPublic(**_version_summary(row).model_dump(), spec=flow_spec(flow, row))


def _saved_spec(
    context: ApiContext, principal: Principal, flow_id: uuid.UUID, version: int | None
) -> FlowSpec:
    with context.instance.database.tenant_session(principal.tenant_id) as session:
        return runnable_spec(session, flow=flow_id, version=version)


@router.post(
    "/{flow_id}/executions",
    status_code=status.HTTP_202_ACCEPTED,
    responses={
        **problem_responses(404, 429),
        200: {"model": RunStatus, "description": "The run finished within `wait`."},
        202: {
            "description": "The run is under way: its status now.",
            "headers": {
                "Location": {
                    "description": "The execution: /api/v1/executions/{id}.",
                    "schema": {"type": "string"},
                }
            },
        },
    },
)
async def execute_saved_flow(
    flow_id: FlowId,
    body: FlowExecutionCreate,
    principal: GenerationPrincipal,
    context: ContextDep,
    response: Response,
) -> RunStatus:
    """Run a version of a saved flow (default: the latest) on a snapshot of its spec.

    Invalid inputs answer 422 naming each input. With ``wait``, the answer waits up to that
    many seconds: 200 with the final status if the run finished, else 202.
    """
    spec = await run_in_threadpool(_saved_spec, context, principal, flow_id, body.version)
    execution_id = await operations.start(
        context.instance,
        tenant_id=principal.tenant_id,
        spec=spec,
        inputs=body.inputs,
        user_id=principal.user_id,
        token_cap=body.token_cap,
        runtime=context.runtime,
    )
    current = await operations.wait_until_settled(
        context.instance,
        tenant_id=principal.tenant_id,
        execution_id=execution_id,
        timeout=body.wait,
    )
    if current.status in FINISHED:
        response.status_code = status.HTTP_200_OK
    else:
        response.headers["Location"] = f"{API_PREFIX}/executions/{execution_id}"
    return current
