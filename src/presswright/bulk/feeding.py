"""Moving a job's items along: start, reuse or resume queued items, settle finished runs, stop runs.

Each function does one kind of move and is safe to repeat: after a crash at any point, doing
it again finishes the move without doing any work twice (see :mod:`presswright.bulk`).
"""

from __future__ import annotations

import asyncio
import uuid
from contextlib import AbstractContextManager, suppress
from dataclasses import dataclass

from pydantic import ValidationError
from sqlalchemy.orm import Session

from presswright.bootstrap import Instance
from presswright.bulk.publishing import Target
from presswright.content.models import ContentRequest, ProductFacts
from presswright.content.service import article_inputs, builtin_flow, product_inputs
from presswright.documents import open_document
from presswright.errors import ConflictError, PresswrightError
from presswright.flows import operations as ops
from presswright.flows.runtime import Runtime, enqueue_generation, workflow_id
from presswright.flows.validation import check_inputs
from presswright.store.bulk import (
    FINISHED_RUNS,
    ItemRow,
    claim_item,
    count_running,
    items_where,
    move_item,
    reusable_execution,
    set_item,
)
from presswright.store.models import BulkItem, BulkJob, Execution

__all__ = ["Feeder", "JobPlan", "stop_runs"]

_STOP_REASONS = {
    "queued": "cancelled before it started",
    "running": "cancelled while it ran",
    "publishing": "cancelled before it was published",
}


@dataclass(frozen=True)
class JobPlan:
    """What one pass of the driver needs to know about its job."""

    id: uuid.UUID
    kind: str
    model: str
    user_id: uuid.UUID | None
    concurrency: int
    target: Target | None
    cancelled: bool

    @classmethod
    def of(cls, job: BulkJob) -> JobPlan:
        """The plan of a job row."""
        target: Target | None = None
        if job.publish_store_id is not None:
            target = "woocommerce"
        elif job.publish_site_id is not None or job.publish_status is not None:
            # publish_status is set only for a job with a site; a site removed since then
            # (its id cleared) must fail the items that wait for it, not pass them unpublished.
            target = "wordpress"
        return cls(
            id=job.id,
            kind=job.kind,
            model=job.model,
            user_id=job.user_id,
            concurrency=job.concurrency,
            target=target,
            cancelled=job.cancelled_at is not None,
        )

    @property
    def publishing(self) -> bool:
        """Whether each generated item is published (or written back) before it succeeds."""
        return self.target is not None

    @property
    def generated(self) -> str:
        """The state an item takes once its content exists."""
        return "publishing" if self.publishing else "succeeded"


class Feeder:
    """Starts and settles the items of jobs of one tenant, on a runtime or the queue."""

    def __init__(
        self, instance: Instance, *, tenant_id: uuid.UUID, runtime: Runtime | None
    ) -> None:
        self.instance = instance
        self.tenant_id = tenant_id
        self.runtime = runtime

    def _session(self) -> AbstractContextManager[Session]:
        return self.instance.database.tenant_session(self.tenant_id)

    # --- settling --------------------------------------------------------------------------

    def settle(self, plan: JobPlan) -> int:
        """Move running items whose execution ended to their next state; how many moved."""
        moved = 0
        with self._session() as session:
            for row in items_where(
                session, plan.id, BulkItem.state == "running", Execution.status.in_(FINISHED_RUNS)
            ):
                if row.run_status == "completed":
                    moved += move_item(session, row.id, expect=("running",), state=plan.generated)
                elif row.run_status == "failed":
                    error = row.run_error or "its run failed without a reason"
                    moved += move_item(
                        session, row.id, expect=("running",), state="failed", error=error
                    )
                else:
                    error = "its run was stopped"
                    moved += move_item(
                        session, row.id, expect=("running",), state="cancelled", error=error
                    )
        return moved

    # --- starting ----------------------------------------------------------------------------

    async def feed(self, plan: JobPlan) -> None:
        """Hand over runs linked but never dispatched, then fill the window with queued items."""
        undispatched = await asyncio.to_thread(
            self.rows, plan, BulkItem.state == "running", BulkItem.dispatched.is_(False)
        )
        for row in undispatched:
            assert row.execution_id is not None
            await self._dispatch(row.id, row.execution_id, start=row.run_status == "queued")
        running = await asyncio.to_thread(self._running, plan)
        free = plan.concurrency - running
        if free <= 0:
            return
        for row in await asyncio.to_thread(self.rows, plan, BulkItem.state == "queued", limit=free):
            await self._start(plan, row)

    def rows(self, plan: JobPlan, *conditions: object, limit: int | None = None) -> list[ItemRow]:
        """The job's items matching ``conditions``, in file order."""
        with self._session() as session:
            return items_where(session, plan.id, *conditions, limit=limit)

    def _running(self, plan: JobPlan) -> int:
        with self._session() as session:
            return count_running(session, plan.id)

    async def _start(self, plan: JobPlan, row: ItemRow) -> None:
        """Start one queued item: reuse finished work, continue its run, or start a new one."""
        if row.execution_id is not None:
            await self._continue(plan, row)
            return
        if await asyncio.to_thread(self._reuse, plan, row):
            return
        try:
            execution = await asyncio.to_thread(self._new_execution, plan, row)
        except (PresswrightError, ValidationError) as error:
            await asyncio.to_thread(self._move, row.id, ("queued",), "failed", error=str(error))
            return
        if await asyncio.to_thread(self._claim, plan, row, execution):
            await self._dispatch(row.id, execution.id)

    def _reuse(self, plan: JobPlan, row: ItemRow) -> bool:
        """Give the item the completed execution of an earlier item with its key, if any."""
        with self._session() as session:
            found = reusable_execution(session, row.key)
            return found is not None and move_item(
                session,
                row.id,
                expect=("queued",),
                state=plan.generated,
                reused=True,
                execution_id=found,
                dispatched=True,
            )

    async def _continue(self, plan: JobPlan, row: ItemRow) -> None:
        """A queued item that has a run (it is retried): keep, resume or adopt that run."""
        assert row.execution_id is not None
        if row.run_status == "completed":
            await asyncio.to_thread(self._move, row.id, ("queued",), plan.generated)
            return
        if row.run_status in ("failed", "cancelled"):
            try:  # from its first unfinished node: finished nodes are never paid twice
                await ops.resume(
                    self.instance,
                    tenant_id=self.tenant_id,
                    execution_id=row.execution_id,
                    runtime=self.runtime,
                )
            except ConflictError:
                return  # someone resumed it meanwhile: the next pass adopts it
        await asyncio.to_thread(self._move, row.id, ("queued",), "running", dispatched=True)

    def _move(
        self,
        item_id: uuid.UUID,
        expect: tuple[str, ...],
        state: str,
        *,
        error: str | None = None,
        dispatched: bool | None = None,
    ) -> bool:
        extra = {} if dispatched is None else {"dispatched": dispatched}
        with self._session() as session:
            return move_item(session, item_id, expect=expect, state=state, error=error, **extra)

    def _new_execution(self, plan: JobPlan, row: ItemRow) -> Execution:
        """The execution row of an item's run, as ``operations.start`` would write it."""
        brief = _brief(plan, row)
        if isinstance(brief, ProductFacts):
            inputs = product_inputs(self.instance, self.tenant_id, brief, model=plan.model)
        else:
            inputs = article_inputs(self.instance, self.tenant_id, brief, model=plan.model)
        spec = builtin_flow(plan.kind)
        execution_id = str(uuid.uuid4())
        return Execution(
            id=execution_id,
            tenant_id=self.tenant_id,
            user_id=plan.user_id,
            flow_name=spec.name,
            flow_version=spec.version,
            spec=spec.model_dump(mode="json", by_alias=True),
            inputs=check_inputs(spec, inputs),
            status="queued",
            token_cap=None,
            generation=0,
            workflow_id=workflow_id(execution_id, 0),
            forced_nodes=[],
            overrides={},
            tokens_in=0,
            tokens_out=0,
            cost=0.0,
        )

    def _claim(self, plan: JobPlan, row: ItemRow, execution: Execution) -> bool:
        """Link the item to its run and open the run's document, in one transaction."""
        with self._session() as session:
            if not claim_item(session, row.id, execution):
                return False
            open_document(
                session,
                brief=_brief(plan, row),
                execution_id=execution.id,
                user_id=plan.user_id,
            )
            return True

    async def _dispatch(self, item_id: uuid.UUID, execution_id: str, *, start: bool = True) -> None:
        """Hand a new run to this process's runtime, else to the queue (both ignore repeats).

        Without ``start`` the run is known to have begun (a crash came before the record).
        """
        if start and self.runtime is not None:
            await self.runtime.start(execution_id, self.tenant_id, 0)
        elif start:
            await asyncio.to_thread(
                enqueue_generation, self.instance.settings, execution_id, self.tenant_id, 0
            )
        await asyncio.to_thread(self._mark_dispatched, item_id)

    def _mark_dispatched(self, item_id: uuid.UUID) -> None:
        with self._session() as session:
            set_item(session, item_id, dispatched=True)


def _brief(plan: JobPlan, row: ItemRow) -> ContentRequest | ProductFacts:
    """The brief of one item: product facts or an article request, by the job's kind."""
    if plan.kind == "product":
        return ProductFacts.model_validate(row.payload)
    return ContentRequest.model_validate(row.payload)


def stop_runs(instance: Instance, *, tenant_id: uuid.UUID, plan: JobPlan) -> None:
    """Stop every unfinished run of a cancelled job, then end its unfinished items.

    An item whose run completed keeps its content (succeeded, unless it still had to be
    published); every other unfinished item is cancelled.
    """
    with instance.database.tenant_session(tenant_id) as session:
        runs = items_where(
            session,
            plan.id,
            BulkItem.reused.is_(False),
            Execution.status.not_in(FINISHED_RUNS),
        )
    for row in runs:
        assert row.execution_id is not None
        with suppress(ConflictError):  # it ended meanwhile: settled below like the others
            ops.stop(instance, tenant_id=tenant_id, execution_id=row.execution_id)
    with instance.database.tenant_session(tenant_id) as session:
        for row in items_where(session, plan.id, BulkItem.state.in_(tuple(_STOP_REASONS))):
            if row.state == "running" and row.run_status == "completed" and not plan.publishing:
                move_item(session, row.id, expect=("running",), state="succeeded")
            else:
                move_item(
                    session,
                    row.id,
                    expect=(row.state,),
                    state="cancelled",
                    error=_STOP_REASONS[row.state],
                )
