"""``/api/v1/images/{id}/edit`` and ``/variations``: pictures made from a library picture.

Both start a run of the shipped ``image`` flow, as generating does: 202 with the execution
(follow it at Location; its pictures are listed with ``?execution_id=``), each picture
recording the one it came from. A model that cannot edit (or take the mask) or vary
answers 422 on ``model`` naming the workspace's models that can; a mask that is not a PNG
of the picture's size with transparent pixels answers 422 on ``mask``. Included by
:mod:`presswright.api.routes.images`.
"""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, Response, UploadFile
from fastapi.exceptions import RequestValidationError

from presswright.api.context import ContextDep
from presswright.api.problems import problem_responses
from presswright.api.routes.execution_bodies import ACCEPTED
from presswright.api.throttles import GenerationPrincipal
from presswright.errors import FileTooLargeError
from presswright.images.checks import ImageFieldError
from presswright.images.derive import ImageEdit, ImageVariations, start_edit, start_variations
from presswright.images.editing import MAX_UPLOAD_BYTES
from presswright.images.encoding import OutputFormat
from presswright.images.service import ImagesStarted

__all__ = ["router"]

router = APIRouter()
_RESPONSES = {**ACCEPTED, **problem_responses(404, 413, 429, 503)}


def _problem(error: ImageFieldError) -> RequestValidationError:
    return RequestValidationError(
        [{"loc": ("body", error.field), "msg": error.reason, "type": "value_error"}]
    )


def _located(started: ImagesStarted, response: Response) -> ImagesStarted:
    response.headers["Location"] = f"/api/v1/executions/{started.execution_id}"
    return started


@router.post("/{image_id}/edit", status_code=202, responses=_RESPONSES)
async def edit_library_picture(
    image_id: uuid.UUID,
    request: Request,
    principal: GenerationPrincipal,
    context: ContextDep,
    response: Response,
    prompt: Annotated[str, Form(min_length=1, max_length=4000, description="What to change.")],
    mask: Annotated[
        UploadFile | None,
        File(description="A PNG of the picture's size, transparent where it should change."),
    ] = None,
    negative_prompt: Annotated[str | None, Form(max_length=2000)] = None,
    count: Annotated[int, Form(ge=1, le=8)] = 1,
    size: Annotated[str | None, Form(max_length=20)] = None,
    model: Annotated[str | None, Form(max_length=200)] = None,
    format: Annotated[OutputFormat, Form()] = "webp",
    alt_model: Annotated[str | None, Form(max_length=200)] = None,
) -> ImagesStarted:
    """Edit a picture as the prompt says (inside the mask, when one is sent): 202 with the
    execution; 422 on ``model`` with the models that can when this one cannot."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_UPLOAD_BYTES + 64 * 1024:
        raise FileTooLargeError(limit=MAX_UPLOAD_BYTES, what="mask")
    data = await mask.read(MAX_UPLOAD_BYTES + 1) if mask is not None else None
    if data is not None and len(data) > MAX_UPLOAD_BYTES:
        raise FileTooLargeError(limit=MAX_UPLOAD_BYTES, what="mask")
    body = ImageEdit(
        prompt=prompt,
        negative_prompt=negative_prompt or None,
        count=count,
        size=size or None,
        model=model or None,
        format=format,
        alt_model=alt_model or None,
    )
    try:
        started = await start_edit(
            context.instance,
            tenant_id=principal.tenant_id,
            user_id=principal.user_id,
            source_id=image_id,
            body=body,
            mask=data or None,
            runtime=context.runtime,
        )
    except ImageFieldError as error:
        raise _problem(error) from None
    return _located(started, response)


@router.post("/{image_id}/variations", status_code=202, responses=_RESPONSES)
async def vary_library_picture(
    image_id: uuid.UUID,
    body: ImageVariations,
    principal: GenerationPrincipal,
    context: ContextDep,
    response: Response,
) -> ImagesStarted:
    """More pictures like this one ("more like this"): 202 with the execution; 422 on
    ``model`` with the models that can when this one cannot."""
    try:
        started = await start_variations(
            context.instance,
            tenant_id=principal.tenant_id,
            user_id=principal.user_id,
            source_id=image_id,
            body=body,
            runtime=context.runtime,
        )
    except ImageFieldError as error:
        raise _problem(error) from None
    return _located(started, response)
