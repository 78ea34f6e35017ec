"""Where a generated item goes: an article to a WordPress post, product copy to its product.

Both writes are idempotent, so a driver killed in the middle of one leaves the item
``publishing`` and the next driver simply writes again: :func:`publish_document` finds the
post by the document key ``bulk:<item key>`` and updates it, and :func:`write_copy` is one
PUT of the whole copy to the product the item names.
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from typing import Any, Literal

from presswright.bootstrap import Instance
from presswright.content.service import article_from_outputs, product_from_outputs
from presswright.errors import PresswrightError
from presswright.publish.woocommerce.writeback import write_copy
from presswright.publish.wordpress.publish import PublishOptions, publish_document
from presswright.store.bulk import ItemRow, get_job
from presswright.store.models import Execution

__all__ = ["FAILURES", "Delivered", "Target", "deliver"]

Target = Literal["wordpress", "woocommerce"]
# How an item's error starts when its write fails, by target.
FAILURES: dict[Target, str] = {
    "wordpress": "publishing failed",
    "woocommerce": "writing back failed",
}


@dataclass(frozen=True)
class Delivered:
    """Where the item went: the post or product id, and its address."""

    remote_id: int
    remote_url: str | None


@dataclass(frozen=True)
class _Destination:
    place: uuid.UUID
    status: str
    outputs: dict[str, Any]


def _destination(
    instance: Instance, tenant_id: uuid.UUID, job_id: uuid.UUID, target: Target, execution_id: str
) -> _Destination:
    """The site or store the job writes to, the post status, and the run's outputs."""
    with instance.database.tenant_session(tenant_id) as session:
        job = get_job(session, job_id)
        execution = session.get(Execution, execution_id)
        place = job.publish_store_id if target == "woocommerce" else job.publish_site_id
        if place is None:  # a store is kept by id (a removed one fails the write by name)
            raise PresswrightError(
                "the job's WordPress site was removed",
                hint="connect it again and submit the file again with it: finished items are"
                " reused, only published",
            )
        outputs = execution.outputs if execution is not None else None
        return _Destination(place, job.publish_status or "draft", dict(outputs or {}))


async def deliver(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    job_id: uuid.UUID,
    target: Target,
    item: ItemRow,
) -> Delivered:
    """Publish the item's article, or write its product copy back; where it went.

    Raises PresswrightError (or pydantic's ValidationError for content that does not fit)
    saying why it could not.
    """
    if item.execution_id is None:
        raise PresswrightError("the item has no run", hint="retry the job to generate it")
    found = await asyncio.to_thread(
        _destination, instance, tenant_id, job_id, target, item.execution_id
    )
    if target == "woocommerce":
        if item.woo_product_id is None:
            raise PresswrightError(
                "the item names no WooCommerce product",
                hint="submit the file again with a woo_product_id column",
            )
        written = await write_copy(
            instance,
            tenant_id=tenant_id,
            store=found.place,
            product_id=item.woo_product_id,
            copy=product_from_outputs(found.outputs),
            execution_id=item.execution_id,
        )
        return Delivered(written.product_id, written.product_url or None)
    published = await publish_document(
        instance,
        tenant_id=tenant_id,
        site=found.place,
        document=article_from_outputs(found.outputs),
        # The item's key: the same item publishes to the same post, whichever job.
        options=PublishOptions.model_validate(
            {"status": found.status, "document_key": f"bulk:{item.key}"}
        ),
    )
    return Delivered(published.remote_id, published.url)
