"""ContentCraft's ``POST /api/content/generate``: its ``ContentRequest`` in, its envelope out.

The path is the design's own (seed 001, "Request Flow", step 5), not under ``/api/v1``, so a
ContentCraft WordPress plugin pointed at Presswright keeps working. The body is the design's
``ContentRequest`` (``topic, keywords, tone, length, language, brand_profile, sections``) and the
answer its ``ContentResponse`` envelope ``{success, data, error}``, ``data`` being its
``ContentData`` (``title, excerpt, outline, body_html, meta{seo_title, meta_desc, slug},
headings, internal_links, schema_ld_json``). Beside the envelope the answer names the
``execution_id`` and ``document_id``, as every Presswright generation does.

The article is written by the library's one generation use case
(:func:`presswright.documents.generate`), like ``/api/v1/content/generate``; Presswright's run
options (``model``, ``wait``) are query parameters, so the body stays the design's. Errors are
problem documents with ``success: false, data: null, error`` added (4xx for the request,
the contract or a stopped run; 5xx when the model fails).
"""

from __future__ import annotations

import json
import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator
from starlette.responses import Response

from presswright.api.context import ContextDep
from presswright.api.envelopes import ContentCraftRoute
from presswright.api.problems import problem_responses
from presswright.api.routes.content import MODEL_ID, PLAIN_TEXT, TOPIC, Keyword
from presswright.api.throttles import GenerationPrincipal
from presswright.content.models import ContentData, ContentRequest, InternalLink, Language, Length
from presswright.documents import generate

__all__ = ["ContentCraftData", "ContentCraftRequest", "ContentCraftResponse", "router"]

router = APIRouter(
    prefix="/api/content",
    tags=["contentcraft"],
    route_class=ContentCraftRoute,
    responses=problem_responses(400, 401, 403, 404, 409, 422, 429, 502),
)

# Parts of an article the design's ``sections`` may name; Presswright writes them all.
SECTIONS = frozenset(
    {"title", "body", "meta", "excerpt", "outline", "headings", "internal_links", "schema", "faq"}
)


ProfileName = Annotated[str, Field(min_length=1, max_length=100, pattern=PLAIN_TEXT)]
_PROFILE_NAME = TypeAdapter(ProfileName)


class ContentCraftRequest(BaseModel):
    """ContentCraft's ``ContentRequest``, field for field."""

    model_config = ConfigDict(
        extra="forbid",
        regex_engine="python-re",
        json_schema_extra={
            "examples": [
                {
                    "topic": "Baking sourdough bread at home",
                    "keywords": ["sourdough bread"],
                    "tone": "professional",
                    "length": "short",
                    "language": "en",
                    "brand_profile": None,
                    "sections": ["title", "body", "meta"],
                }
            ]
        },
    )

    topic: str = Field(min_length=5, max_length=200, pattern=TOPIC)
    keywords: list[Keyword] = Field(default_factory=list, max_length=10)
    tone: str = Field(default="professional", min_length=1, max_length=100)
    length: Length = "medium"
    language: Language = "en"
    brand_profile: ProfileName | dict[str, Any] | None = Field(
        default=None,
        description='A stored brand profile: its name, or {"name": ...};'
        ' {"enabled": false} means none.',
    )
    sections: list[str] = Field(
        default_factory=lambda: ["title", "body", "meta"],
        max_length=len(SECTIONS),
        description="Parts wanted: " + ", ".join(sorted(SECTIONS)) + ". Every article has them"
        " all (the contract checks them together); faq adds an FAQ section.",
    )

    @field_validator("sections")
    @classmethod
    def _known_sections(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - SECTIONS)
        if unknown:
            raise ValueError(f"unknown sections {unknown}; known: {sorted(SECTIONS)}")
        return value

    @field_validator("brand_profile")
    @classmethod
    def _stored_profile(cls, value: str | dict[str, Any] | None) -> str | None:
        """The stored profile's name: given, or as {"name": ...}; None for {"enabled": false}."""
        if value is None or isinstance(value, str):
            return value
        if "name" in value:
            try:
                return _PROFILE_NAME.validate_python(value["name"])
            except ValidationError:
                raise ValueError(
                    "brand_profile.name must be a brand profile's name (1-100 characters,"
                    " no control characters); see GET /api/v1/brand-profiles"
                ) from None
        if value.get("enabled") is False:
            return None
        raise ValueError(
            "an inline brand profile is not kept here: store it with POST"
            ' /api/v1/brand-profiles, then send its name (or {"name": ...});'
            ' {"enabled": false} sends none'
        )

    def brief(self) -> ContentRequest:
        """Presswright's article brief for this request."""
        return ContentRequest(
            topic=self.topic,
            keywords=self.keywords,
            tone=self.tone,
            length=self.length,
            language=self.language,
            brand_profile=self._profile_name(),
            faq="faq" in self.sections,
        )

    def _profile_name(self) -> str | None:
        return self.brand_profile if isinstance(self.brand_profile, str) else None


class ContentCraftMeta(BaseModel):
    """The design's ``MetaData``."""

    seo_title: str
    meta_desc: str
    slug: str


class ContentCraftData(BaseModel):
    """The design's ``ContentData``, plus the article's language and keywords."""

    title: str
    excerpt: str
    outline: list[str]
    body_html: str
    meta: ContentCraftMeta
    headings: list[str] = Field(description="The body's headings, in order.")
    internal_links: list[InternalLink]
    schema_ld_json: str | None = Field(description="The JSON-LD document, as JSON text.")
    language: Language
    keywords: list[str]

    @classmethod
    def of(cls, article: ContentData) -> ContentCraftData:
        """The design's shape of a checked article."""
        return cls(
            title=article.title,
            excerpt=article.excerpt,
            outline=article.outline,
            body_html=article.body_html,
            meta=ContentCraftMeta(**article.meta.model_dump()),
            headings=[heading.text for heading in article.headings],
            internal_links=article.internal_links,
            schema_ld_json=json.dumps(article.schema_ld_json, ensure_ascii=False),
            language=article.language,
            keywords=article.keywords,
        )


class ContentCraftResponse(BaseModel):
    """The design's ``ContentResponse``, with the run and the document that holds the article.

    200: ``success`` with ``data``. 202: still being written after ``wait`` seconds:
    ``success`` with ``data`` null; follow ``Location`` or the document.
    """

    success: bool
    data: ContentCraftData | None = None
    error: str | None = None
    status: Literal["completed", "queued", "running", "paused"]
    execution_id: str
    document_id: uuid.UUID


@router.post(
    "/generate",
    response_model=ContentCraftResponse,
    responses={202: {"model": ContentCraftResponse, "description": "Still being written."}},
)
async def generate_content(
    body: ContentCraftRequest,
    principal: GenerationPrincipal,
    context: ContextDep,
    model: Annotated[
        str | None,
        Query(max_length=200, pattern=MODEL_ID, description="provider:model; default: configured."),
    ] = None,
    wait: Annotated[
        float, Query(ge=0, le=120, description="Seconds to wait for the article (202 after).")
    ] = 60,
) -> Response:
    """Write an SEO article (ContentCraft's request and envelope) that meets every contract rule.

    404 names an unknown brand profile; 422 lists each violation of an article that still
    broke the contract after repairs; 409 a stopped run; 502 a model that failed it.
    """
    generation = await generate(
        context.instance,
        tenant_id=principal.tenant_id,
        user_id=principal.user_id,
        brief=body.brief(),
        model=model,
        wait=wait,
        runtime=context.runtime,
    )
    article = generation.content
    data = ContentCraftData.of(article) if isinstance(article, ContentData) else None
    answer = ContentCraftResponse(
        success=True,
        data=data,
        status=generation.status.status,  # ended runs raised
        execution_id=generation.execution_id,
        document_id=generation.document_id,
    )
    if data is not None:
        return JSONResponse(answer.model_dump(mode="json"))
    return JSONResponse(
        answer.model_dump(mode="json"),
        status_code=202,
        headers={"Location": f"/api/v1/executions/{generation.execution_id}"},
    )
