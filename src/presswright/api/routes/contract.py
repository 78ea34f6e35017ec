"""``/api/v1/content/check`` and ``/api/v1/content/contract``: the content contract for forms.

A dry-run check judges a document (the JSON a version of an article, product copy or
pattern holds) by the rules ``presswright check`` and the publishers apply, and stores
nothing: 200 with every broken rule, 422 when the document is not of its kind's shape.
The contract's limits are the numbers those rules count against. Viewers may use both.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field

from presswright.api.principals import ViewerPrincipal
from presswright.api.problems import problem_responses
from presswright.api.routes import API_PREFIX
from presswright.content.models import Language
from presswright.documents.editing import (
    CheckedKind,
    ContentContract,
    ContractCheck,
    check_content,
    content_contract,
)

__all__ = ["ContentCheck", "router"]

router = APIRouter(
    prefix=f"{API_PREFIX}/content",
    tags=["content"],
    responses=problem_responses(400, 401, 403, 422),
)


class ContentCheck(BaseModel):
    """A document to check by its kind's contract, without storing it."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "kind": "product",
                    "document": {
                        "language": "en",
                        "title": "Insulated steel water bottle, 750 ml",
                        "short_description": "...",
                        "long_description_html": "<p>...</p>",
                        "feature_bullets": ["..."],
                        "meta": {"seo_title": "...", "meta_desc": "...", "slug": "..."},
                        "tags": ["water bottle"],
                        "image_alt_text": "A matte black steel bottle",
                    },
                    "keywords": ["water bottle"],
                }
            ]
        },
    )

    kind: CheckedKind
    document: dict[str, Any] = Field(
        description="The content as a version of its document holds it: an article"
        " (ContentData), product copy (ProductCopy), or a pattern's {spec, ...}."
    )
    keywords: list[str] | None = Field(
        default=None,
        max_length=content_contract().brief.keywords_max,
        description="Keywords to place instead of the document's own.",
    )
    language: Language | None = Field(
        default=None,
        description="The language the content was asked in; a pattern's text is judged in"
        " it (default: the document's own, or as a pattern's text reads).",
    )


@router.post("/check")
async def check_document(body: ContentCheck, principal: ViewerPrincipal) -> ContractCheck:
    """Check a document by its contract and store nothing.

    200 either way: ``errors`` lists every broken rule (``ok`` when none), each on the
    content's own field path. 422 lists the shape errors of a document that is not an
    article, product copy or pattern at all.
    """
    return await run_in_threadpool(
        check_content, body.kind, body.document, keywords=body.keywords, language=body.language
    )


@router.get("/contract")
def read_contract(principal: ViewerPrincipal) -> ContentContract:
    """The limits the contract's rules count against, and how keywords must be placed."""
    return content_contract()
