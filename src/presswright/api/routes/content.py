"""``/api/v1/content``, ``/api/v1/products``, ``/api/v1/patterns``: generate checked content.

Each ``generate`` route starts a built-in flow (an execution like any other: durable,
resumable, visible under ``/api/v1/executions``) and waits up to ``wait`` seconds for it:
200 with the content once it completes, 202 with the execution's status document and a
``Location`` while it still runs, or the problem that ended it: 422 listing the violations
when the content could not meet its contract, 409 when someone stopped the run, 502 when
the model failed it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
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

__all__ = [
    "ArticleGenerate",
    "ArticleGenerated",
    "PatternGenerate",
    "PatternGenerated",
    "ProductGenerate",
    "ProductGenerated",
    "accepted",
    "patterns_router",
    "products_router",
    "router",
    "run_builtin",
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

_RESPONSES: dict[int | str, dict[str, Any]] = {
    **problem_responses(409, 502),
    202: {
        "model": RunStatus,
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
    """A generation run that completed."""

    execution_id: str
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

# How ContentContractError words a contract that still fails after repairs (errors.py).
_CONTRACT_BROKEN = re.compile(
    r"^node '[^']+' failed: the (?P<what>.+?) still breaks \d+ rule\(s\) after repairs: "
    r"(?P<listed>.*?)(?: \(and (?P<more>\d+) more\))?; (?P<hint>[^;]*)$",
    re.DOTALL,
)
# Each violation reads "field.path: message"; a message may itself hold "; ".
_NEXT_VIOLATION = re.compile(r"; (?=[^\s;:]+: )")


def _brief(body: BaseModel, model: type[_Brief]) -> _Brief:
    """The domain request inside a generation body (without the run options)."""
    return model.model_validate(body.model_dump(include=set(model.model_fields)))


def _renderings(
    content: ContentData | ProductCopy, formats: list[RenderFormat]
) -> dict[RenderFormat, str]:
    return {fmt: _RENDERERS[fmt](content) for fmt in formats}


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
        hint=f"{hint}; the run: {API_PREFIX}/executions/{execution_id}",
    )


def _failure(status: RunStatus, model: str) -> PresswrightError:
    """Why a generation ended without content, as the error its problem answer reports."""
    execution_id = status.execution_id
    if status.status == "cancelled":
        return ConflictError(
            f"execution {execution_id} was stopped before it finished",
            hint=f"resume it: POST {API_PREFIX}/executions/{execution_id}/resume",
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
        hint=f"see {API_PREFIX}/executions/{execution_id}; fix the cause, then resume it",
    )


async def run_builtin(
    context: ApiContext,
    principal: Principal,
    flow: str,
    inputs: dict[str, Any],
    options: GenerationOptions,
) -> RunStatus:
    """Start a built-in flow and wait for it; its status, or the error that ended it."""
    execution_id = await start(
        context.instance,
        tenant_id=principal.tenant_id,
        spec=builtin_flow(flow),
        inputs=inputs,
        user_id=principal.user_id,
        runtime=context.runtime,
    )
    status = await wait_until_settled(
        context.instance,
        tenant_id=principal.tenant_id,
        execution_id=execution_id,
        timeout=options.wait,
    )
    if status.status in ("failed", "cancelled"):
        raise _failure(status, options.model or context.instance.settings.default_model)
    return status


def accepted(status: RunStatus) -> Response:
    """202 with the status document of a run still under way, and where to follow it."""
    return JSONResponse(
        status.model_dump(mode="json"),
        status_code=202,
        headers={"Location": f"{API_PREFIX}/executions/{status.execution_id}"},
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
    inputs = await run_in_threadpool(
        article_inputs,
        context.instance,
        principal.tenant_id,
        _brief(body, ContentRequest),
        model=body.model,
    )
    status = await run_builtin(context, principal, "article", inputs, body)
    if status.status != "completed":
        return accepted(status)
    article = article_from_outputs(status.outputs)
    return ArticleGenerated(
        execution_id=status.execution_id,
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
    inputs = await run_in_threadpool(
        product_inputs,
        context.instance,
        principal.tenant_id,
        _brief(body, ProductFacts),
        model=body.model,
    )
    status = await run_builtin(context, principal, "product", inputs, body)
    if status.status != "completed":
        return accepted(status)
    copy = product_from_outputs(status.outputs)
    return ProductGenerated(
        execution_id=status.execution_id,
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
    inputs = pattern_inputs(_brief(body, PatternRequest), model=body.model)
    status = await run_builtin(context, principal, "pattern", inputs, body)
    if status.status != "completed":
        return accepted(status)
    return PatternGenerated(
        execution_id=status.execution_id,
        status="completed",
        content=pattern_from_outputs(status.outputs),
    )
