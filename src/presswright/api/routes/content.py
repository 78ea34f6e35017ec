"""``/api/v1/content``, ``/api/v1/products``, ``/api/v1/patterns``: generate checked content.

Each ``generate`` route runs the library's one generation use case
(:func:`presswright.documents.generate`): a document of the library, filled by a built-in
flow (an execution like any other: durable, resumable, visible under
``/api/v1/executions``); every answer names both ``document_id`` and ``execution_id``. It
waits up to ``wait`` seconds for the run:
200 with the content once it completes, 202 with the execution's status document and a
``Location`` while it still runs, or the problem that ended it: 422 listing the violations
when the content could not meet its contract, 409 when someone stopped the run, 502 when
the model failed it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

from presswright.api.context import ApiContext, ContextDep
from presswright.api.principals import Principal
from presswright.api.problems import problem_responses
from presswright.api.routes import API_PREFIX
from presswright.api.throttles import GenerationPrincipal
from presswright.content.models import ContentData, ContentRequest, ProductCopy, ProductFacts
from presswright.content.pattern import PatternRequest, PatternResult
from presswright.content.render import render_gutenberg, render_html, render_markdown
from presswright.documents import Brief, Generation, generate
from presswright.flows.operations import RunStatus

__all__ = [
    "ArticleGenerate",
    "ArticleGenerated",
    "GenerationAccepted",
    "PatternGenerate",
    "PatternGenerated",
    "ProductGenerate",
    "ProductGenerated",
    "accepted",
    "patterns_router",
    "products_router",
    "router",
    "run_generation",
]

RenderFormat = Literal["html", "gutenberg", "md"]
# provider:model (the model part may hold colons and slashes) or a bare alias.
MODEL_ID = r"^[A-Za-z0-9][A-Za-z0-9._-]*(:[!-~]+)?$"
# A brand profile name is looked up in a text column: no control characters (PostgreSQL
# refuses NUL in text).
PLAIN_TEXT = r"^[^\x00-\x1f\x7f]*$"

# The bodies' schemas say exactly what the briefs accept, whitespace included: pydantic
# strips Unicode White_Space (PatternRequest), str.split() also \x1c-\x1f (ContentRequest),
# and neither is what \s means in ECMA or Rust regex, so the patterns spell them out.
_STRIPPED = r"\t\n\x0b\x0c\r\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_SPLIT = _STRIPPED + r"\x1c-\x1f"
# ContentRequest collapses runs of whitespace in a topic; then 5 characters must be left
# (a lookahead: the article body runs its patterns on Python's re).
TOPIC = rf"^[{_SPLIT}]*[^{_SPLIT}](?:[^{_SPLIT}]|[{_SPLIT}]+(?=[^{_SPLIT}])){{4}}"
# ... and in a keyword, which must not be left empty.
Keyword = Annotated[str, Field(min_length=1, max_length=80, pattern=rf"^[{_SPLIT}]*[^{_SPLIT}]")]
# PatternRequest strips a description (5 characters must be left) and a category.
DESCRIPTION = rf"^[{_STRIPPED}]*[^{_STRIPPED}][\s\S]{{3,}}[^{_STRIPPED}]"
NOT_BLANK = rf"^[{_STRIPPED}]*[^{_STRIPPED}]"

_Brief = TypeVar("_Brief", bound=BaseModel)


class GenerationAccepted(RunStatus):
    """A generation still under way: its execution's status, and the document it fills."""

    document_id: uuid.UUID = Field(
        description="The document the run fills: GET /api/v1/documents/{document_id}."
    )


_RESPONSES: dict[int | str, dict[str, Any]] = {
    **problem_responses(409, 502),
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
}


def _router(resource: str) -> APIRouter:
    """The router of ``/api/v1/{resource}/generate``."""
    # 400: a body that is not JSON at all, or an X-Tenant-ID that is not a workspace id.
    return APIRouter(
        prefix=f"{API_PREFIX}/{resource}",
        tags=["content"],
        responses=problem_responses(400, 401, 403, 422, 429),
    )


router = _router("content")
products_router = _router("products")
patterns_router = _router("patterns")


class GenerationOptions(BaseModel):
    """How a generation runs: on which model, and how long the request waits for it."""

    model: str | None = Field(
        default=None,
        max_length=200,
        pattern=MODEL_ID,
        description="provider:model (or an alias); default: the configured model.",
        examples=["local:smollm2"],
    )
    wait: float = Field(
        default=30,
        ge=0,
        le=120,
        description="Seconds to wait for the run: 200 with the content if it completes in"
        " time, else 202 with its status.",
    )


class RenderingOptions(BaseModel):
    """Which renderings of the finished content to return besides its JSON."""

    formats: list[RenderFormat] = Field(
        default_factory=list,
        max_length=3,
        description="Renderings to add: html (a page), gutenberg (block markup), md.",
    )


class ArticleGenerate(RenderingOptions, GenerationOptions, ContentRequest):
    """The brief of one article, and how to run it."""

    model_config = ConfigDict(
        extra="forbid",
        regex_engine="python-re",
        json_schema_extra={
            "examples": [
                {
                    "topic": "Baking sourdough bread at home",
                    "keywords": ["sourdough bread"],
                    "length": "short",
                    "formats": ["html"],
                    "wait": 30,
                }
            ]
        },
    )

    topic: str = Field(min_length=5, max_length=200, pattern=TOPIC)
    keywords: list[Keyword] = Field(default_factory=list, max_length=10)
    brand_profile: str | None = Field(default=None, max_length=100, pattern=PLAIN_TEXT)


class ProductGenerate(RenderingOptions, GenerationOptions, ProductFacts):
    """What the shop knows about a product, and how to run its copy."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "Linen apron",
                    "category": "Kitchen textiles",
                    "attributes": {"material": "washed linen"},
                    "features": ["two deep pockets", "adjustable straps"],
                    "keywords": ["linen apron"],
                    "formats": ["html"],
                }
            ]
        },
    )

    brand_profile: str | None = Field(default=None, max_length=100, pattern=PLAIN_TEXT)


class PatternGenerate(GenerationOptions, PatternRequest):
    """What a block pattern should show, and how to run it."""

    # Not stripped here: the limits hold for what is sent; PatternRequest strips it after.
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=False,
        regex_engine="python-re",
        json_schema_extra={
            "examples": [
                {"description": "Hero with a call to action for a small bakery", "wait": 30}
            ]
        },
    )

    description: str = Field(min_length=5, max_length=500, pattern=DESCRIPTION)
    category: str | None = Field(default=None, min_length=1, max_length=100, pattern=NOT_BLANK)


class _Completed(BaseModel):
    """A generation run that completed, and the document that holds its content."""

    execution_id: str
    document_id: uuid.UUID = Field(
        description="The document in the library: GET /api/v1/documents/{document_id}."
    )
    status: Literal["completed"]


class _Rendered(_Completed):
    """A completed run of content that renders in several formats."""

    renderings: dict[RenderFormat, str] = Field(
        default_factory=dict, description="The requested renderings by format."
    )


class ArticleGenerated(_Rendered):
    """A completed article run: the checked article and the renderings asked for."""

    content: ContentData


class ProductGenerated(_Rendered):
    """A completed product run: the checked copy and the renderings asked for."""

    content: ProductCopy


class PatternGenerated(_Completed):
    """A completed pattern run: the checked spec and its block markup."""

    content: PatternResult


_RENDERERS: dict[RenderFormat, Callable[[ContentData | ProductCopy], str]] = {
    "html": lambda content: render_html(content, document=True),
    "gutenberg": render_gutenberg,
    "md": render_markdown,
}


def _brief(body: BaseModel, model: type[_Brief]) -> _Brief:
    """The domain request inside a generation body (without the run options)."""
    return model.model_validate(body.model_dump(include=set(model.model_fields)))


def _renderings(
    content: ContentData | ProductCopy, formats: list[RenderFormat]
) -> dict[RenderFormat, str]:
    return {fmt: _RENDERERS[fmt](content) for fmt in formats}


async def run_generation(
    context: ApiContext, principal: Principal, brief: Brief, options: GenerationOptions
) -> Generation:
    """Generate the brief's document (the library's one use case), waiting ``options.wait``."""
    return await generate(
        context.instance,
        tenant_id=principal.tenant_id,
        user_id=principal.user_id,
        brief=brief,
        model=options.model,
        wait=options.wait,
        runtime=context.runtime,
    )


def accepted(generation: Generation) -> Response:
    """202 with the status of a run still under way, its document, and where to follow it."""
    body = GenerationAccepted(**generation.status.model_dump(), document_id=generation.document_id)
    return JSONResponse(
        body.model_dump(mode="json"),
        status_code=202,
        headers={"Location": f"{API_PREFIX}/executions/{generation.execution_id}"},
    )


@router.post(
    "/generate",
    response_model=ArticleGenerated,
    responses={**_RESPONSES, **problem_responses(404)},
)
async def generate_article(
    body: ArticleGenerate, principal: GenerationPrincipal, context: ContextDep
) -> ArticleGenerated | Response:
    """Write an SEO article that meets every contract rule, with the renderings asked for.

    404 names an unknown brand profile; 422 lists each violation of content that still
    broke the contract after repairs.
    """
    generation = await run_generation(context, principal, _brief(body, ContentRequest), body)
    if not generation.completed:
        return accepted(generation)
    article = generation.content
    assert isinstance(article, ContentData)
    return ArticleGenerated(
        execution_id=generation.execution_id,
        document_id=generation.document_id,
        status="completed",
        content=article,
        renderings=_renderings(article, body.formats),
    )


@products_router.post(
    "/generate",
    response_model=ProductGenerated,
    responses={**_RESPONSES, **problem_responses(404)},
)
async def generate_product(
    body: ProductGenerate, principal: GenerationPrincipal, context: ContextDep
) -> ProductGenerated | Response:
    """Write product copy that meets every contract rule, with the renderings asked for.

    404 names an unknown brand profile; 422 lists each violation of copy that still broke
    the contract after repairs.
    """
    generation = await run_generation(context, principal, _brief(body, ProductFacts), body)
    if not generation.completed:
        return accepted(generation)
    copy = generation.content
    assert isinstance(copy, ProductCopy)
    return ProductGenerated(
        execution_id=generation.execution_id,
        document_id=generation.document_id,
        status="completed",
        content=copy,
        renderings=_renderings(copy, body.formats),
    )


@patterns_router.post(
    "/generate",
    response_model=PatternGenerated,
    # The spec as the pattern flow and the CLI give it: block fields left out where unused.
    response_model_exclude_defaults=True,
    responses=_RESPONSES,
)
async def generate_pattern(
    body: PatternGenerate, principal: GenerationPrincipal, context: ContextDep
) -> PatternGenerated | Response:
    """Design a Gutenberg block pattern: a checked spec and its block markup.

    422 lists each violation of a pattern that still broke the rules after repairs.
    """
    generation = await run_generation(context, principal, _brief(body, PatternRequest), body)
    if not generation.completed:
        return accepted(generation)
    pattern = generation.content
    assert isinstance(pattern, PatternResult)
    return PatternGenerated(
        execution_id=generation.execution_id,
        document_id=generation.document_id,
        status="completed",
        content=pattern,
    )
