"""``POST /api/v1/images/to-product``: library pictures onto a WooCommerce product.

Thin over :func:`presswright.images.product_pictures.write_product_pictures`: each picture
goes to the Media Library of the shop's WordPress site connection (once per content hash),
then the product's image and gallery are set with their alt text. A picture without alt
text, or no picture at all, is a 400 with the fix; another workspace's store, site or
picture a 404. Included by :mod:`presswright.api.routes.images`.
"""

from __future__ import annotations

from fastapi import APIRouter

from presswright.api.context import ContextDep
from presswright.api.principals import EditorPrincipal
from presswright.api.problems import problem_responses
from presswright.errors import NotFoundError
from presswright.images.product_pictures import (
    ProductPictures,
    ProductPicturesWrite,
    run_pictures,
    write_product_pictures,
)

__all__ = ["router"]

router = APIRouter()


@router.post("/to-product", responses=problem_responses(404, 502, 504))
async def pictures_to_product(
    body: ProductPicturesWrite, principal: EditorPrincipal, context: ContextDep
) -> ProductPictures:
    """Make the pictures (or a product run's) the product's image and gallery."""
    pictures = list(body.pictures)
    if body.execution_id:
        made = run_pictures(
            context.instance, tenant_id=principal.tenant_id, execution_id=body.execution_id
        )
        if not made and not pictures:
            raise NotFoundError(
                f"no pictures made by run {body.execution_id} in this workspace",
                hint="name library image ids in pictures, or a product run that made pictures",
            )
        pictures += made
    return await write_product_pictures(
        context.instance,
        tenant_id=principal.tenant_id,
        store=body.store,
        product_id=body.product_id,
        site=body.site,
        pictures=pictures,
        replace=body.replace,
    )
