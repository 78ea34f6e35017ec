"""Publishing articles to the real WordPress: fields, terms, image, idempotency, crash, XSS."""

from __future__ import annotations

import asyncio
import struct
import uuid
import zlib
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from presswright.bootstrap import Instance
from presswright.content.models import ContentData, SeoMeta
from presswright.errors import UserInputError
from presswright.publish.contract import UnpublishableContentError
from presswright.publish.wordpress import (
    FeaturedImage,
    PublishOptions,
    PublishResult,
    WordPressError,
    publish_document,
)
from presswright.publish.wordpress import publish as publish_module
from presswright.publish.wordpress.post_content import document_marker
from presswright.publish.wordpress.seo import NO_PLUGIN
from presswright.store.wordpress import get_publish_record, get_site
from tests.content.samples import english_article
from tests.wordpress.conftest import BOTH_BACKENDS, Connect
from tests.wordpress.wordpress_site import RunningWordPress

FINDABLE = "publish,future,draft,pending,private"


def png(width: int = 2, height: int = 2) -> bytes:
    """A small valid PNG (grey pixels), built by hand."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def article(prefix: str, **changes: Any) -> ContentData:
    """The sample article under a slug no other test uses."""
    meta = SeoMeta(
        seo_title="Home Composting for Beginners: A Practical Guide",
        meta_desc="Learn home composting with a simple compost bin, step by step.",
        slug=f"{prefix}-{uuid.uuid4().hex[:10]}",
    )
    return english_article(meta=meta, **changes)


def publish(
    instance: Instance,
    tenant_id: uuid.UUID,
    site: str,
    document: ContentData,
    **options: Any,
) -> PublishResult:
    image = options.pop("image", None)
    return asyncio.run(
        publish_document(
            instance,
            tenant_id=tenant_id,
            site=site,
            document=document,
            options=PublishOptions(**options),
            image=image,
        )
    )


def posts_with_slug(wordpress: RunningWordPress, slug: str) -> list[dict[str, Any]]:
    params = {"slug": slug, "status": FINDABLE, "context": "edit"}
    found: list[dict[str, Any]] = wordpress.rest("GET", "/wp/v2/posts", params=params).json()
    return found


@BOTH_BACKENDS
def test_publish_creates_the_post_then_updates_the_same_one(
    instance: Instance, tenant_id: uuid.UUID, wordpress: RunningWordPress, connect: Connect
) -> None:
    site = connect(wordpress.admin)
    document = article("compost")
    image = FeaturedImage(
        filename="heap.png", content=png(), alt_text="A compost heap <b>in</b> June"
    )
    first = publish(
        instance, tenant_id, site, document,
        categories=["Gardening"], tags=["compost", "Beginners"], image=image,
    )  # fmt: skip
    assert (first.action, first.status) == ("created", "draft")
    assert first.seo.note == NO_PLUGIN  # the test site runs neither Yoast nor Rank Math
    post = wordpress.rest(
        "GET", f"/wp/v2/posts/{first.remote_id}", params={"context": "edit"}
    ).json()
    assert post["title"]["raw"] == document.title
    assert post["slug"] == document.meta.slug
    assert post["excerpt"]["raw"] == document.excerpt
    assert "<!-- wp:heading -->" in post["content"]["raw"]
    assert document_marker(tenant_id, first.document_key) in post["content"]["raw"]
    names = {
        wordpress.rest("GET", f"/wp/v2/{taxonomy}/{term}").json()["name"]
        for taxonomy in ("categories", "tags")
        for term in post[taxonomy]
    }
    assert names == {"Gardening", "compost", "Beginners"}
    media = wordpress.rest("GET", f"/wp/v2/media/{post['featured_media']}").json()
    assert media["alt_text"] == "A compost heap in June"  # sanitized to plain text
    assert media["media_type"] == "image"

    edited = document.model_copy(update={"title": "Home Composting: The Complete Beginner Guide"})
    second = publish(instance, tenant_id, site, edited, status="publish", image=image)
    assert (second.action, second.remote_id, second.status) == (
        "updated",
        first.remote_id,
        "publish",
    )
    assert (
        second.featured_media_id == first.featured_media_id
    )  # the same image is not uploaded again
    assert [p["id"] for p in posts_with_slug(wordpress, document.meta.slug)] == [first.remote_id]
    assert httpx.get(second.url, timeout=30).status_code == 200
    assert "The Complete Beginner Guide" in httpx.get(second.url, timeout=30).text

    # Deleted in WordPress for good: the next publish makes a new post.
    wordpress.rest("DELETE", f"/wp/v2/posts/{first.remote_id}", params={"force": "true"})
    third = publish(instance, tenant_id, site, edited)
    assert third.action == "created"
    assert third.remote_id != first.remote_id
    with instance.database.tenant_session(tenant_id) as session:
        record = get_publish_record(
            session, site_id=get_site(session, site).id, document_key=third.document_key
        )
        assert record is not None
        assert (record.remote_id, record.remote_status) == (third.remote_id, "draft")
        assert record.featured_media_id == first.featured_media_id
        assert record.seo_note == NO_PLUGIN


@BOTH_BACKENDS
def test_a_crash_between_the_remote_create_and_the_local_record_leaves_no_duplicate(
    instance: Instance,
    tenant_id: uuid.UUID,
    wordpress: RunningWordPress,
    connect: Connect,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    site = connect(wordpress.author)
    document = article("crash")
    record_for_real = publish_module.save_publish_record
    crashes = [RuntimeError("the process died before the publish record was written")]

    def record_or_crash(*args: Any, **kwargs: Any) -> Any:
        if crashes:
            raise crashes.pop()
        return record_for_real(*args, **kwargs)

    monkeypatch.setattr(publish_module, "save_publish_record", record_or_crash)
    with pytest.raises(RuntimeError, match="process died"):
        publish(instance, tenant_id, site, document)
    (created,) = posts_with_slug(wordpress, document.meta.slug)
    with instance.database.tenant_session(tenant_id) as session:
        site_id = get_site(session, site).id
        assert (
            get_publish_record(
                session, site_id=site_id, document_key="article:" + document.meta.slug
            )
            is None
        )

    again = publish(instance, tenant_id, site, document)
    assert (again.action, again.remote_id) == ("recovered", created["id"])
    assert again.document_key == "article:" + document.meta.slug
    once_more = publish(instance, tenant_id, site, document)
    assert (once_more.action, once_more.remote_id) == ("updated", created["id"])
    assert [p["id"] for p in posts_with_slug(wordpress, document.meta.slug)] == [created["id"]]


XSS_BODY = (
    "<p>Safe words stay on the page.</p>"
    "<script>alert('xss-script')</script>"
    "<p onclick=\"alert('xss-onclick')\">Click text stays.</p>"
    '<p><img src="/nothing.png" onerror="alert(\'xss-onerror\')" alt="pic"></p>'
    "<p><a href=\"javascript:alert('xss-js-link')\">A bad link keeps its words.</a></p>"
    '<svg onload="alert(\'xss-svg\')"><circle r="4"></circle></svg>'
    "<iframe src=\"javascript:alert('xss-iframe')\"></iframe>"
    "<p style=\"background:url(javascript:alert('xss-style'))\">Styled.</p>"
)
XSS_MARKERS = (
    "xss-script", "xss-onclick", "xss-onerror", "xss-js-link", "xss-svg", "xss-iframe",
    "xss-style", "xss-title", "xss-excerpt",
)  # fmt: skip


def test_xss_payloads_arrive_sanitized_on_the_rendered_page(
    instance: Instance, tenant_id: uuid.UUID, wordpress: RunningWordPress, connect: Connect
) -> None:
    # As an administrator: WordPress itself filters nothing for this account.
    site = connect(wordpress.admin)
    document = article(
        "xss",
        title="Composting safely<script>alert('xss-title')</script>",
        excerpt="Short <img src=x onerror=\"alert('xss-excerpt')\"> summary.",
        body_html=XSS_BODY,
    )
    result = publish(
        instance,
        tenant_id,
        site,
        document,
        status="publish",
        tags=["<b onmouseover=alert('xss-tag')>safe</b>"],
    )
    page = httpx.get(result.url, timeout=30)
    assert page.status_code == 200
    for text in (
        "Safe words stay on the page.",
        "Click text stays.",
        "A bad link keeps its words.",
    ):
        assert text in page.text
    for marker in (*XSS_MARKERS, "xss-tag", "<script>alert", "onerror=", "javascript:alert"):
        assert marker not in page.text, marker
    stored = wordpress.rest(
        "GET", f"/wp/v2/posts/{result.remote_id}", params={"context": "edit"}
    ).json()
    raw = stored["title"]["raw"] + stored["excerpt"]["raw"] + stored["content"]["raw"]
    for marker in XSS_MARKERS:
        assert marker not in raw, marker
    (tag,) = stored["tags"]
    assert wordpress.rest("GET", f"/wp/v2/tags/{tag}").json()["name"] == "safe"


def test_a_post_is_scheduled_for_a_future_date(
    instance: Instance, tenant_id: uuid.UUID, wordpress: RunningWordPress, connect: Connect
) -> None:
    site = connect(wordpress.author)
    when = (datetime.now(UTC) + timedelta(days=3)).replace(microsecond=0)
    result = publish(instance, tenant_id, site, article("later"), status="future", date=when)
    assert result.status == "future"
    post = wordpress.rest(
        "GET", f"/wp/v2/posts/{result.remote_id}", params={"context": "edit"}
    ).json()
    assert post["date_gmt"] == when.strftime("%Y-%m-%dT%H:%M:%S")


def test_an_author_cannot_create_categories_and_is_told_the_fix(
    instance: Instance, tenant_id: uuid.UUID, wordpress: RunningWordPress, connect: Connect
) -> None:
    site = connect(wordpress.author)
    document = article("author")
    with pytest.raises(WordPressError) as caught:
        publish(instance, tenant_id, site, document, categories=[f"New {uuid.uuid4().hex[:6]}"])
    error = caught.value
    assert (error.status, error.code) == (403, "rest_cannot_create")
    assert f"WordPress at {wordpress.url} (creating categories" in str(error)
    assert "Editor" in (error.hint or "")
    assert wordpress.author.app_password not in str(error)
    assert posts_with_slug(wordpress, document.meta.slug) == []  # nothing half-published

    # Existing categories and new tags are fine for an author.
    result = publish(
        instance,
        tenant_id,
        site,
        document,
        categories=["uncategorized"],
        tags=[f"t{uuid.uuid4().hex[:6]}"],
    )
    assert result.action == "created"
    assert len(result.categories) == len(result.tags) == 1


def test_publish_options_are_checked_before_anything_is_sent() -> None:
    with pytest.raises(ValidationError, match="needs a date"):
        PublishOptions(status="future")
    with pytest.raises(ValidationError, match="future"):
        PublishOptions(status="future", date=datetime.now(UTC) - timedelta(minutes=1))
    with pytest.raises(ValidationError, match="timezone"):
        PublishOptions(status="publish", date=datetime(2030, 1, 1))
    with pytest.raises(ValidationError):
        PublishOptions(status="pending")
    with pytest.raises(ValidationError):
        PublishOptions(document_key="has spaces")
    with pytest.raises(UserInputError, match="not a file name"):
        FeaturedImage(filename="../heap.png", content=png(), alt_text="heap")
    with pytest.raises(UserInputError, match="not an image"):
        FeaturedImage(filename="heap.svg", content=b"<svg/>", alt_text="heap")
    with pytest.raises(UserInputError, match="alt text"):
        FeaturedImage(filename="heap.png", content=png(), alt_text="<script>x</script>")


def test_a_given_article_is_checked_first_and_a_broken_one_sends_nothing(
    instance: Instance, tenant_id: uuid.UUID, wordpress: RunningWordPress, connect: Connect
) -> None:
    site = connect(wordpress.author)
    sent: list[httpx.Request] = []

    def refuse(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(500)

    broken = article("given")  # its meta description is too short, its slug no words

    with pytest.raises(UnpublishableContentError) as raised:
        asyncio.run(
            publish_document(
                instance,
                tenant_id=tenant_id,
                site=site,
                document=broken,
                transport=httpx.MockTransport(refuse),
                check_contract=True,
            )
        )

    assert "meta.meta_desc: " in str(raised.value) and sent == []
    with instance.database.tenant_session(tenant_id) as session:
        found = get_site(session, site)
        assert (
            get_publish_record(
                session, site_id=found.id, document_key=f"article:{broken.meta.slug}"
            )
            is None
        )
