"""A bulk job of articles publishing each one to the real WordPress as it completes.

The site is the session's one WordPress (tests/conftest.py); the tenant and the site
connection are the WordPress tests' fixtures (tests/wordpress/conftest.py); the articles
come from the article flow's fake writer.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from presswright.bootstrap import Instance
from presswright.bulk import BulkOptions, job_report, read_source, submit_job
from presswright.bulk.models import BulkProgress
from presswright.flows.runtime import Runtime
from presswright.llm.providers.fake import FakeProvider, FakeScript
from tests.bulk.conftest import Bench
from tests.bulk.fakes import MODEL, FakeWriter, store_fake_provider
from tests.content.test_article_flow import FakeWriter as ArticleWriter
from tests.wordpress.conftest import Connect, connect, tenant_id  # noqa: F401 - fixtures
from tests.wordpress.wordpress_site import RunningWordPress

BRIEFS = (
    "topic,keywords,sections\n"
    "Baking sourdough bread at home,sourdough bread,2\n"
    "Baking sourdough bread with children,sourdough bread,2\n"
)


@pytest.fixture
def bench(instance: Instance, tenant_id: uuid.UUID) -> Iterator[Bench]:  # noqa: F811
    """The WordPress tests' tenant, a runtime in this process and the article writer."""
    script = FakeProvider.scripts["fake"] = FakeScript()
    script.add(*[ArticleWriter()] * 500)
    store_fake_provider(instance, tenant_id)
    runtime = Runtime(instance, executor_id=f"bulk-wp-{uuid.uuid4().hex[:8]}")
    runtime.launch()
    try:
        yield Bench(instance, tenant_id, None, runtime, FakeWriter(), script)
    finally:
        runtime.shutdown()
        FakeProvider.scripts.pop("fake", None)


def publish_articles(bench: Bench, site: str) -> BulkProgress:
    submitted = submit_job(
        bench.instance,
        tenant_id=bench.tenant_id,
        user_id=None,
        source=read_source(BRIEFS.encode(), name="posts.csv"),
        options=BulkOptions(kind="article", model=MODEL, publish_site=site),
        mapping={},
        list_separator="|",
    )
    return bench.drive(submitted.progress.id)[-1]


@pytest.mark.timeout(120)
def test_each_article_is_published_as_it_completes_and_never_twice(
    bench: Bench,
    wordpress: RunningWordPress,
    connect: Connect,  # noqa: F811
) -> None:
    site = connect(wordpress.author)  # publishing as an author, as the docs recommend

    first = publish_articles(bench, site)

    assert first.summary()["status"] == "completed" and first.succeeded == 2
    assert first.publish_site == site
    lines = job_report(bench.instance, tenant_id=bench.tenant_id, job_id=first.id)
    for line in lines:
        assert line.status == "succeeded" and line.post_id is not None and line.post_url
        post = wordpress.rest("GET", f"/wp/v2/posts/{line.post_id}", params={"context": "edit"})
        assert post.json()["status"] == "draft"
        assert post.json()["title"]["raw"] == line.title == "Sourdough bread at home"
    assert len({line.post_id for line in lines}) == 2

    # The same file again: the articles are reused, and publishing them updates the same posts.
    again = publish_articles(bench, site)
    assert again.status == "completed" and again.reused == 2
    relines = job_report(bench.instance, tenant_id=bench.tenant_id, job_id=again.id)
    assert [line.post_id for line in relines] == [line.post_id for line in lines]
    assert [line.status for line in relines] == ["reused", "reused"]


@pytest.mark.timeout(120)
def test_items_of_a_job_whose_site_was_removed_fail_and_say_so(
    bench: Bench,
    wordpress: RunningWordPress,
    connect: Connect,  # noqa: F811
) -> None:
    from presswright.store.wordpress import delete_site

    site = connect(wordpress.author)
    submitted = submit_job(
        bench.instance,
        tenant_id=bench.tenant_id,
        user_id=None,
        source=read_source(BRIEFS.encode(), name="posts.csv"),
        options=BulkOptions(kind="article", model=MODEL, publish_site=site),
        mapping={},
        list_separator="|",
    )
    with bench.instance.database.tenant_session(bench.tenant_id) as session:
        delete_site(session, site)

    final = bench.drive(submitted.progress.id)[-1]

    # Generated, but never reported as done while nothing was published.
    assert final.summary()["status"] == "failed" and final.failed == 2
    lines = job_report(bench.instance, tenant_id=bench.tenant_id, job_id=final.id)
    for line in lines:
        assert line.status == "failed" and line.post_id is None
        assert "site was removed" in (line.error or ""), line
