"""Publishing an article to WordPress, idempotently: the same document always lands on one post.

Each document has a key (``article:<slug>`` unless the caller gives one). A publish record
per (site, key) keeps the remote post id, so publishing again updates that post. The record
is written after the remote post exists; if the process dies in between, the next publish
must find the post without it. Stock WordPress keeps no unregistered post meta from REST,
so the key travels in the content instead, as a marker in an HTML comment
(:mod:`presswright.publish.wordpress.post_content`): the post is found again by searching for the
marker, which WordPress's search finds in raw content, and checking it is really there.
Everything sent is sanitized first (see the same module).

An article handed over as is (an API request's inline document, a file) is published with
``check_contract``: it is held to the article contract first
(:mod:`presswright.publish.contract`) and refused with every violation before any request
reaches WordPress. A completed run's output and a library version met the contract when
they were made, checked against their brief, which a second check here would not have.

Images are optional (``images``: the featured one and in-body ones placed after a section,
:mod:`presswright.publish.wordpress.media_placement`). Each goes into the Media Library
through Media Forge (:mod:`presswright.publish.wordpress.media`): once per site and content,
found again by its hash or its marker, so publishing again uploads nothing new. In-body
images become ``core/image`` blocks with their alt text and attachment id. Without images,
a publish is what it always was.

Order of remote writes: terms (found by name before created), the images, the post, the
SEO fields. Nothing is ever duplicated: a crash between them leaves items and a post that
the next publish finds again.
"""

from __future__ import annotations

import asyncio
import html
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

import httpx
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from presswright.bootstrap import Instance
from presswright.content.models import ContentData
from presswright.documents.library import article_of
from presswright.publish.contract import require_article
from presswright.publish.wordpress.client import WordPressClient
from presswright.publish.wordpress.errors import WordPressError
from presswright.publish.wordpress.media_article import (
    MediaTarget,
    article_images,
    article_media,
)
from presswright.publish.wordpress.media_placement import ArticleImage, place_images
from presswright.publish.wordpress.post_content import (
    FeaturedImage,
    document_key_for,
    document_marker,
    plain_text,
    post_fields,
)
from presswright.publish.wordpress.remote import RemotePost
from presswright.publish.wordpress.seo import (
    SeoPlugin,
    SeoReport,
    detect_seo_plugin,
    seo_meta,
    seo_report,
)
from presswright.publish.wordpress.sites import site_access
from presswright.store.wordpress import PublishedPost, get_publish_record, save_publish_record

__all__ = [
    "DOCUMENT_KEY_PATTERN",
    "PublishOptions",
    "PublishResult",
    "publish_document",
    "publish_library_document",
]

DOCUMENT_KEY_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}$"
# Every status a post can have except trash: a trashed post is not found again.
_FINDABLE = "publish,future,draft,pending,private"

TermName = Annotated[str, Field(min_length=1, max_length=200)]


class PublishOptions(BaseModel):
    """How to publish: status (and date), categories and tags, and the document's key."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"status": "draft", "categories": ["Gardening"], "tags": ["compost"]},
                {"status": "future", "date": "2030-01-01T09:00:00Z"},
            ]
        },
    )

    status: Literal["draft", "publish", "future"] = "draft"
    date: AwareDatetime | None = Field(
        default=None, description="Publication date with a time zone; needed for future."
    )
    categories: list[TermName] = Field(default_factory=list, max_length=20)
    tags: list[TermName] = Field(default_factory=list, max_length=20)
    document_key: str | None = Field(
        default=None,
        pattern=DOCUMENT_KEY_PATTERN,
        description="What makes two publishes the same document; default: article:<slug>.",
    )

    @model_validator(mode="after")
    def _schedule(self) -> PublishOptions:
        if self.status == "future":
            if self.date is None:
                raise ValueError("status future needs a date (with a time zone)")
            if self.date <= datetime.now(UTC):
                raise ValueError("a scheduled date must lie in the future")
        return self


class PublishResult(BaseModel):
    """Where the document is now: the remote post, what was done, and the SEO fields' fate."""

    site: str = Field(description="The site's name.")
    document_key: str = Field(examples=["article:home-composting-for-beginners"])
    remote_id: int = Field(description="The WordPress post id.")
    url: str = Field(description="The post's address (a preview address for drafts).")
    status: str = Field(examples=["draft", "publish", "future"])
    action: Literal["created", "updated", "recovered"] = Field(
        description="recovered: found by its marker after a publish that was not recorded."
    )
    featured_media_id: int | None
    categories: list[int]
    tags: list[int]
    seo: SeoReport


async def _term_ids(client: WordPressClient, taxonomy: str, names: list[str]) -> list[int]:
    """The ids of the named terms, each created when the site does not have it yet."""
    ids: list[int] = []
    seen: set[str] = set()
    for raw in names:
        name = plain_text(raw)
        wanted = html.unescape(name).casefold()
        if not name or wanted in seen:
            continue
        seen.add(wanted)
        existing = [
            term.id
            for term in await client.search_terms(taxonomy, html.unescape(name))
            if html.unescape(term.name).casefold() == wanted
        ]
        ids.append(existing[0] if existing else await client.create_term(taxonomy, name))
    return ids


@dataclass(frozen=True)
class _Previous:
    """What the publish record knew before this publish."""

    remote_id: int
    media_id: int | None
    image_sha256: str | None


async def _find_by_marker(client: WordPressClient, marker: str) -> int | None:
    """The oldest post whose content holds ``marker``, if any."""
    posts = await client.search_posts(marker, statuses=_FINDABLE)
    ids = [post.id for post in posts if marker in post.raw_content]
    return min(ids) if ids else None


async def _upsert(
    client: WordPressClient, fields: dict[str, Any], marker: str, known_id: int | None
) -> tuple[RemotePost, Literal["created", "updated", "recovered"]]:
    """Update the known post, else the one carrying the marker, else create one."""
    if known_id is not None:
        post = await client.update_post(known_id, fields)
        if post is not None:
            return post, "updated"
    found = await _find_by_marker(client, marker)
    if found is not None:
        post = await client.update_post(found, fields)
        if post is not None:
            return post, "recovered"
    return await client.create_post(fields), "created"


async def _write_seo(
    client: WordPressClient, post_id: int, plugin: SeoPlugin | None, title: str, description: str
) -> SeoReport:
    """Write the SEO fields for the site's plugin and report whether WordPress kept them."""
    if plugin is None:
        return seo_report(None, title=title, description=description, stored_meta=None)
    meta = seo_meta(plugin, title=title, description=description)
    try:
        post = await client.update_post(post_id, {"meta": meta})
    except WordPressError as error:
        refusal = f"HTTP {error.status} {error.code}"
        return seo_report(
            plugin, title=title, description=description, stored_meta=None, refusal=refusal
        )
    stored = post.meta if post is not None else None
    return seo_report(plugin, title=title, description=description, stored_meta=stored)


@dataclass(frozen=True)
class _Sent:
    """What one publish did on the site."""

    post: RemotePost
    action: Literal["created", "updated", "recovered"]
    categories: list[int]
    tags: list[int]
    media_id: int | None
    seo: SeoReport


async def _send(
    client: WordPressClient,
    *,
    document: ContentData,
    options: PublishOptions,
    marker: str,
    previous: _Previous | None,
    images: tuple[MediaTarget, list[ArticleImage]],
    seo_text: tuple[str, str],
) -> _Sent:
    """Every remote write of one publish, in order: terms, images, post, SEO fields."""
    plugin = detect_seo_plugin((await client.index()).namespaces)
    categories = await _term_ids(client, "categories", options.categories)
    tags = await _term_ids(client, "tags", options.tags)
    media_id, placed = await article_media(client, *images)
    fields = post_fields(
        place_images(document, placed), status=options.status, date=options.date, marker=marker
    )
    # Empty lists are left out: they would clear the post's terms, not keep them.
    fields |= {"categories": categories} if categories else {}
    fields |= {"tags": tags} if tags else {}
    if media_id is not None:
        fields["featured_media"] = media_id
    post, action = await _upsert(client, fields, marker, previous.remote_id if previous else None)
    seo = await _write_seo(client, post.id, plugin, *seo_text)
    return _Sent(post, action, categories, tags, media_id, seo)


async def publish_document(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    site: str | uuid.UUID,
    document: ContentData,
    options: PublishOptions | None = None,
    image: FeaturedImage | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    check_contract: bool = False,
    images: Sequence[ArticleImage] = (),
) -> PublishResult:
    """Publish ``document`` to the tenant's ``site``: create its post, or update the same one.

    ``check_contract`` is for a document handed over as is, not a run's output or a library
    version: UnpublishableContentError lists its violations, and nothing is sent.
    ``images`` (and ``image``, a featured image file) go into the Media Library first; a
    featured one becomes the post's featured image, the others stand in the body.
    """
    options = options or PublishOptions()
    access = site_access(instance, tenant_id=tenant_id, site=site)  # an unknown site first
    if check_contract:
        await require_article(document)
    wanted = article_images(document, image, images)
    featured = next((item.image for item in wanted if item.placement == "featured"), None)
    key = options.document_key or document_key_for(document)
    marker = document_marker(tenant_id, key)
    with instance.database.tenant_session(tenant_id) as session:
        record = get_publish_record(session, site_id=access.id, document_key=key)
        previous = (
            _Previous(record.remote_id, record.featured_media_id, record.featured_image_sha256)
            if record is not None
            else None
        )
    seo_text = (plain_text(document.meta.seo_title), plain_text(document.meta.meta_desc))
    async with access.client(transport) as client:
        sent = await _send(
            client,
            document=document,
            options=options,
            marker=marker,
            previous=previous,
            images=(MediaTarget(instance, tenant_id, access.id), wanted),
            seo_text=seo_text,
        )
    # Without a new featured image, the post keeps the one it had.
    media_id = sent.media_id if featured else (previous.media_id if previous else None)
    image_sha256 = (
        featured.content_sha256 if featured else (previous.image_sha256 if previous else None)
    )
    with instance.database.tenant_session(tenant_id) as session:
        save_publish_record(
            session,
            site_id=access.id,
            document_key=key,
            post=PublishedPost(
                marker=marker,
                remote_id=sent.post.id,
                remote_url=sent.post.link,
                remote_status=sent.post.status,
                featured_media_id=media_id,
                featured_image_sha256=image_sha256,
                seo_title=seo_text[0],
                seo_description=seo_text[1],
                seo_note=sent.seo.note,
            ),
        )
    return PublishResult(
        site=access.name,
        document_key=key,
        remote_id=sent.post.id,
        url=sent.post.link,
        status=sent.post.status,
        action=sent.action,
        featured_media_id=media_id,
        categories=sent.categories,
        tags=sent.tags,
        seo=sent.seo,
    )


async def publish_library_document(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    site: str | uuid.UUID,
    document_id: uuid.UUID,
    options: PublishOptions | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    images: Sequence[ArticleImage] = (),
) -> PublishResult:
    """Publish an article document of the library (its current version) to ``site``.

    Keyed ``document:<id>`` unless the options give a key, so publishing a later version
    updates the same post, and the document shows where it went. Every version met the
    article contract when it was stored: a generated one against its brief, an edited one
    (``edit_document``) before it became a version.
    """
    article = await asyncio.to_thread(
        article_of, instance, tenant_id=tenant_id, document_id=document_id
    )
    if not images:  # the pictures the article's own run made (featured, in the body)
        from presswright.images.article_images import article_images_of

        images = await asyncio.to_thread(
            article_images_of,
            instance,
            tenant_id=tenant_id,
            document_id=document_id,
            article=article,
        )
    options = options or PublishOptions()
    if options.document_key is None:
        options = options.model_copy(update={"document_key": f"document:{document_id}"})
    return await publish_document(
        instance,
        tenant_id=tenant_id,
        site=site,
        document=article,
        options=options,
        transport=transport,
        images=images,
    )
