"""What people do with bulk jobs: check or submit one, list them, cancel one, retry one."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from presswright.bootstrap import Instance
from presswright.bulk.errors import BulkInputError, InputProblem
from presswright.bulk.feeding import JobPlan, stop_runs
from presswright.bulk.models import BulkCheck, BulkOptions, BulkProgress
from presswright.bulk.progress import job_progress, progress_of
from presswright.bulk.rows import Items, validate_items
from presswright.bulk.sources import Source
from presswright.errors import ConflictError, ProviderError, UserInputError
from presswright.llm.factory import stored_connections
from presswright.llm.registry import ProviderRegistry
from presswright.store.brand_profiles import list_brand_profiles
from presswright.store.bulk import (
    NewItem,
    count_jobs,
    create_job,
    get_job,
    list_jobs,
    mark_cancelled,
    reset_for_retry,
    reuse_finished,
)
from presswright.store.woocommerce import get_store
from presswright.store.wordpress import get_site

__all__ = ["Submitted", "cancel_job", "check_job", "job_page", "retry_job", "submit_job"]


@dataclass(frozen=True)
class Submitted:
    """A new job's progress, and the source columns no field used."""

    progress: BulkProgress
    ignored_columns: list[str]


def _runnable_model(instance: Instance, tenant_id: uuid.UUID, requested: str | None) -> str:
    """The model a job runs on, once it is known to be usable (nothing is spent on a typo)."""
    model = requested or instance.settings.default_model
    registry = ProviderRegistry(instance.settings, stored_connections(instance, tenant_id))
    try:
        registry.resolve(model)
    except (ProviderError, UserInputError) as error:
        raise BulkInputError(
            f"the model {model} cannot run",
            [InputProblem(("model",), str(error))],
            hint="pick a model `presswright models` lists as available",
        ) from None
    return model


@dataclass(frozen=True)
class _Checked:
    """A submission that passed every check: its model, targets and valid items."""

    model: str
    site_id: uuid.UUID | None
    store_id: uuid.UUID | None
    valid: Items


def _check(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    source: Source,
    options: BulkOptions,
    mapping: dict[str, str],
    list_separator: str,
) -> _Checked:
    """Every check a submission must pass before anything is stored (the same for a dry run)."""
    model = _runnable_model(instance, tenant_id, options.model)
    with instance.database.tenant_session(tenant_id) as session:
        site_id = get_site(session, options.publish_site).id if options.publish_site else None
        store_id = get_store(session, options.publish_store).id if options.publish_store else None
        brands = {profile.name for profile in list_brand_profiles(session)}
    valid = validate_items(
        source,
        kind=options.kind,
        model=model,
        mapping=mapping,
        list_separator=list_separator,
        brand_profiles=brands,
        product_ids=store_id is not None,
    )
    return _Checked(model, site_id, store_id, valid)


def check_job(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    source: Source,
    options: BulkOptions,
    mapping: dict[str, str],
    list_separator: str,
) -> BulkCheck:
    """Run every check :func:`submit_job` runs, and store and start nothing (a dry run).

    Raises what submitting would raise (BulkInputError naming every problem, NotFoundError
    for an unknown WordPress site or WooCommerce store); otherwise says how the source was
    understood: how many items, which column fills each field, which columns go unused.
    """
    checked = _check(
        instance,
        tenant_id=tenant_id,
        source=source,
        options=options,
        mapping=mapping,
        list_separator=list_separator,
    )
    return BulkCheck(
        items=len(checked.valid.items),
        kind=options.kind,
        model=checked.model,
        source=source.name,
        shape=source.shape,
        columns=list(source.columns),
        mapping=checked.valid.columns,
        ignored_columns=checked.valid.ignored_columns,
    )


def submit_job(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    user_id: uuid.UUID | None,
    source: Source,
    options: BulkOptions,
    mapping: dict[str, str],
    list_separator: str,
) -> Submitted:
    """Validate every row, then store the job (items already generated are reused).

    Nothing runs yet: a driver (:func:`presswright.bulk.drive`) starts the items. Raises
    BulkInputError naming every problem, NotFoundError for an unknown WordPress site or
    WooCommerce store.
    """
    checked = _check(
        instance,
        tenant_id=tenant_id,
        source=source,
        options=options,
        mapping=mapping,
        list_separator=list_separator,
    )
    with instance.database.tenant_session(tenant_id) as session:
        job = create_job(
            session,
            user_id=user_id,
            kind=options.kind,
            model=checked.model,
            source=source.name[:300] if source.name else None,
            concurrency=options.concurrency,
            publish_site_id=checked.site_id,
            publish_status=options.publish_status if checked.site_id else None,
            publish_store_id=checked.store_id,
            items=[
                NewItem(i.row, i.key, i.label, i.payload, woo_product_id=i.woo_product_id)
                for i in checked.valid.items
            ],
        )
        reuse_finished(session, job)
        return Submitted(progress_of(session, job), checked.valid.ignored_columns)


def job_page(
    instance: Instance, *, tenant_id: uuid.UUID, limit: int, offset: int
) -> tuple[list[BulkProgress], int]:
    """One page of the tenant's jobs (newest first) and how many there are in all."""
    with instance.database.tenant_session(tenant_id) as session:
        jobs = list_jobs(session, limit=limit, offset=offset)
        return [progress_of(session, job) for job in jobs], count_jobs(session)


def cancel_job(instance: Instance, *, tenant_id: uuid.UUID, job_id: uuid.UUID) -> BulkProgress:
    """Stop a job's queued and running items; finished ones keep their content.

    ConflictError if the job has ended already.
    """
    with instance.database.tenant_session(tenant_id) as session:
        job = get_job(session, job_id)
        progress = progress_of(session, job)
        if progress.finished:
            raise ConflictError(
                f"bulk job {job_id} is already {progress.status}",
                hint="retry it to run its failed items again"
                if progress.status != "completed"
                else "every item succeeded; there is nothing to cancel",
            )
        mark_cancelled(session, job)
        plan = JobPlan.of(job)
    stop_runs(instance, tenant_id=tenant_id, plan=plan)
    return job_progress(instance, tenant_id=tenant_id, job_id=job_id)


def retry_job(instance: Instance, *, tenant_id: uuid.UUID, job_id: uuid.UUID) -> BulkProgress:
    """Queue a job's failed and cancelled items again; finished work is never redone.

    A retried item continues its own run from its first unfinished node (or is only
    published or written back again, if its content exists). A job cut short by a crash
    has no failed items but still has items to finish: retrying it lets a new driver
    continue them.
    ConflictError if every item succeeded.
    """
    with instance.database.tenant_session(tenant_id) as session:
        job = get_job(session, job_id)
        progress = progress_of(session, job)
        if progress.failed == 0 and progress.remaining == 0:
            raise ConflictError(
                f"bulk job {job_id} has nothing to retry: every item succeeded",
                hint="to change one item, regenerate its execution (`presswright run regenerate`)",
            )
        reset_for_retry(session, job)
        return progress_of(session, job)
