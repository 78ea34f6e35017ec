"""``/api/v1/images``: pictures of the library (Media Forge). Thin over
:mod:`presswright.images.service` and :mod:`presswright.images.editing`.

Generating is a run of the shipped ``image`` flow: 202 with the execution (follow it at
Location; its pictures are then listed with ``?execution_id=``). A request the model cannot
make answers 422 on the field at fault (size, count, style, negative_prompt, prompt); no
image provider configured answers 503 with the ``presswright providers add`` fix. Another
workspace's picture answers 404, as does any id that is not a picture.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Query, Request, Response, UploadFile
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field

from presswright.api.context import ContextDep
from presswright.api.principals import EditorPrincipal, ViewerPrincipal
from presswright.api.problems import problem_responses
from presswright.api.routes import API_PREFIX
from presswright.api.routes.execution_bodies import ACCEPTED
from presswright.api.routes.files import content_disposition
from presswright.api.routes.image_derive import router as derive_router
from presswright.api.routes.image_products import router as products_router
from presswright.api.throttles import GenerationPrincipal
from presswright.errors import FileTooLargeError, InvalidImageError
from presswright.images import ImageModelInfo
from presswright.images.alt_text import AltText
from presswright.images.attach import ImageAttached, attach_image
from presswright.images.checks import ImageFieldError
from presswright.images.editing import (
    MAX_UPLOAD_BYTES,
    AltTextRefusedError,
    check_upload,
    describe_image,
    describe_upload,
    edit_image,
    push_image_document,
)
from presswright.images.encoding import OutputFormat
from presswright.images.service import (
    ImageGenerate,
    ImagePage,
    ImagePublic,
    ImagesStarted,
    Language,
    get_image,
    image_models,
    list_images,
    open_image,
    start_images,
)
from presswright.publish.wordpress.media import MediaResult

__all__ = ["ImageAttach", "ImageDescribe", "ImageEdit", "ImagePush", "router"]

router = APIRouter(
    prefix=f"{API_PREFIX}/images",
    tags=["images"],
    responses=problem_responses(400, 401, 403, 422),
)
router.include_router(derive_router)  # POST /{id}/edit and /{id}/variations
router.include_router(products_router)  # POST /to-product


class ImageEdit(BaseModel):
    """A person's alt text and/or title for a picture (a new version)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"alt_text": "A red lighthouse on a rocky coast."}]},
    )

    alt_text: str | None = Field(default=None, max_length=1000)
    title: str | None = Field(default=None, max_length=300)


class ImageDescribe(BaseModel):
    """How to write alt text for a stored picture."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{}]})

    context: str = Field(default="", max_length=4000, description="Text the picture goes with.")
    language: Language | None = Field(default=None, description="Default: the picture's.")
    model: str | None = Field(default=None, max_length=200, description="Text model to ask.")


class ImagePush(BaseModel):
    """Where to send a picture: a connected WordPress site's Media Library."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"site": "my-blog"}]})

    site: str = Field(min_length=1, max_length=200, description="The site's name or id.")
    caption: str = Field(default="", max_length=2000)
    format: OutputFormat | None = Field(
        default=None, description="A stored format to send; default: the main one."
    )


class ImageAttach(BaseModel):
    """Which article document to attach a picture to, and where."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"document_id": "6f1c2b1e-0000-4000-8000-000000000000", "version": 2}]
        },
    )

    document_id: uuid.UUID = Field(description="An article document of the library.")
    version: int = Field(ge=1, description="The article's current version, as you saw it.")
    placement: Literal["featured", "body"] = "body"
    after_section: int | None = Field(
        default=None,
        ge=0,
        description="Body only: 0 after the introduction, N after section N; none: the end.",
    )


def _field_problem(error: ImageFieldError) -> RequestValidationError:
    """An image request's refused field as the 422 every invalid body field gets; refused
    alt text answers one problem per broken rule, the rule id as its kind."""
    if isinstance(error, AltTextRefusedError):
        return RequestValidationError(
            [
                {"loc": ("body", error.field), "msg": item.message, "type": item.rule}
                for item in error.problems
            ]
        )
    return RequestValidationError(
        [{"loc": ("body", error.field), "msg": error.reason, "type": "value_error"}]
    )


@router.post("", status_code=202, responses={**ACCEPTED, **problem_responses(429, 503)})
async def generate_images(
    body: ImageGenerate, principal: GenerationPrincipal, context: ContextDep, response: Response
) -> ImagesStarted:
    """Start making pictures: 202 with the execution. 422 names a field the model cannot
    take; 503 when no image provider is configured (with the fix)."""
    try:
        started = await start_images(
            context.instance,
            tenant_id=principal.tenant_id,
            user_id=principal.user_id,
            body=body,
            runtime=context.runtime,
        )
    except ImageFieldError as error:
        raise _field_problem(error) from None
    response.headers["Location"] = f"{API_PREFIX}/executions/{started.execution_id}"
    return started


@router.get("")
def list_library_images(
    principal: ViewerPrincipal,
    context: ContextDep,
    execution_id: Annotated[
        str | None, Query(max_length=36, description="Only the pictures this run made.")
    ] = None,
    q: Annotated[str | None, Query(max_length=200, description="Words to find.")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
) -> ImagePage:
    """The workspace's pictures, newest first."""
    return list_images(
        context.instance,
        tenant_id=principal.tenant_id,
        execution_id=execution_id,
        q=q,
        limit=limit,
        offset=offset,
    )


@router.get("/models")
def list_image_models(principal: ViewerPrincipal, context: ContextDep) -> list[ImageModelInfo]:
    """The image models this workspace can use, with their sizes, styles and counts."""
    return image_models(context.instance, tenant_id=principal.tenant_id)


@router.post("/describe", responses=problem_responses(413, 502, 503))
async def describe_uploaded_image(
    request: Request,
    principal: GenerationPrincipal,
    context: ContextDep,
    file: Annotated[UploadFile, File(description="The picture (PNG, JPEG, WebP, GIF, AVIF).")],
    text: Annotated[str, Form(max_length=4000, description="Text it goes with.")] = "",
    language: Annotated[Language, Form()] = "en",
    model: Annotated[str | None, Form(max_length=200)] = None,
    prompt: Annotated[str | None, Form(max_length=4000)] = None,
) -> AltText:
    """Alt text for an uploaded picture (nothing is stored); 413 over the size limit."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_UPLOAD_BYTES + 64 * 1024:
        raise FileTooLargeError(limit=MAX_UPLOAD_BYTES, what="picture")
    try:
        data = check_upload(await file.read(MAX_UPLOAD_BYTES + 1))
        return await describe_upload(
            context.instance,
            tenant_id=principal.tenant_id,
            user_id=principal.user_id,
            data=data,
            context=text,
            language=language,
            model=model,
            prompt=prompt,
        )
    except ImageFieldError as error:
        raise _field_problem(error) from None
    except InvalidImageError as error:  # not a picture, or one over a limit: the field's fault
        raise RequestValidationError(
            [{"loc": ("body", "file"), "msg": str(error), "type": error.reason}]
        ) from None


@router.get("/{image_id:uuid}", responses=problem_responses(404))
def read_image(image_id: uuid.UUID, principal: ViewerPrincipal, context: ContextDep) -> ImagePublic:
    """One picture: prompt, model, size, files and alt text with its source."""
    return get_image(context.instance, tenant_id=principal.tenant_id, document_id=image_id)


@router.patch("/{image_id:uuid}", responses=problem_responses(404))
def edit_library_image(
    image_id: uuid.UUID, body: ImageEdit, principal: EditorPrincipal, context: ContextDep
) -> ImagePublic:
    """A person's alt text (held to the alt text rules: 422 on alt_text) and/or title."""
    try:
        return edit_image(
            context.instance,
            tenant_id=principal.tenant_id,
            user_id=principal.user_id,
            document_id=image_id,
            alt_text=body.alt_text,
            title=body.title,
        )
    except ImageFieldError as error:
        raise _field_problem(error) from None


_DOWNLOAD: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The picture's bytes.",
        "content": {"image/*": {"schema": {"type": "string", "format": "binary"}}},
    }
}


@router.get(
    "/{image_id}/download",
    response_class=Response,
    responses={**_DOWNLOAD, **problem_responses(404)},
)
def download_image(
    image_id: uuid.UUID,
    principal: ViewerPrincipal,
    context: ContextDep,
    format: Annotated[
        OutputFormat | None,
        Query(description="webp, avif, jpeg or png; default the main one (others converted)."),
    ] = None,
) -> Response:
    """The picture in a format: a stored file, or converted from the main one."""
    download = open_image(
        context.instance, tenant_id=principal.tenant_id, document_id=image_id, format=format
    )
    headers = {
        "Content-Disposition": content_disposition(download.filename),
        "Cache-Control": "private, no-cache",
    }
    if download.sha256:
        headers["ETag"] = f'"{download.sha256}"'
    return Response(download.content, media_type=download.media_type, headers=headers)


@router.post("/{image_id}/describe", responses=problem_responses(404, 502, 503))
async def describe_library_image(
    image_id: uuid.UUID, body: ImageDescribe, principal: GenerationPrincipal, context: ContextDep
) -> ImagePublic:
    """Write alt text for a stored picture (a vision model sees it; else it is written from
    the prompt and marked so): a new version."""
    return await describe_image(
        context.instance,
        tenant_id=principal.tenant_id,
        user_id=principal.user_id,
        document_id=image_id,
        context=body.context,
        language=body.language,
        model=body.model,
    )


@router.post("/{image_id}/push", responses=problem_responses(404, 502, 504))
async def push_library_image(
    image_id: uuid.UUID, body: ImagePush, principal: EditorPrincipal, context: ContextDep
) -> MediaResult:
    """Send a picture to a connected WordPress site's Media Library with its title, caption
    and alt text (the same bytes again reuse the item)."""
    return await push_image_document(
        context.instance,
        tenant_id=principal.tenant_id,
        document_id=image_id,
        site=body.site,
        caption=body.caption,
        format=body.format,
    )


@router.post("/{image_id}/attach", responses=problem_responses(404, 409))
def attach_library_image(
    image_id: uuid.UUID, body: ImageAttach, principal: EditorPrincipal, context: ContextDep
) -> ImageAttached:
    """Attach a picture to an article document as its featured image or in its body: a new
    version of the article (409 when ``version`` is no longer current), which publishing
    sends with the picture. 422 for a document that is not an article or a missing section."""
    try:
        return attach_image(
            context.instance,
            tenant_id=principal.tenant_id,
            user_id=principal.user_id,
            image_id=image_id,
            document_id=body.document_id,
            version=body.version,
            placement=body.placement,
            after_section=body.after_section,
        )
    except ImageFieldError as error:
        raise _field_problem(error) from None
