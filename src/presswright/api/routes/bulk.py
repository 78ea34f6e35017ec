"""``/api/v1/bulk``: submit many products or articles at once, follow, report, retry, cancel.

A job is submitted as JSON (``rows`` plus a column ``mapping``) or as a multipart upload of
a CSV, JSON Lines or JSON file. Every row is validated first: one bad row and nothing
starts (422 lists each bad row's number and field). The server then drives the job in the
background (see :mod:`presswright.bulk`); another workspace's job answers 404.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field, StringConstraints, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from presswright.api.context import ApiContext, ContextDep
from presswright.api.principals import EditorPrincipal, Principal, ViewerPrincipal
from presswright.api.problems import FieldProblem, problem_responses
from presswright.api.routes import API_PREFIX
from presswright.api.throttles import GenerationPrincipal, throttle_generation
from presswright.bulk import (
    BulkCheck,
    BulkInputError,
    BulkProgress,
    ItemStatus,
    JobItemPage,
    background_drivers,
    cancel_job,
    check_job,
    job_items,
    job_page,
    job_progress,
    job_report,
    report_csv,
    retry_job,
    submit_job,
)
from presswright.bulk.fields import BulkFields, bulk_fields
from presswright.bulk.rows import BulkKind
from presswright.bulk.submission import (
    BulkCreate,
    BulkUpload,
    Submission,
    submission_from_form,
    submission_from_json,
)

__all__ = ["BulkDryRun", "BulkPage", "router"]

MAX_COLUMNS = 300  # more than any shop export has; each name at most COLUMN_MAX characters
COLUMN_MAX = 300

router = APIRouter(
    prefix=f"{API_PREFIX}/bulk", tags=["bulk"], responses=problem_responses(400, 401, 403, 422)
)


class BulkPage(BaseModel):
    """One page of bulk jobs, newest first."""

    items: list[BulkProgress]
    total: int = Field(description="Jobs on all pages.")
    next_offset: int | None = Field(description="The offset of the next page; null on the last.")


class BulkDryRun(BulkCheck):
    """A submission that passed every check (``dry_run=true``): nothing stored, nothing started."""

    errors: list[FieldProblem] = Field(
        default_factory=list,
        description="Always empty here: a submission with problems answers 422 listing them.",
    )


class CSVResponse(Response):
    """A CSV document."""

    media_type = "text/csv"


def _upload_schema() -> dict[str, Any]:
    schema = BulkUpload.model_json_schema()
    schema["properties"] = {
        "file": {"type": "string", "format": "binary", "description": "The CSV, JSONL or JSON."},
        **schema["properties"],
    }
    schema["required"] = ["file", *schema.get("required", [])]
    schema.pop("additionalProperties", None)  # a form may carry parts a client always adds
    return schema


_REQUEST_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": BulkCreate.model_json_schema()},
            "multipart/form-data": {"schema": _upload_schema()},
        },
    }
}
_ACCEPTED: dict[int | str, dict[str, Any]] = {
    202: {
        "description": "Accepted: the job runs in the background; follow it there.",
        "headers": {
            "Location": {
                "description": "The job's progress: /api/v1/bulk/{bulk_id}.",
                "required": True,
                "schema": {"type": "string"},
            }
        },
    }
}
_CHECKED: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "With dry_run=true: every check passed; how the rows were understood.",
        "model": BulkDryRun,
    }
}
_REPORT: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The report: one CSV line per item, in the order of the source.",
        "content": {"text/csv": {"schema": {"type": "string"}}},
    }
}


def _pydantic_errors(error: ValidationError) -> RequestValidationError:
    """A body's validation errors as the 422 FastAPI would answer for them."""
    return RequestValidationError(
        [
            {"loc": ("body", *item["loc"]), "msg": item["msg"], "type": item["type"]}
            for item in error.errors()
        ]
    )


def _located(error: BulkInputError, *, rows: str, mapping: str) -> RequestValidationError:
    """A BulkInputError as the 422 it answers: each problem at its place in the body."""
    errors = []
    for problem in error.problems:
        where = list(problem.where)
        message = problem.message
        if problem.row is not None:
            row = problem.row - 1 if rows == "rows" else problem.row  # JSON: the list index
            where = [rows, row, *where[2:]]
            message = f"row {problem.row}: {message}"
        elif where[:1] == ["file"]:
            where = [rows, *where[1:]]
        elif where[:1] == ["mapping"]:
            where = [mapping, *where[1:]]
        elif where[:1] == ["form"]:
            where = []
        errors.append({"loc": ("body", *where), "msg": message, "type": "bulk_input"})
    return RequestValidationError(errors)


async def _submission(request: Request) -> tuple[Submission, str, str]:
    """The body as a submission (JSON or a multipart upload; 415 for anything else), and
    where its rows and its mapping are in the body."""
    content_type = request.headers.get("content-type", "")
    kind = content_type.split(";", 1)[0].strip().lower()
    is_json = kind == "application/json" or kind.endswith("+json")
    if not is_json and kind != "multipart/form-data":
        raise HTTPException(415, "send the job as application/json or multipart/form-data")
    rows, mapping = ("rows", "mapping") if is_json else ("file", "map")
    raw = await request.body()
    try:
        if is_json:
            return submission_from_json(raw), rows, mapping
        return submission_from_form(content_type, raw), rows, mapping
    except ValidationError as error:
        raise _pydantic_errors(error) from None
    except BulkInputError as error:
        raise _located(error, rows=rows, mapping=mapping) from None


def _drive(context: ApiContext, principal: Principal, job_id: uuid.UUID) -> None:
    """Drive the job from this server in the background (unless it already does)."""
    background_drivers.ensure(
        context.instance, tenant_id=principal.tenant_id, job_id=job_id, runtime=context.runtime
    )


def _accepted(response: Response, job_id: uuid.UUID) -> None:
    response.status_code = 202
    response.headers["Location"] = f"{router.prefix}/{job_id}"


@router.post(
    "",
    status_code=202,
    response_model=None,
    responses={
        **_CHECKED,
        202: {**_ACCEPTED[202], "model": BulkProgress},
        **problem_responses(404, 413, 415, 429),
    },
    openapi_extra=_REQUEST_BODY,
)
async def create_job(
    request: Request,
    principal: EditorPrincipal,
    context: ContextDep,
    response: Response,
    dry_run: Annotated[
        bool, Query(description="Run every check and answer 200; store and start nothing.")
    ] = False,
) -> BulkProgress | BulkDryRun:
    """Validate every row, then start the job in the background (202 with its progress).

    422 lists every problem (each bad row by number and field, a mapping to a missing
    column, a model that cannot run, a row without its WooCommerce product id when
    ``publish_store`` is given); 404 names an unknown WordPress site or WooCommerce store.
    Items whose key (kind, brief, model) already succeeded in this workspace are reused,
    not redone. With ``dry_run=true`` the same checks run and the answer is 200 with how the
    rows were understood (items, the column of each field, unused columns); nothing is
    stored or started and the generation budget is not spent.
    """
    if not dry_run:
        throttle_generation(context=context, principal=principal)
    submission, rows, mapping = await _submission(request)
    try:
        if dry_run:
            checked = await run_in_threadpool(
                lambda: check_job(
                    context.instance,
                    tenant_id=principal.tenant_id,
                    source=submission.source,
                    options=submission.options,
                    mapping=submission.mapping,
                    list_separator=submission.list_separator,
                )
            )
            response.status_code = 200
            return BulkDryRun(**checked.model_dump())
        submitted = await run_in_threadpool(
            lambda: submit_job(
                context.instance,
                tenant_id=principal.tenant_id,
                user_id=principal.user_id,
                source=submission.source,
                options=submission.options,
                mapping=submission.mapping,
                list_separator=submission.list_separator,
            )
        )
    except BulkInputError as error:
        raise _located(error, rows=rows, mapping=mapping) from None
    _drive(context, principal, submitted.progress.id)
    _accepted(response, submitted.progress.id)
    return submitted.progress


@router.get("")
def list_jobs(
    principal: ViewerPrincipal,
    context: ContextDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
) -> BulkPage:
    """The workspace's bulk jobs with their progress, newest first, paged by offset."""
    items, total = job_page(
        context.instance, tenant_id=principal.tenant_id, limit=limit, offset=offset
    )
    end = offset + len(items)
    return BulkPage(items=items, total=total, next_offset=end if end < total else None)


@router.get("/fields")
def list_fields(
    principal: ViewerPrincipal,
    kind: Annotated[BulkKind, Query(description="product (ProductFacts rows) or article.")],
    store: Annotated[
        bool,
        Query(description="Copy is written back to a WooCommerce store: list woo_product_id."),
    ] = False,
    column: Annotated[
        list[Annotated[str, StringConstraints(max_length=COLUMN_MAX)]] | None,
        Query(
            max_length=MAX_COLUMNS,
            description="A column of the file (repeat for each): `detected` says which column"
            " most likely fills each field.",
        ),
    ] = None,
) -> BulkFields:
    """The fields a row of ``kind`` fills: label, cell type, required, what to put in it,
    and the column names the server recognises for each, per language.

    Given the file's columns, ``detected`` maps each field to its likeliest column (one of
    its own name first, then the best alias or likeness; each column used once): the
    mapping a submission can send as it is.
    """
    return bulk_fields(kind, product_ids=store, columns=column)


@router.get("/{bulk_id}", responses=problem_responses(404))
async def get_job(
    bulk_id: uuid.UUID, principal: ViewerPrincipal, context: ContextDep
) -> BulkProgress:
    """A job's progress: done, failed, remaining, pace and time left.

    Reading never starts work: a job left without a driver (its process died) is taken
    up by a `presswright worker` or `serve` process, whose adopter looks for such jobs
    every few seconds; ``driven`` says whether one drives it now.
    """
    return await run_in_threadpool(
        lambda: job_progress(context.instance, tenant_id=principal.tenant_id, job_id=bulk_id)
    )


@router.get("/{bulk_id}/items", responses=problem_responses(404))
def list_items(
    bulk_id: uuid.UUID,
    principal: ViewerPrincipal,
    context: ContextDep,
    state: Annotated[
        list[ItemStatus] | None,
        Query(description="Only items in these states (repeat the parameter for several)."),
    ] = None,
    offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> JobItemPage:
    """The job's items in the order of the source, paged: state, execution, document, where
    each was published, and why it failed."""
    return job_items(
        context.instance,
        tenant_id=principal.tenant_id,
        job_id=bulk_id,
        states=state or (),
        offset=offset,
        limit=limit,
    )


@router.get(
    "/{bulk_id}/report", response_class=CSVResponse, responses={**_REPORT, **problem_responses(404)}
)
def get_report(bulk_id: uuid.UUID, principal: ViewerPrincipal, context: ContextDep) -> CSVResponse:
    """The job's report as CSV: each item's row, outcome, reason, title, and WordPress post
    or WooCommerce product."""
    lines = job_report(context.instance, tenant_id=principal.tenant_id, job_id=bulk_id)
    return CSVResponse(
        report_csv(lines),
        headers={"Content-Disposition": f'attachment; filename="bulk-{bulk_id}.csv"'},
    )


@router.post(
    "/{bulk_id}/retry",
    status_code=202,
    response_model=BulkProgress,
    responses={**_ACCEPTED, **problem_responses(404, 409, 429)},
)
async def retry(
    bulk_id: uuid.UUID, principal: GenerationPrincipal, context: ContextDep, response: Response
) -> BulkProgress:
    """Run the failed and cancelled items again; succeeded ones are never redone (409 if
    every item succeeded). Each retried item resumes its own run where it stopped."""
    progress = await run_in_threadpool(
        lambda: retry_job(context.instance, tenant_id=principal.tenant_id, job_id=bulk_id)
    )
    _drive(context, principal, bulk_id)
    _accepted(response, bulk_id)
    return progress


@router.post("/{bulk_id}/cancel", responses=problem_responses(404, 409))
def cancel(bulk_id: uuid.UUID, principal: EditorPrincipal, context: ContextDep) -> BulkProgress:
    """Cancel the job: queued items never start, running ones are stopped, finished ones
    keep their content (409 if the job has ended)."""
    return cancel_job(context.instance, tenant_id=principal.tenant_id, job_id=bulk_id)
