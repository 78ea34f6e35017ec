"""SEO fields: plugin detection from REST namespaces, the field mapping, and honest reports."""

from __future__ import annotations

import asyncio
import json
import uuid

import httpx
import pytest

from presswright.bootstrap import Instance
from presswright.publish.wordpress import (
    PublishOptions,
    SeoPlugin,
    WordPressClient,
    publish_document,
)
from presswright.publish.wordpress.client import Credentials
from presswright.publish.wordpress.seo import (
    NO_PLUGIN,
    detect_seo_plugin,
    seo_meta,
    seo_report,
)
from tests.wordpress.conftest import Connect
from tests.wordpress.test_publish import article
from tests.wordpress.wordpress_site import RunningWordPress

CORE = ["oembed/1.0", "wp/v2", "wp-site-health/v1", "wp-block-editor/v1"]


@pytest.mark.parametrize(
    ("namespaces", "plugin"),
    [
        (CORE, None),
        ([*CORE, "yoast/v1"], SeoPlugin.YOAST),
        ([*CORE, "rankmath/v1"], SeoPlugin.RANK_MATH),
        ([*CORE, "rankmath/v1", "yoast/v1"], SeoPlugin.YOAST),
        ([*CORE, "yoast"], None),
    ],
)
def test_the_plugin_is_recognised_by_its_rest_namespace(
    namespaces: list[str], plugin: SeoPlugin | None
) -> None:
    assert detect_seo_plugin(namespaces) is plugin


def test_each_plugin_gets_its_own_fields() -> None:
    assert seo_meta(SeoPlugin.YOAST, title="T", description="D") == {
        "_yoast_wpseo_title": "T",
        "_yoast_wpseo_metadesc": "D",
    }
    assert seo_meta(SeoPlugin.RANK_MATH, title="T", description="D") == {
        "rank_math_title": "T",
        "rank_math_description": "D",
    }


def test_reports_say_only_what_wordpress_stored() -> None:
    none = seo_report(None, title="T", description="D", stored_meta=None)
    assert (none.written, none.note) == (False, NO_PLUGIN)
    stored = {"rank_math_title": "T", "rank_math_description": "D", "other": 1}
    kept = seo_report(SeoPlugin.RANK_MATH, title="T", description="D", stored_meta=stored)
    assert kept.written
    assert kept.note == "written to Rank Math (rank_math_title, rank_math_description)"
    half = {"_yoast_wpseo_title": "T"}
    dropped = seo_report(SeoPlugin.YOAST, title="T", description="D", stored_meta=half)
    assert not dropped.written
    assert "does not expose _yoast_wpseo_title, _yoast_wpseo_metadesc" in dropped.note
    refused = seo_report(
        SeoPlugin.YOAST, title="T", description="D", stored_meta=None, refusal="HTTP 403 x"
    )
    assert refused.note == "not written: WordPress refused the Yoast SEO fields (HTTP 403 x)"


def test_the_real_site_runs_no_seo_plugin(wordpress: RunningWordPress) -> None:
    async def namespaces() -> list[str]:
        credentials = Credentials(username="author", app_password=wordpress.author.app_password)
        async with WordPressClient(
            site=wordpress.url, api_root=f"{wordpress.url}/wp-json", credentials=credentials
        ) as client:
            return (await client.index()).namespaces

    found = asyncio.run(namespaces())
    assert "wp/v2" in found
    assert detect_seo_plugin(found) is None


class WithNamespace(httpx.AsyncBaseTransport):
    """The real site, except that its API index also lists ``namespace``."""

    def __init__(self, namespace: str) -> None:
        self.namespace = namespace
        self._real = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._real.handle_async_request(request)
        if request.url.path != "/wp-json/":
            return response
        index = json.loads(await response.aread())
        index["namespaces"].append(self.namespace)
        return httpx.Response(response.status_code, json=index)

    async def aclose(self) -> None:
        await self._real.aclose()


def test_fields_a_plugin_does_not_expose_are_reported_not_written(
    instance: Instance, tenant_id: uuid.UUID, wordpress: RunningWordPress, connect: Connect
) -> None:
    # Yoast as installed does not register its fields for REST: WordPress drops them.
    site = connect(wordpress.author)
    result = asyncio.run(
        publish_document(
            instance,
            tenant_id=tenant_id,
            site=site,
            document=article("yoast"),
            options=PublishOptions(),
            transport=WithNamespace("yoast/v1"),
        )
    )
    assert result.seo.plugin is SeoPlugin.YOAST
    assert not result.seo.written
    assert result.seo.note.startswith("not written: Yoast SEO is active but does not expose")
    assert result.seo.title == "Home Composting for Beginners: A Practical Guide"


def test_fields_the_site_exposes_are_written_and_read_back(
    instance: Instance, tenant_id: uuid.UUID, wordpress: RunningWordPress, connect: Connect
) -> None:
    # The test site registers Rank Math's fields for REST, as a site owner would.
    site = connect(wordpress.author)
    document = article("rankmath")
    result = asyncio.run(
        publish_document(
            instance,
            tenant_id=tenant_id,
            site=site,
            document=document,
            options=PublishOptions(),
            transport=WithNamespace("rankmath/v1"),
        )
    )
    assert result.seo.written
    assert result.seo.note == "written to Rank Math (rank_math_title, rank_math_description)"
    post = wordpress.rest("GET", f"/wp/v2/posts/{result.remote_id}", params={"context": "edit"})
    assert post.json()["meta"] == {
        "rank_math_title": document.meta.seo_title,
        "rank_math_description": document.meta.meta_desc,
    }
