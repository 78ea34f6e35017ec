"""Deploying a generated site to the real WordPress of the test session, as a job.

A site made on the fake provider (with a posts page and a logo) is deployed as the
administrator by a deploy job whose progress is watched while it runs (it only goes up,
through every page, to 100); what WordPress holds is read back: the pages (block markup as
sent), the front page and posts page settings, title and tagline, the logo, the navigation menu of
``core/navigation-link`` blocks, the palette and fonts in the active theme's global styles,
the recommended plugin that is installed (Akismet) activated. A second deploy updates the
same pages and menu; a deploy whose page records were lost (as if it died before writing
them) finds the pages again by slug. Everything the site held before is restored after.
"""

from __future__ import annotations

import asyncio
import base64
import html
import io
import uuid
from collections.abc import Iterator

import pytest
from PIL import Image
from sqlalchemy import select

from presswright.bootstrap import Instance
from presswright.errors import UserInputError
from presswright.flows import operations as ops
from presswright.flows.runtime import Runtime
from presswright.publish.wordpress.sites import SiteConnect, connect_site
from presswright.sites.deploy import DeployResult, deploy_site, page_slugs
from presswright.sites.deploy_job import start_deploy
from presswright.sites.jobs import JobStatus, job_status
from presswright.sites.service import deploy_key, get_site, site_version
from presswright.sites.wordpress_check import WordPressCheckError
from presswright.store.models import NodeRun, PublishRecord
from tests.sites.site_fakes import FakeSiteModel
from tests.sites.site_runs import BRIEF, generated_site
from tests.wordpress.wordpress_site import RunningWordPress

SETTINGS = ("title", "description", "show_on_front", "page_on_front", "page_for_posts", "site_logo")


@pytest.fixture
def backend() -> str:
    """The conversation with WordPress does not depend on the storage backend."""
    return "sqlite"


def png_logo() -> str:
    """A small real PNG as base64."""
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), (200, 120, 40)).save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


@pytest.fixture
def restored(wordpress: RunningWordPress) -> Iterator[list[int]]:
    """Puts the site's settings, global styles and plugins back; deletes what was made."""
    before = wordpress.rest("GET", "/wp/v2/settings").json()
    theme = wordpress.rest("GET", "/wp/v2/themes", params={"status": "active"}).json()[0]
    href = theme["_links"]["wp:user-global-styles"][0]["href"]
    styles_id = int(href.rstrip("/").rsplit("/", 1)[-1])
    styles = wordpress.rest("GET", f"/wp/v2/global-styles/{styles_id}", params={"context": "edit"})
    plugins = {p["plugin"]: p["status"] for p in wordpress.rest("GET", "/wp/v2/plugins").json()}
    made: list[int] = []
    try:
        yield made
    finally:
        now = wordpress.rest("GET", "/wp/v2/settings").json()
        # Only what changed: WordPress 6.1 answers 500 to a site_logo of null never set.
        changed = {k: before[k] for k in SETTINGS if now.get(k) != before[k]}
        if changed:
            wordpress.rest("POST", "/wp/v2/settings", json=changed)
        saved = styles.json()
        wordpress.rest(
            "POST",
            f"/wp/v2/global-styles/{styles_id}",
            json={"settings": saved.get("settings") or {}, "styles": saved.get("styles") or {}},
        )
        for plugin, status in plugins.items():
            wordpress.rest("POST", f"/wp/v2/plugins/{plugin}", json={"status": status})
        for route_id in made:
            for route in ("pages", "navigation", "media"):
                try:
                    wordpress.rest("DELETE", f"/wp/v2/{route}/{route_id}", params={"force": "true"})
                except Exception:  # noqa: S112 - the id belongs to one of the routes
                    continue


def watched_deploy(
    instance: Instance, runtime: Runtime, tenant: uuid.UUID, site_id: uuid.UUID, name: str
) -> tuple[JobStatus, list[tuple[int, str | None]]]:
    """Start a deploy job and read it as a client would until it settles: (job, readings)."""

    async def scenario() -> tuple[JobStatus, list[tuple[int, str | None]]]:
        started = await start_deploy(
            instance, tenant_id=tenant, user_id=None, site_id=site_id, wordpress=name,
            runtime=runtime,
        )  # fmt: skip
        readings: list[tuple[int, str | None]] = []
        for _ in range(2400):
            job = job_status(instance, tenant_id=tenant, job_id=started.job_id)
            readings.append((job.progress, job.current_step))
            if job.status in ("completed", "failed", "cancelled"):
                return job, readings
            await asyncio.sleep(0.05)
        raise AssertionError(f"the deploy job {started.job_id} did not end in 120 s")

    return asyncio.run(scenario())


def deploy(
    instance: Instance, runtime: Runtime, tenant: uuid.UUID, site_id: uuid.UUID, name: str
) -> DeployResult:
    """Deploy the site as a job; its progress only goes up, through the pages, to 100."""
    job, readings = watched_deploy(instance, runtime, tenant, site_id, name)
    assert job.status == "completed", job.error
    percents = [percent for percent, _ in readings]
    assert percents == sorted(percents) and percents[-1] == 100
    # Watched while it ran: it went through the pages and the steps after them.
    assert len({p for p in percents if 0 < p < 100}) >= 2, readings
    assert any(step and step.startswith("page ") for _, step in readings), readings
    assert job.log[0].startswith("account ") and job.log[-1].startswith("deployed version")
    assert sum(line.startswith("page ") for line in job.log) == len(job.outputs["deploy"]["pages"])
    return DeployResult.model_validate(job.outputs["deploy"])


@pytest.mark.timeout(240)
def test_a_site_deploys_and_deploys_again_onto_the_same_pages(
    instance: Instance,
    runtime: Runtime,
    model: FakeSiteModel,
    wordpress: RunningWordPress,
    restored: list[int],
) -> None:
    brief = BRIEF.model_copy(update={"posts_page": "Journal", "logo": png_logo()})
    tenant, site_id, status = generated_site(instance, runtime, brief)
    assert status.status == "completed", status.error
    admin = SiteConnect(
        url=wordpress.url, username=wordpress.admin.login, app_password=wordpress.admin.app_password
    )
    name = asyncio.run(connect_site(instance, tenant_id=tenant, data=admin)).site.name

    first = deploy(instance, runtime, tenant, site_id, name)
    restored += [p.remote_id for p in first.pages] + [first.navigation_id]
    restored += [first.logo_id] if first.logo_id else []
    assert [p.action for p in first.pages] == ["created"] * 5
    assert [p.slug for p in first.pages] == ["home", "about", "services", "contact", "journal"]

    _, site = site_version(instance, tenant_id=tenant, site_id=site_id)
    for page, remote in zip(site.pages, first.pages, strict=False):
        held = wordpress.rest("GET", f"/wp/v2/pages/{remote.remote_id}", params={"context": "edit"})
        body = held.json()
        assert body["content"]["raw"] == page.markup and body["status"] == "publish"
        assert body["slug"] == page.slug and body["title"]["raw"] == page.title
    settings = wordpress.rest("GET", "/wp/v2/settings").json()
    assert settings["show_on_front"] == "page"
    assert settings["page_on_front"] == first.front_page_id == first.pages[0].remote_id
    assert settings["page_for_posts"] == first.posts_page_id == first.pages[4].remote_id
    # WordPress keeps the title and tagline as HTML text (esc_html).
    shown = (html.unescape(settings["title"]), html.unescape(settings["description"]))
    assert shown == (site.title, site.tagline)
    assert settings["site_logo"] == first.logo_id

    menu = wordpress.rest(
        "GET", f"/wp/v2/navigation/{first.navigation_id}", params={"context": "edit"}
    ).json()
    raw = menu["content"]["raw"]
    assert raw.count("<!-- wp:navigation-link") == 5
    for remote in first.pages:
        assert f'"id":{remote.remote_id},' in raw

    theme_styles = wordpress.rest(
        "GET", f"/wp/v2/global-styles/{first.global_styles_id}", params={"context": "edit"}
    ).json()
    custom = theme_styles["settings"]["color"]["palette"]["custom"]
    assert {c["slug"]: c["color"] for c in custom}["primary"] == site.design["palette"]["primary"]
    assert (
        site.design["fonts"]["body"]["name"] in theme_styles["styles"]["typography"]["fontFamily"]
    )
    assert first.plugins["akismet/akismet"] == "activated"
    assert first.plugins["wordpress-seo/wp-seo"] == "not installed"
    public = get_site(instance, tenant_id=tenant, site_id=site_id)
    assert public.status == "active" and public.deployed_to == [name]

    second = deploy(instance, runtime, tenant, site_id, name)
    assert [p.remote_id for p in second.pages] == [p.remote_id for p in first.pages]
    assert [p.action for p in second.pages] == ["updated"] * 5
    assert (second.navigation_id, second.logo_id) == (first.navigation_id, first.logo_id)
    assert second.plugins["akismet/akismet"] == "active"

    # As if a deploy died after making the pages and before recording them.
    with instance.database.tenant_session(tenant) as session:
        session.query(PublishRecord).filter(
            PublishRecord.document_key.like(deploy_key(site_id, "page:") + "%")
        ).delete(synchronize_session=False)
    third = deploy(instance, runtime, tenant, site_id, name)
    assert [p.remote_id for p in third.pages] == [p.remote_id for p in first.pages]
    assert [p.action for p in third.pages] == ["recovered"] * 5
    homes = wordpress.rest("GET", "/wp/v2/pages", params={"slug": "home", "status": "any"}).json()
    assert len(homes) == 1


@pytest.mark.timeout(240)
def test_an_author_account_is_refused_naming_the_capabilities(
    instance: Instance, runtime: Runtime, model: FakeSiteModel, wordpress: RunningWordPress
) -> None:
    tenant, site_id, status = generated_site(instance, runtime)
    assert status.status == "completed", status.error
    author = SiteConnect(
        url=wordpress.url,
        username=wordpress.author.login,
        app_password=wordpress.author.app_password,
    )
    name = asyncio.run(connect_site(instance, tenant_id=tenant, data=author)).site.name
    job, _ = watched_deploy(instance, runtime, tenant, site_id, name)
    assert job.status == "failed" and job.error is not None
    assert "manage_options" in job.error and "edit_theme_options" in job.error
    assert any(line.startswith("account and logo: failed") for line in job.log)
    # Called directly, the same refusal is the check's own error.
    with pytest.raises(WordPressCheckError) as refused:
        asyncio.run(deploy_site(instance, tenant_id=tenant, site_id=site_id, wordpress=name))
    assert refused.value.check == "capabilities"
    with pytest.raises(UserInputError):
        asyncio.run(
            start_deploy(
                instance, tenant_id=tenant, user_id=None, site_id=site_id, wordpress="nowhere"
            )
        )


async def stopped_steps_ended(
    instance: Instance, tenant: uuid.UUID, site_id: uuid.UUID, job_id: str
) -> None:
    """Wait until every page step the stop cut short has recorded its page (its last act)."""
    with instance.database.tenant_session(tenant) as session:
        cut = session.scalars(
            select(NodeRun.node_id).where(
                NodeRun.execution_id == job_id,
                NodeRun.status == "cancelled",
                NodeRun.node_id.like("pages[%"),
            )
        ).all()
    slugs = page_slugs(site_version(instance, tenant_id=tenant, site_id=site_id)[1])
    keys = {deploy_key(site_id, f"page:{slugs[int(node[6:-1])]}") for node in cut}
    for _ in range(2400):
        with instance.database.tenant_session(tenant) as session:
            recorded = set(
                session.scalars(
                    select(PublishRecord.document_key).where(PublishRecord.document_key.in_(keys))
                )
            )
        if recorded == keys:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"the stopped steps {cut} did not record their pages in 120 s")


@pytest.mark.timeout(240)
def test_a_deploy_stopped_midway_resumes_without_making_anything_twice(
    instance: Instance,
    runtime: Runtime,
    model: FakeSiteModel,
    wordpress: RunningWordPress,
    restored: list[int],
) -> None:
    tenant, site_id, status = generated_site(instance, runtime)
    assert status.status == "completed", status.error
    admin = SiteConnect(
        url=wordpress.url, username=wordpress.admin.login, app_password=wordpress.admin.app_password
    )
    name = asyncio.run(connect_site(instance, tenant_id=tenant, data=admin)).site.name

    async def scenario() -> JobStatus:
        started = await start_deploy(
            instance, tenant_id=tenant, user_id=None, site_id=site_id, wordpress=name,
            runtime=runtime,
        )  # fmt: skip
        job_id = started.job_id
        for _ in range(2400):  # stop it once a page is on WordPress, before the menu
            job = job_status(instance, tenant_id=tenant, job_id=job_id)
            if any(line.startswith("page 1 of 4") for line in job.log):
                break
            await asyncio.sleep(0.02)
        ops.stop(instance, tenant_id=tenant, execution_id=job_id)
        stopped = job_status(instance, tenant_id=tenant, job_id=job_id)
        assert stopped.status == "cancelled" and stopped.progress < 100
        # Stopping cancels the run, not the step under way: as after a crash, the run is
        # resumed once that step has ended, i.e. its page is recorded (resuming while its
        # call is in flight is test_deploy_resume_race's case).
        await stopped_steps_ended(instance, tenant, site_id, job_id)
        await ops.resume(instance, tenant_id=tenant, execution_id=job_id, runtime=runtime)
        await ops.wait_until_settled(instance, tenant_id=tenant, execution_id=job_id, timeout=120)
        return job_status(instance, tenant_id=tenant, job_id=job_id)

    job = asyncio.run(scenario())
    assert job.status == "completed" and job.progress == 100, job.error
    assert job.deploy is not None
    restored += [p.remote_id for p in job.deploy.pages] + [job.deploy.navigation_id]
    # The account check ran once: the resumed run reused it, and every page is there once.
    assert sum(line.startswith("account ") for line in job.log) == 1
    for page in job.deploy.pages:
        found = wordpress.rest("GET", "/wp/v2/pages", params={"slug": page.slug, "status": "any"})
        assert [item["id"] for item in found.json()] == [page.remote_id]
