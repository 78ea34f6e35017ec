"""Editing one page of a site before it is deployed: its title, search fields and sections.

An edit names the version it was made on (``base_version``) and becomes the site's next
version (source ``edited``); nothing is overwritten. An edit of a version that is no longer
current is kept as a draft of the site document and answered with
:class:`~presswright.documents.editing.EditConflictError` (409), as document edits are.

Every text is a person's (or a model's) and is cleaned at the boundary: tags, control
characters and stray markup are removed, so a page title or a paragraph is plain text (the
block renderer escapes it again). The edited page is then held to the content contract the
site flow holds its pages to: a spec of core blocks only that renders, exactly one H1, and
the SEO title and meta description within the contract's lengths. A failing edit is a
:class:`~presswright.documents.editing.RefusedEditError` (422) naming each field.
"""

from __future__ import annotations

import html
import re
import uuid
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from presswright.bootstrap import Instance
from presswright.content.blocks import render_pattern, validate_pattern
from presswright.content.field_rules import meta_problems
from presswright.content.models import SeoMeta
from presswright.content.violations import Violation
from presswright.documents.editing import EditConflictError, RefusedEditError
from presswright.errors import ConflictError, NotFoundError, UserInputError
from presswright.publish.wordpress.post_content import plain_text
from presswright.sites.compile import Site, SitePage
from presswright.sites.documents import read_site_version, site_document, store_site_version
from presswright.sites.page import block_names
from presswright.store.documents import add_draft, claim_version

__all__ = ["PageEdit", "clean_text", "edit_page", "find_page"]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TAG_LIKE = re.compile(r"<[A-Za-z!/?][^>]*>?")
_KEPT_AS_IS = frozenset({"type", "url"})  # checked by the spec's own rules
_META_FIELDS = {"meta.seo_title": "seo_title", "meta.meta_desc": "meta_desc", "meta.slug": "slug"}


class PageEdit(BaseModel):
    """New text for one page; what is left out stays as it is."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                {
                    "base_version": 1,
                    "title": "About us",
                    "seo_title": "About Rosa's Bakery | Leeds sourdough",
                    "meta_desc": "Meet the family behind Rosa's Bakery, baking sourdough"
                    " bread, pastries and cakes in Leeds since 1990.",
                }
            ]
        },
    )

    base_version: int = Field(ge=1, le=1_000_000, description="The version the edit was made on.")
    title: str | None = Field(default=None, min_length=1, max_length=200)
    seo_title: str | None = Field(default=None, min_length=1, max_length=300)
    meta_desc: str | None = Field(default=None, min_length=1, max_length=1000)
    spec: dict[str, Any] | None = Field(
        default=None,
        description="The page's sections as blocks, as the stored page holds them"
        " (GET /api/v1/documents/{id}/versions/{n}: pages[i].spec).",
    )

    @model_validator(mode="after")
    def _changes_something(self) -> PageEdit:
        if (
            self.title is None
            and self.seo_title is None
            and self.meta_desc is None
            and not self.spec
        ):
            raise ValueError("the edit changes nothing: send title, seo_title, meta_desc or spec")
        return self


def clean_text(value: str, *, lines: bool = False) -> str:
    """Plain text of a person's or model's ``value``: no tags, no control characters.

    ``lines``: keep line breaks (a paragraph's), else one line.
    """
    parts = value.split("\n") if lines else [value]
    cleaned = []
    for part in parts:
        text = html.unescape(plain_text(_CONTROL.sub("", part)))
        cleaned.append(_TAG_LIKE.sub("", text).strip())
    return "\n".join(cleaned).strip()


def _clean_spec(value: Any, key: str = "") -> Any:
    if isinstance(value, dict):
        return {k: _clean_spec(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean_spec(item, key) for item in value]
    if isinstance(value, str) and key not in _KEPT_AS_IS:
        return clean_text(value, lines=True)
    return value


def find_page(site: Site, page: str, site_id: uuid.UUID) -> int:
    """The index of ``page`` (a slug, or its number from 1); NotFoundError naming the pages."""
    index = next((p.index for p in site.pages if p.slug == page), None)
    if index is None and page.isdigit() and 1 <= int(page) <= len(site.pages):
        index = int(page) - 1
    if index is None:
        raise NotFoundError(
            f"site {site_id} has no page {page!r}",
            hint=f"its pages: {', '.join(p.slug for p in site.pages)} (or 1 to {len(site.pages)})",
        )
    return index


def _h1s(blocks: list[Any]) -> list[str]:
    found: list[str] = []
    for block in blocks:
        if isinstance(block, dict):
            if block.get("type") == "heading" and block.get("level") == 1:
                found.append(str(block.get("text", "")))
            found += _h1s(block.get("inner") or [])
    return found


def _checked_spec(spec: dict[str, Any], problems: list[Violation]) -> tuple[str, str]:
    """The page's markup and H1 text; appends every rule the spec breaks to ``problems``."""
    broken = [
        Violation(field=f"spec.{v.field}", rule=v.rule, message=v.message)
        for v in validate_pattern(spec)
    ]
    if broken:
        problems += broken
        return "", ""
    h1s = _h1s(spec.get("blocks") or [])
    if len(h1s) != 1:
        problems.append(
            Violation(
                field="spec.blocks",
                rule="one_h1",
                message=f"the page has {len(h1s)} H1 headings; it must have exactly one"
                " (the heading of its first section)",
            )
        )
    markup = render_pattern(spec)
    foreign = sorted({name for name in block_names(markup) if name == "html" or "/" in name})
    if foreign:
        problems.append(
            Violation(
                field="spec.blocks",
                rule="core_blocks",
                message=f"the page holds blocks that are not core blocks: {', '.join(foreign)}",
            )
        )
    return markup, h1s[0] if h1s else ""


def edited_site(site: Site, index: int, edit: PageEdit) -> Site:
    """``site`` with page ``index`` edited; RefusedEditError lists every rule it breaks."""
    old = site.pages[index]
    title = clean_text(edit.title) if edit.title is not None else old.title
    seo_title = clean_text(edit.seo_title) if edit.seo_title is not None else old.seo_title
    meta_desc = clean_text(edit.meta_desc) if edit.meta_desc is not None else old.meta_desc
    spec = _clean_spec(edit.spec if edit.spec is not None else old.spec)
    spec["title"] = title or old.title  # an empty title is named once, as "title"
    problems: list[Violation] = []
    if not title:
        problems.append(
            Violation(field="title", rule="required", message="the page needs a title (text)")
        )
    markup, h1 = _checked_spec(spec, problems)
    meta = SeoMeta(seo_title=seo_title or "-", meta_desc=meta_desc or "-", slug=old.slug)
    problems += [
        Violation(field=_META_FIELDS.get(v.field, v.field), rule=v.rule, message=v.message)
        for v in meta_problems(meta, site.language)
    ]
    if problems:
        raise RefusedEditError("site page", problems)
    page = SitePage.model_validate(
        {
            **old.model_dump(),
            "title": title,
            "h1": h1,
            "seo_title": seo_title,
            "meta_desc": meta_desc,
            "spec": spec,
            "markup": markup,
            "seo_source": {
                **old.seo_source,
                **{
                    field: "person"
                    for field, value in (("seo_title", seo_title), ("meta_desc", meta_desc))
                    if value != getattr(old, field)
                },
            },
        }
    )
    pages = [page if p.index == old.index else p for p in site.pages]
    navigation = [
        item.model_copy(update={"label": title})
        if item.slug == old.slug and item.label == old.title
        else item
        for item in site.navigation
    ]
    return site.model_copy(update={"pages": pages, "navigation": navigation})


def edit_page(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    site_id: uuid.UUID,
    page: str,
    edit: PageEdit,
    author: uuid.UUID | None,
) -> int:
    """Store an edit of one page of ``edit.base_version`` as the site's next version.

    The new version's number. RefusedEditError (nothing stored) lists every broken rule;
    EditConflictError when ``base_version`` is no longer current (the edited site is kept as
    a draft); ConflictError while the site has no version; NotFoundError for a page the
    site does not have.
    """
    conflict: EditConflictError | None = None
    with instance.database.tenant_session(tenant_id) as session:
        document = site_document(session, site_id)
        current = document.current_version
        if current == 0:
            raise ConflictError(
                f"site {site_id} has no version to edit yet (it is {document.status})",
                hint="wait for its job to finish",
            )
        if edit.base_version > current:
            raise UserInputError(
                f"site {site_id} has no version {edit.base_version} (its current one is {current})",
                hint=f"edit version {current}",
            )
        base = read_site_version(session, document, edit.base_version)
        site = edited_site(base, find_page(base, page, site_id), edit)
        if claim_version(session, document_id=site_id, base_version=edit.base_version):
            version = edit.base_version + 1
            store_site_version(
                session,
                document,
                site,
                version,
                source="edited",
                execution_id=None,
                generation=None,
                author=author,
            )
            return version
        draft = add_draft(
            session,
            document_id=site_id,
            base_version=edit.base_version,
            body=site.model_dump(mode="json"),
            author=author,
        )
        session.refresh(document)
        conflict = EditConflictError(
            site_id,
            base_version=edit.base_version,
            current=document.current_version,
            draft_id=draft.id,
        )
    # Raised once the draft is committed: the losing edit is kept.
    raise conflict
