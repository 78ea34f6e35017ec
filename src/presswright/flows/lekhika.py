"""Lekhika's worker semantics over Presswright executions: what to run, what a resume may
send, what a regenerate with feedback changes.

Lekhika (seed 003) starts a run with a workflow (React Flow) or names a stored engine, may
resume with the graph it holds, and regenerates a failed node with the validation error and
a corrective prompt. These functions give those requests their Presswright meaning; the
API's Lekhika-compatible worker routes call them, and any other front door can.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from presswright.bootstrap import Instance
from presswright.errors import ConflictError, NotFoundError, PermissionDeniedError, UserInputError
from presswright.flows.library import runnable_spec
from presswright.flows.react_flow import literal_text, spec_from_react_flow, spec_node_id
from presswright.flows.records import get_execution
from presswright.flows.spec import FlowSpec

__all__ = ["check_resume_graph", "execution_spec", "lekhika_spec", "regenerate_overrides"]


def execution_spec(instance: Instance, *, tenant_id: uuid.UUID, execution_id: str) -> FlowSpec:
    """The spec snapshot an execution runs (NotFoundError in another workspace)."""
    with instance.database.tenant_session(tenant_id) as session:
        return FlowSpec.model_validate(get_execution(session, execution_id).spec)


def lekhika_spec(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    user_id: uuid.UUID,
    workflow: Mapping[str, Any] | None,
    user_engine_id: uuid.UUID | None = None,
    master_engine_id: uuid.UUID | None = None,
    sent_user_id: uuid.UUID | None = None,
    execution_id: uuid.UUID | None = None,
    given_inputs: Iterable[str] = (),
) -> FlowSpec:
    """The spec an ``/execute`` runs: the workflow sent, else the saved flow whose id is
    ``user_engine_id``, else ``master_engine_id``.

    PermissionDeniedError when ``sent_user_id`` is not the caller (a run is the caller's);
    ConflictError when ``execution_id`` is already an execution of the workspace.
    """
    if sent_user_id is not None and sent_user_id != user_id:
        raise PermissionDeniedError(
            f"userId {sent_user_id} is not the API key's user; an execution runs as the key's user",
            hint=f"drop userId, or send {user_id}",
        )
    if execution_id is not None:
        try:
            execution_spec(instance, tenant_id=tenant_id, execution_id=str(execution_id))
        except NotFoundError:
            pass
        else:
            raise ConflictError(
                f"executionId {execution_id} is already an execution",
                hint="send a new UUID, or leave executionId out to get one",
            )
    if workflow is not None:
        name = f"lekhika-engine-{user_engine_id}" if user_engine_id else "lekhika-workflow"
        return spec_from_react_flow(workflow, name=name, given_inputs=given_inputs)
    engines = [e for e in (user_engine_id, master_engine_id) if e is not None]
    if not engines:
        raise UserInputError("send workflow, or userEngineId or masterEngineId of a saved flow")
    with instance.database.tenant_session(tenant_id) as session:
        for engine in engines[:-1]:
            try:
                return runnable_spec(session, flow=engine)
            except NotFoundError:
                continue
        return runnable_spec(session, flow=engines[-1])


def check_resume_graph(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    execution_id: str,
    graph: Mapping[str, Any] | None,
) -> None:
    """ConflictError unless ``graph`` (if sent) is the one the execution started with: an
    execution resumes its own snapshot, never an edited workflow."""
    if graph is None:
        return
    started = execution_spec(instance, tenant_id=tenant_id, execution_id=execution_id)
    sent = spec_from_react_flow(graph, name=started.name, given_inputs=started.inputs)
    if sent.nodes != started.nodes or set(sent.edges) != set(started.edges):
        raise ConflictError(
            f"the workflow sent is not the one execution {execution_id} started with;"
            " an execution resumes the snapshot it started with",
            hint="leave nodes, edges and workflow out to resume it, or /execute the new workflow",
        )


def regenerate_overrides(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    execution_id: str,
    failed_node: str,
    validation_error: str | None = None,
    regenerate_prompt: str | None = None,
) -> tuple[str, dict[str, Any] | None]:
    """The spec id of the node to run again (from its React Flow id) and its config overrides:
    the validation error and the regenerate prompt follow the node's own prompt, as literal
    text. UserInputError when they are sent for a node that asks no model."""
    node_id = spec_node_id(failed_node)
    if validation_error is None and regenerate_prompt is None:
        return node_id, None
    spec = execution_spec(instance, tenant_id=tenant_id, execution_id=execution_id)
    node = next((n for n in spec.nodes if n.id == node_id), None)
    if node is None:
        return node_id, None  # regenerating names the nodes there are
    if node.type != "llm":
        raise UserInputError(
            f"node {node_id!r} is a {node.type} node: validationError and regeneratePrompt"
            " change the prompt of a model (process) node",
            hint="send failedNode alone to run it again",
        )
    feedback = []
    if validation_error:
        feedback.append(f"The previous answer was rejected: {validation_error}")
    if regenerate_prompt:
        feedback.append(regenerate_prompt)
    prompt = f"{node.config['prompt']}\n\n" + literal_text("\n".join(feedback))
    return node_id, {"prompt": prompt}
