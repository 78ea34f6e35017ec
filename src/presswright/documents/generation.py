"""Run a built-in flow for a brief and give back its document: the one generation use case.

It comes in two parts so every front door fits: :func:`start_generation` creates the
document and starts its execution (in an embedded runtime or on the queue), and
:func:`wait_for_generation` waits for the run and turns it into a :class:`Generation` or the
error that ended it. :func:`generate` does both. A caller that follows the run its own way
(the CLI prints progress) hands the settled status to :func:`settle`.

The document is filled by the execution itself when it settles (see :mod:`.outcome`), so it
is complete even when nobody waits and after a process restart.
"""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from presswright.bootstrap import Instance
from presswright.content.models import ContentData, ContentRequest, ProductCopy, ProductFacts
from presswright.content.pattern import PatternRequest, PatternResult
from presswright.content.service import (
    article_from_outputs,
    article_inputs,
    builtin_flow,
    pattern_from_outputs,
    pattern_inputs,
    product_from_outputs,
    product_inputs,
)
from presswright.errors import ConflictError, ContentContractError, PresswrightError, ProviderError
from presswright.flows.operations import RunStatus, start, wait_until_settled
from presswright.flows.runtime import Runtime
from presswright.flows.spec import FlowSpec
from presswright.store.documents import create_document, delete_document_rows

__all__ = [
    "Brief",
    "Content",
    "Generation",
    "Started",
    "generate",
    "kind_of",
    "open_document",
    "settle",
    "start_generation",
    "start_with_document",
    "wait_for_generation",
]

Brief = ContentRequest | ProductFacts | PatternRequest
Content = ContentData | ProductCopy | PatternResult

# Where a run can be looked at; the hints name the public API, as every front door shows it.
_EXECUTIONS = "/api/v1/executions"

# How ContentContractError words a contract that still fails after repairs (errors.py).
_CONTRACT_BROKEN = re.compile(
    r"^node '[^']+' failed: the (?P<what>.+?) still breaks \d+ rule\(s\) after repairs: "
    r"(?P<listed>.*?)(?: \(and (?P<more>\d+) more\))?; (?P<hint>[^;]*)$",
    re.DOTALL,
)
# Each violation reads "field.path: message"; a message may itself hold "; ".
_NEXT_VIOLATION = re.compile(r"; (?=[^\s;:]+: )")


@dataclass(frozen=True)
class Started:
    """A generation under way: its document and the execution filling it."""

    document_id: uuid.UUID
    execution_id: str
    kind: str
    model: str | None


@dataclass(frozen=True)
class Generation:
    """A generation's run status, its document, and the checked content once it completed."""

    document_id: uuid.UUID
    execution_id: str
    status: RunStatus
    content: Content | None

    @property
    def completed(self) -> bool:
        """Whether the run completed (else it is still under way)."""
        return self.status.status == "completed"


def kind_of(brief: Brief) -> str:
    """The document kind (and built-in flow) a brief makes: article, product or pattern."""
    if isinstance(brief, ContentRequest):
        return "article"
    if isinstance(brief, ProductFacts):
        return "product"
    return "pattern"


def _inputs(
    instance: Instance, tenant_id: uuid.UUID, brief: Brief, model: str | None
) -> dict[str, Any]:
    if isinstance(brief, ContentRequest):
        return article_inputs(instance, tenant_id, brief, model=model)
    if isinstance(brief, ProductFacts):
        return product_inputs(instance, tenant_id, brief, model=model)
    return pattern_inputs(brief, model=model)


def _title_of(brief: Brief) -> str:
    if isinstance(brief, ContentRequest):
        return brief.topic
    if isinstance(brief, ProductFacts):
        return brief.name
    return brief.description[:300]


def _language_of(brief: Brief) -> str | None:
    return brief.language


def open_document(
    session: Session, *, brief: Brief, execution_id: str, user_id: uuid.UUID | None
) -> uuid.UUID:
    """Create the document the run ``execution_id`` of ``brief``'s built-in flow will fill.

    Call it in the transaction that records the run (or before the run starts): the run
    fills the document when it settles (:mod:`.outcome`). Bulk items use it too, so every
    article and product copy Presswright writes is a document of the workspace.
    """
    document = create_document(
        session,
        kind=kind_of(brief),
        title=_title_of(brief),
        language=_language_of(brief),
        execution_id=execution_id,
        created_by=user_id,
    )
    return document.id


async def start_generation(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    user_id: uuid.UUID | None,
    brief: Brief,
    model: str | None = None,
    runtime: Runtime | None = None,
) -> Started:
    """Create the brief's document and start the built-in flow that fills it.

    Runs in ``runtime`` when given, else on the queue for any worker. NotFoundError names an
    unknown brand profile; nothing is created then.
    """
    kind = kind_of(brief)
    inputs = await asyncio.to_thread(_inputs, instance, tenant_id, brief, model)
    document_id, execution_id = await start_with_document(
        instance,
        tenant_id=tenant_id,
        user_id=user_id,
        spec=builtin_flow(kind),
        inputs=inputs,
        runtime=runtime,
        open_document=lambda session, execution_id: open_document(
            session, brief=brief, execution_id=execution_id, user_id=user_id
        ),
    )
    return Started(document_id=document_id, execution_id=execution_id, kind=kind, model=model)


async def start_with_document(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    user_id: uuid.UUID | None,
    spec: FlowSpec,
    inputs: dict[str, Any],
    open_document: Callable[[Session, str], uuid.UUID],
    runtime: Runtime | None = None,
) -> tuple[uuid.UUID, str]:
    """Create the document a run will fill, then start the run: (document id, execution id).

    ``open_document(session, execution_id)`` creates the product's document (an article, a
    book, a site) in the workspace's session. It exists before the run can settle, so the
    run always finds it; if the run cannot be started, the document is removed again.
    Runs in ``runtime`` when given, else on the queue for any worker.
    """
    execution_id = str(uuid.uuid4())
    with instance.database.tenant_session(tenant_id) as session:
        document_id = open_document(session, execution_id)
    try:
        await start(
            instance,
            tenant_id=tenant_id,
            spec=spec,
            inputs=inputs,
            user_id=user_id,
            runtime=runtime,
            execution_id=execution_id,
        )
    except BaseException:
        with instance.database.tenant_session(tenant_id) as session:
            delete_document_rows(session, document_id=document_id)
        raise
    return document_id, execution_id


def _contract_error(reason: str, execution_id: str) -> ContentContractError | None:
    """The contract failure a run recorded, with its violations; None for other failures."""
    found = _CONTRACT_BROKEN.match(reason)
    if found is None:
        return None
    hint = found["hint"]
    if found["more"]:
        hint = f"{found['more']} more rule(s) not listed; {hint}"
    return ContentContractError(
        found["what"],
        _NEXT_VIOLATION.split(found["listed"]),
        hint=f"{hint}; the run: {_EXECUTIONS}/{execution_id}",
    )


def failure(status: RunStatus, model: str) -> PresswrightError:
    """Why a generation ended without content, as the error a front door reports."""
    execution_id = status.execution_id
    if status.status == "cancelled":
        return ConflictError(
            f"execution {execution_id} was stopped before it finished",
            hint=f"resume it: POST {_EXECUTIONS}/{execution_id}/resume",
        )
    reason = status.error or "no reason was recorded"
    contract = _contract_error(reason, execution_id)
    if contract is not None:
        return contract
    provider, _, name = model.partition(":")
    return ProviderError(
        f"execution {execution_id} failed: {reason}",
        provider=provider,
        model=name or "*",
        hint=f"see {_EXECUTIONS}/{execution_id}; fix the cause, then resume it",
    )


def content_of(kind: str, outputs: dict[str, Any]) -> Content:
    """The checked content of a finished run of the ``kind`` flow."""
    if kind == "article":
        return article_from_outputs(outputs)
    if kind == "product":
        return product_from_outputs(outputs)
    return pattern_from_outputs(outputs)


def settle(instance: Instance, started: Started, status: RunStatus) -> Generation:
    """A generation from its run's status: content when completed, else still under way.

    A failed or stopped run raises its error: ContentContractError listing the violations,
    ConflictError for a stopped run, ProviderError for anything else.
    """
    if status.status in ("failed", "cancelled"):
        raise failure(status, started.model or instance.settings.default_model)
    content = content_of(started.kind, status.outputs) if status.status == "completed" else None
    return Generation(
        document_id=started.document_id,
        execution_id=started.execution_id,
        status=status,
        content=content,
    )


async def wait_for_generation(
    instance: Instance, *, tenant_id: uuid.UUID, started: Started, wait: float
) -> Generation:
    """Wait up to ``wait`` seconds for a started generation; see :func:`settle`."""
    status = await wait_until_settled(
        instance, tenant_id=tenant_id, execution_id=started.execution_id, timeout=wait
    )
    return settle(instance, started, status)


async def generate(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    user_id: uuid.UUID | None,
    brief: Brief,
    model: str | None = None,
    wait: float = 30.0,
    runtime: Runtime | None = None,
) -> Generation:
    """Run the built-in flow for ``brief`` and give back its document (waiting up to ``wait`` s).

    The Generation carries the document id and execution id at once, the run's status, and
    the checked content when the run completed in time; the document is filled when the run
    ends either way.
    """
    started = await start_generation(
        instance, tenant_id=tenant_id, user_id=user_id, brief=brief, model=model, runtime=runtime
    )
    return await wait_for_generation(instance, tenant_id=tenant_id, started=started, wait=wait)
