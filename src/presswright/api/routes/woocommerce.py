"""``/api/v1/woocommerce``: connect WooCommerce stores, list products, write generated copy back.

Admins connect and remove stores, editors generate and write copy, anyone in the workspace
lists stores, products and what was written. The consumer key and secret are write-only:
checked against the store, stored encrypted and never shown again (only the key's last
characters). When WooCommerce refuses or fails a request the answer is 502 (504 when the
store does not answer), never 401: that status is about the caller's own credentials.
"""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query, status
from pydantic import BaseModel, ConfigDict, Field, model_validator
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from presswright.api.context import ApiContext, ContextDep
from presswright.api.principals import AdminPrincipal, EditorPrincipal, ViewerPrincipal
from presswright.api.problems import problem_responses
from presswright.api.routes import API_PREFIX
from presswright.api.routes.connections import REMOTE_PROBLEMS, CheckNow
from presswright.api.routes.content import (
    PLAIN_TEXT,
    GenerationAccepted,
    GenerationOptions,
    accepted,
    run_generation,
)
from presswright.api.throttles import GenerationPrincipal
from presswright.content.models import Language, ProductCopy, ProductFacts
from presswright.content.service import product_from_outputs
from presswright.errors import ConflictError, PresswrightError, UserInputError
from presswright.flows.operations import execution_status
from presswright.publish.woocommerce import (
    ProductList,
    StoreConnect,
    WriteResult,
    connect_store,
    list_products,
    product_facts,
    read_product,
    write_copy,
    written,
)
from presswright.publish.woocommerce.stores import STORE_CONNECTIONS
from presswright.store.woocommerce import WooCommerceStorePublic, WooCommerceWritePublic

__all__ = ["CopyWrite", "ProductCopyRun", "ProductCopyWritten", "router"]

router = APIRouter(
    prefix=f"{API_PREFIX}/woocommerce",
    tags=["woocommerce"],
    responses=problem_responses(400, 401, 403, 422),
)
ProductId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The WooCommerce product id.")]
Keyword = Annotated[str, Field(min_length=1, max_length=80, pattern=PLAIN_TEXT)]


class ProductCopyRun(GenerationOptions):
    """How to write copy for a store's product, and whether to write it back at once."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"model": "local:smollm2", "write": True, "wait": 60},
                {"keywords": ["linen apron"], "language": "en", "write": False},
            ]
        },
    )

    keywords: list[Keyword] | None = Field(
        default=None, max_length=10, description="Keywords the copy must use; default: its tags."
    )
    language: Language = "en"
    brand_profile: str | None = Field(default=None, max_length=100, pattern=PLAIN_TEXT)
    write: bool = Field(default=True, description="Write the copy to the product once done.")
    title: bool = Field(
        default=False, description="Also replace the product name with the copy's title."
    )


class CopyWrite(BaseModel):
    """Copy to write to a product: a completed product run's, or given as ``content``."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"execution_id": "0b7e4a52-3f0c-4c55-9a1e-2d6f3c8b9e10", "title": False}]
        },
    )

    execution_id: uuid.UUID | None = Field(
        default=None, description="A completed product run (POST .../generate with write false)."
    )
    content: ProductCopy | None = Field(default=None, description="Product copy to write.")
    title: bool = Field(
        default=False, description="Also replace the product name with the copy's title."
    )

    @model_validator(mode="after")
    def _one_copy(self) -> CopyWrite:
        if (self.execution_id is None) == (self.content is None):
            raise ValueError("give exactly one of execution_id and content")
        return self


class ProductCopyWritten(BaseModel):
    """A completed product run for a store's product: its facts, its copy, and the write."""

    execution_id: str
    document_id: uuid.UUID = Field(description="The copy's document in the library.")
    status: str = Field(examples=["completed"])
    facts: ProductFacts = Field(description="What the store said about the product.")
    content: ProductCopy
    write: WriteResult | None = Field(description="What was written; null unless asked to.")


def _store_exists(context: ApiContext, tenant_id: uuid.UUID, store_id: uuid.UUID) -> None:
    """NotFoundError unless the tenant has the store."""
    STORE_CONNECTIONS.get(context.instance, tenant_id=tenant_id, ref=store_id)


def _run_copy(context: ApiContext, tenant_id: uuid.UUID, execution_id: uuid.UUID) -> ProductCopy:
    """The copy of a completed product run of the tenant (404, 409 while it has none yet, 400)."""
    run = execution_status(context.instance, tenant_id=tenant_id, execution_id=str(execution_id))
    if run.status != "completed":
        raise ConflictError(
            f"execution {execution_id} is {run.status}: only a completed run can be written",
            hint=f"follow it at {API_PREFIX}/executions/{execution_id}; write it once completed",
        )
    try:
        return product_from_outputs(run.outputs)
    except (PresswrightError, ValueError):  # a ValidationError is a ValueError
        raise UserInputError(
            f"execution {execution_id} ({run.flow}) has no product copy to write",
            hint="give the id of a product run, or the copy itself as content",
        ) from None


@router.post(
    "/stores",
    status_code=status.HTTP_201_CREATED,
    responses={**problem_responses(409), **REMOTE_PROBLEMS},
)
async def connect(
    body: StoreConnect, principal: AdminPrincipal, context: ContextDep
) -> WooCommerceStorePublic:
    """Connect a store: the key is checked against WooCommerce, then stored encrypted.

    409 if the workspace has a store of that name or address; 502 when WooCommerce refuses
    the key (the detail says which setting to fix) or the address is not a WooCommerce
    store; 504 when it does not answer.
    """
    return await connect_store(context.instance, tenant_id=principal.tenant_id, data=body)


@router.get("/stores")
async def list_connected(
    principal: ViewerPrincipal,
    context: ContextDep,
    check: CheckNow = False,
) -> list[WooCommerceStorePublic]:
    """The workspace's stores by name, each with its status: ok, unauthorized or unreachable."""
    return await STORE_CONNECTIONS.overview(
        context.instance, tenant_id=principal.tenant_id, check=check
    )


@router.get("/stores/{store_id}", responses=problem_responses(404))
def get_connected(
    store_id: uuid.UUID, principal: ViewerPrincipal, context: ContextDep
) -> WooCommerceStorePublic:
    """One store of this workspace (404 for any other id), with its last known status."""
    return STORE_CONNECTIONS.get(context.instance, tenant_id=principal.tenant_id, ref=store_id)


@router.delete(
    "/stores/{store_id}", status_code=status.HTTP_204_NO_CONTENT, responses=problem_responses(404)
)
def remove(store_id: uuid.UUID, principal: AdminPrincipal, context: ContextDep) -> Response:
    """Forget a store and its write records; the store itself is untouched."""
    STORE_CONNECTIONS.remove(context.instance, tenant_id=principal.tenant_id, ref=store_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/stores/{store_id}/products", responses={**problem_responses(404), **REMOTE_PROBLEMS})
async def products(
    store_id: uuid.UUID,
    principal: ViewerPrincipal,
    context: ContextDep,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=100)] = 20,
    search: Annotated[str, Query(max_length=200, pattern=PLAIN_TEXT)] = "",
) -> ProductList:
    """One page of the store's products (any status), newest first, with the store's totals."""
    await run_in_threadpool(_store_exists, context, principal.tenant_id, store_id)
    return await list_products(
        context.instance,
        tenant_id=principal.tenant_id,
        store=store_id,
        page=page,
        per_page=per_page,
        search=search,
    )


@router.get("/stores/{store_id}/writes", responses=problem_responses(404))
def writes(
    store_id: uuid.UUID,
    principal: ViewerPrincipal,
    context: ContextDep,
    product_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
) -> list[WooCommerceWritePublic]:
    """What was written to the store's products, newest first: product, run, fields, when."""
    return written(
        context.instance, tenant_id=principal.tenant_id, store=store_id, product_id=product_id
    )


@router.post(
    "/stores/{store_id}/products/{product_id}/generate",
    response_model=ProductCopyWritten,
    responses={
        **problem_responses(404, 409),
        **REMOTE_PROBLEMS,
        202: {
            "model": GenerationAccepted,
            "description": "The run is still under way after `wait` seconds: its status document.",
            "headers": {
                "Location": {
                    "description": "The execution to follow: /api/v1/executions/{execution_id}.",
                    "schema": {"type": "string"},
                }
            },
        },
    },
)
async def generate(
    store_id: uuid.UUID,
    product_id: ProductId,
    body: ProductCopyRun,
    principal: GenerationPrincipal,
    context: ContextDep,
) -> ProductCopyWritten | Response:
    """Write copy for the product from what the store says about it, then write it back.

    The run is a product run like any other; 202 with its status while it is still under
    way after ``wait`` seconds (write it later with ``.../write`` and its execution_id).
    404 for an unknown store or product; 422 when the copy could not meet its contract;
    502/504 when the store refuses (a read-only key, say) or does not answer.
    """
    tenant_id = principal.tenant_id
    await run_in_threadpool(_store_exists, context, tenant_id, store_id)
    product = await read_product(
        context.instance, tenant_id=tenant_id, store=store_id, product_id=product_id
    )
    try:
        facts = product_facts(
            product,
            keywords=body.keywords,
            language=body.language,
            brand_profile=body.brand_profile,
        )
    except ValueError as error:  # pydantic's ValidationError
        raise UserInputError(
            f"product {product_id} does not make valid product facts: {error}",
            hint="give keywords of up to 80 characters",
        ) from None
    run = await run_generation(context, principal, facts, body)
    if not run.completed:
        return accepted(run)
    copy = run.content
    assert isinstance(copy, ProductCopy)
    written = None
    if body.write:
        written = await write_copy(
            context.instance,
            tenant_id=tenant_id,
            store=store_id,
            product_id=product_id,
            copy=copy,
            execution_id=run.execution_id,
            title=body.title,
        )
    return ProductCopyWritten(
        execution_id=run.execution_id,
        document_id=run.document_id,
        status=run.status.status,
        facts=facts,
        content=copy,
        write=written,
    )


@router.post(
    "/stores/{store_id}/products/{product_id}/write",
    responses={**problem_responses(404, 409), **REMOTE_PROBLEMS},
)
async def write(
    store_id: uuid.UUID,
    product_id: ProductId,
    body: CopyWrite,
    principal: EditorPrincipal,
    context: ContextDep,
) -> WriteResult:
    """Write product copy (a completed product run's, or given) to the product; again is a no-op.

    Given ``content`` must meet the product copy contract, or 422 lists each violation
    (``field: message``) and nothing is sent to the store. 404 for an unknown store, run or
    product; 409 while the run has not completed; 400 for a run without product copy;
    502/504 when the store refuses or does not answer.
    """
    tenant_id = principal.tenant_id
    await run_in_threadpool(_store_exists, context, tenant_id, store_id)
    execution_id: str | None = None
    if body.execution_id is not None:
        copy = await run_in_threadpool(_run_copy, context, tenant_id, body.execution_id)
        execution_id = str(body.execution_id)
    else:
        assert body.content is not None  # the body's validator makes sure of one of both
        copy = body.content
    return await write_copy(
        context.instance,
        tenant_id=tenant_id,
        store=store_id,
        product_id=product_id,
        copy=copy,
        execution_id=execution_id,
        title=body.title,
        # A completed run's copy met the contract against its facts; given copy has not.
        check_contract=body.content is not None,
    )
