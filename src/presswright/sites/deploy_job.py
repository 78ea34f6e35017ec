"""A site deploy as a job: the deploy flow (``deploy_flow.yaml``) and its node types.

:func:`start_deploy` checks what can be checked at once (the site has a version, the
WordPress connection exists, no other deploy of the site is under way) and starts an
execution of the deploy flow, like generating a site: the API answers 202 with the job,
``GET /api/v1/jobs/{id}`` shows its progress through each step (account and logo, each page,
front page and title, menu, global styles, plugins). Each step is a node, so a deploy that
died is resumed from the first unfinished step (``POST /api/v1/executions/{id}/resume``) and
deploying again updates what the first made; the steps themselves are those of
:func:`~presswright.sites.deploy.deploy_site`, which does the same in one call.
"""

from __future__ import annotations

import uuid
from abc import abstractmethod
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any

import yaml
from pydantic import BaseModel
from sqlalchemy import select

from presswright.bootstrap import Instance
from presswright.errors import ConflictError
from presswright.flows import operations as ops
from presswright.flows.nodes.base import NoConfig, NodeContext, NodeOutcome, NodeType
from presswright.flows.records import FINISHED
from presswright.flows.runtime import Runtime
from presswright.flows.spec import FlowSpec
from presswright.publish.wordpress.sites import SiteAccess, site_access
from presswright.sites.compile import Site
from presswright.sites.deploy import (
    DeployedPage,
    Deployment,
    DeployResult,
    deploy_menu,
    deploy_page,
    deploy_plugins,
    deploy_settings,
    deploy_styles,
    open_deployment,
    page_slugs,
    prepare,
    styles_line,
)
from presswright.sites.public import SiteStarted
from presswright.sites.service import site_version
from presswright.store.models import Execution

__all__ = ["DEPLOY_FLOW", "DEPLOY_NODE_TYPES", "deploy_flow", "start_deploy"]

DEPLOY_FLOW = "site_deploy"


@cache
def deploy_flow() -> FlowSpec:
    """The deploy flow spec shipped with Presswright."""
    text = resources.files("presswright.sites").joinpath("deploy_flow.yaml").read_text()
    return FlowSpec.model_validate(yaml.safe_load(text))


def _deploy_under_way(instance: Instance, tenant_id: uuid.UUID, site_id: uuid.UUID) -> str | None:
    with instance.database.tenant_session(tenant_id) as session:
        rows = session.execute(
            select(Execution.id, Execution.inputs).where(
                Execution.flow_name == DEPLOY_FLOW, Execution.status.not_in(FINISHED)
            )
        ).all()
    return next((row.id for row in rows if (row.inputs or {}).get("site_id") == str(site_id)), None)


async def start_deploy(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    user_id: uuid.UUID | None,
    site_id: uuid.UUID,
    wordpress: str | uuid.UUID,
    version: int | None = None,
    runtime: Runtime | None = None,
) -> SiteStarted:
    """Start deploying a site version (default: the current one) as a job.

    NotFoundError for a site or WordPress the workspace does not have; ConflictError while
    the site has no version or another deploy of it is under way. Runs in ``runtime`` when
    given, else on the queue for any worker.
    """
    number, _ = site_version(instance, tenant_id=tenant_id, site_id=site_id, version=version)
    access = site_access(instance, tenant_id=tenant_id, site=wordpress)
    running = _deploy_under_way(instance, tenant_id, site_id)
    if running is not None:
        raise ConflictError(
            f"a deploy of site {site_id} is under way (job {running})",
            hint=f"follow it at GET /api/v1/jobs/{running}, or stop it, then deploy again",
        )
    job_id = await ops.start(
        instance,
        tenant_id=tenant_id,
        user_id=user_id,
        spec=deploy_flow(),
        inputs={"site_id": str(site_id), "wordpress": str(access.id), "version": number},
        runtime=runtime,
    )
    return SiteStarted(site_id=site_id, job_id=job_id)


class _DeployStep(NodeType):
    """A step of the deploy flow: opens the deployment its inputs name, runs ``step``."""

    Config = NoConfig

    async def run(self, config: BaseModel, context: NodeContext) -> NodeOutcome:
        if context.instance is None or context.tenant_id is None:
            raise RuntimeError(f"{self.name} runs inside an execution of the deploy flow")
        inputs = context.inputs
        async with open_deployment(
            context.instance,
            tenant_id=context.tenant_id,
            site_id=uuid.UUID(str(inputs["site_id"])),
            wordpress=str(inputs["wordpress"]),
            version=inputs.get("version"),
        ) as (deployment, site, number, access):
            output = await self.step(deployment, site, number, access, context)
        return NodeOutcome(output=output)

    @abstractmethod
    async def step(
        self,
        deployment: Deployment,
        site: Site,
        version: int,
        access: SiteAccess,
        context: NodeContext,
    ) -> dict[str, Any]:
        """Do this step of the deploy; a JSON output with a ``line`` for the job's log."""


def _deployed(context: NodeContext) -> dict[str, DeployedPage]:
    pages = [DeployedPage.model_validate(item) for item in context.upstream.get("pages") or []]
    return {page.slug: page for page in pages}


def _prepared(context: NodeContext) -> dict[str, Any]:
    return dict(context.upstream.get("prepare") or {})


class DeployPrepareNode(_DeployStep):
    """The account's capabilities, the logo, the SEO plugin; the pages to put on."""

    name = "site_deploy_prepare"
    description = "Check the WordPress account may deploy a site; upload the logo; list pages."

    async def step(
        self,
        deployment: Deployment,
        site: Site,
        version: int,
        access: SiteAccess,
        context: NodeContext,
    ) -> dict[str, Any]:
        may_activate, logo_id, plugin = await prepare(deployment, site)
        return {
            "version": version,
            "site": access.name,
            "url": access.url,
            "may_activate": may_activate,
            "logo_id": logo_id,
            "seo_plugin": plugin,
            "pages": page_slugs(site),
            "line": f"account {deployment.client.username!r} may deploy; logo"
            f" {logo_id if logo_id is not None else 'none'}; {len(page_slugs(site))} page(s)",
        }


class DeployPageNode(_DeployStep):
    """One page (a map item: its slug) created, updated or found again by slug."""

    name = "site_deploy_page"
    description = "Put one page of the site on WordPress (a map item over prepare.pages)."

    async def step(
        self,
        deployment: Deployment,
        site: Site,
        version: int,
        access: SiteAccess,
        context: NodeContext,
    ) -> dict[str, Any]:
        slug, index = str(context.extra["item"]), int(context.extra.get("index", 0))
        total = len(_prepared(context).get("pages") or page_slugs(site))
        done = await deploy_page(deployment, site, slug, _prepared(context).get("seo_plugin"))
        line = f"page {index + 1} of {total} {slug!r}: {done.action} ({done.url})"
        return {**done.model_dump(mode="json"), "line": line}


class DeploySettingsNode(_DeployStep):
    """The front page, posts page, title, tagline and logo settings."""

    name = "site_deploy_settings"
    description = "Set the front page, posts page, site title, tagline and logo."

    async def step(
        self,
        deployment: Deployment,
        site: Site,
        version: int,
        access: SiteAccess,
        context: NodeContext,
    ) -> dict[str, Any]:
        logo_id = _prepared(context).get("logo_id")
        front, posts = await deploy_settings(deployment, site, _deployed(context), logo_id)
        line = f"settings: front page {front}, posts page {posts or 'none'}, title, tagline"
        return {"front_page_id": front, "posts_page_id": posts, "line": line}


class DeployMenuNode(_DeployStep):
    """The navigation menu of the site's pages."""

    name = "site_deploy_menu"
    description = "Write the navigation menu (a wp_navigation post of navigation links)."

    async def step(
        self,
        deployment: Deployment,
        site: Site,
        version: int,
        access: SiteAccess,
        context: NodeContext,
    ) -> dict[str, Any]:
        menu_id, action = await deploy_menu(deployment, site, _deployed(context))
        line = f"navigation menu {menu_id}: {action}"
        return {"navigation_id": menu_id, "action": action, "line": line}


class DeployStylesNode(_DeployStep):
    """The palette and fonts in the active block theme's global styles."""

    name = "site_deploy_styles"
    description = "Write the palette and fonts into the active block theme's global styles."

    async def step(
        self,
        deployment: Deployment,
        site: Site,
        version: int,
        access: SiteAccess,
        context: NodeContext,
    ) -> dict[str, Any]:
        theme, styles_id = await deploy_styles(deployment, site)
        line = styles_line(theme, styles_id)
        return {"theme": theme, "global_styles_id": styles_id, "line": line}


class DeployPluginsNode(_DeployStep):
    """The recommended plugins that are installed, activated."""

    name = "site_deploy_plugins"
    description = "Activate the recommended plugins that are installed."

    async def step(
        self,
        deployment: Deployment,
        site: Site,
        version: int,
        access: SiteAccess,
        context: NodeContext,
    ) -> dict[str, Any]:
        may_activate = bool(_prepared(context).get("may_activate"))
        plugins = await deploy_plugins(deployment.client, site, may_activate)
        line = "plugins: " + (", ".join(f"{k} {v}" for k, v in plugins.items()) or "none")
        return {"plugins": plugins, "line": line}


class DeployFinishNode(_DeployStep):
    """Records the deploy (the site is then active) and gives the whole result."""

    name = "site_deploy_finish"
    description = "Record the deploy and put its result together."

    async def step(
        self,
        deployment: Deployment,
        site: Site,
        version: int,
        access: SiteAccess,
        context: NodeContext,
    ) -> dict[str, Any]:
        up = context.upstream
        pages = list(_deployed(context).values())
        front = int(up["settings"]["front_page_id"])
        deployment.record(None, front, access.url, note=f"deployed version {version}")
        log = [str(up["prepare"]["line"])] + [str(p["line"]) for p in up.get("pages") or []]
        log += [str(up[node]["line"]) for node in ("settings", "menu", "styles", "plugins")]
        line = f"deployed version {version} to {access.name} ({access.url})"
        result = DeployResult(
            site=access.name,
            url=access.url,
            version=version,
            pages=pages,
            front_page_id=front,
            posts_page_id=up["settings"]["posts_page_id"],
            navigation_id=int(up["menu"]["navigation_id"]),
            global_styles_id=up["styles"]["global_styles_id"],
            theme=str(up["styles"]["theme"]),
            plugins=dict(up["plugins"]["plugins"]),
            logo_id=up["prepare"]["logo_id"],
            log=[*log, line],
        )
        return {**result.model_dump(mode="json"), "line": line}


DEPLOY_NODE_TYPES: tuple[Callable[[], NodeType], ...] = (
    DeployPrepareNode,
    DeployPageNode,
    DeploySettingsNode,
    DeployMenuNode,
    DeployStylesNode,
    DeployPluginsNode,
    DeployFinishNode,
)
