"""`presswright site new|status|regenerate|preview|deploy|export`: the site builder.

Thin over :mod:`presswright.sites`: a brief is checked before anything is created (a bad one
is one line and exit 1); ``new`` and ``regenerate`` run the job in this process with its
progress (0-100 and the current step) on stderr; ``deploy`` (:mod:`.site_deploy`)
runs the deploy job the same way; results go to stdout (``--json`` for scripts).
"""

from __future__ import annotations

import asyncio
import base64
import json
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from pydantic import ValidationError

from presswright.cli.console import err, out
from presswright.errors import UserInputError

if TYPE_CHECKING:
    from presswright.bootstrap import Instance, Workspace
    from presswright.flows.runtime import Runtime
    from presswright.sites.public import SitePublic, SiteStarted

__all__ = ["register", "site_id_of"]

site_app = typer.Typer(
    help="Sites: a business brief in, a WordPress site out (pages, design, plugins, deploy).",
    no_args_is_help=True,
)


def site_id_of(raw: str) -> uuid.UUID:
    """The site id a command was given; one clear line when it is not one."""
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise UserInputError(
            f"{raw!r} is not a site id", hint="see `presswright site status`"
        ) from None


def _logo(path: Path | None) -> str | None:
    if path is None:
        return None
    try:
        return base64.b64encode(path.read_bytes()).decode("ascii")
    except OSError as error:
        raise UserInputError(
            f"cannot read the logo {path}: {error.strerror}", hint="check the path"
        ) from None


def _print_site(site: SitePublic) -> None:
    out.print(
        f"{site.id}  {site.status}  v{site.current_version}  {site.language or '-'}  {site.title}",
        markup=False,
    )
    if site.error:
        out.print(f"  {site.error}", markup=False)
    for page in site.pages:
        out.print(f"  /{page.slug}/  {page.title}: {page.seo_title}", markup=False)
    if site.design:
        fonts = site.design.get("fonts") or {}
        names = [fonts.get(role, {}).get("name", "-") for role in ("heading", "body")]
        out.print(
            f"  design: fonts {names[0]} / {names[1]}, {len(site.design.get('changes') or [])}"
            " colour(s) repaired to WCAG AA",
            markup=False,
        )
    for plugin in site.plugins:
        out.print(f"  plugin {plugin['name']}: {plugin['reason']}", markup=False)
    if site.deployed_to:
        out.print(f"  deployed to: {', '.join(site.deployed_to)}", markup=False)


async def _report(instance: Instance, workspace: Workspace, job_id: str) -> None:
    """Print each new line of the job's log with the job's progress at that moment."""
    from presswright.sites.jobs import job_status

    printed = 0
    while True:
        job = await asyncio.to_thread(
            job_status, instance, tenant_id=workspace.tenant_id, job_id=job_id
        )
        for line in job.log[printed:]:
            err.print(f"  job {job.progress:3d}%  {line}", markup=False)
        printed = len(job.log)
        await asyncio.sleep(0.2)


def _run_job(
    instance: Instance, workspace: Workspace, operation: Any, *, detach: bool, as_json: bool
) -> None:
    """Run a site job here with its progress on stderr, then show the site."""
    from presswright.cli.run_commands import execute
    from presswright.sites.service import get_site

    started: list[SiteStarted] = []
    watchers: list[asyncio.Task[None]] = []

    async def follow_it(runtime: Runtime | None) -> str:
        started.append(await operation(runtime))
        if not detach:
            loop = asyncio.get_running_loop()
            watchers.append(loop.create_task(_report(instance, workspace, started[0].job_id)))
        return started[0].job_id

    final = execute(instance, workspace, follow_it, detach=detach, as_json=False, progress=err)
    site_id = started[0].site_id
    err.print(f"site {site_id}  job {started[0].job_id}", markup=False)
    if final is None:
        return
    if final.status == "paused":
        err.print(
            f"the site waits for a review: `presswright run approve {final.execution_id}`",
            markup=False,
        )
        return
    site = get_site(instance, tenant_id=workspace.tenant_id, site_id=site_id)
    if as_json:
        typer.echo(site.model_dump_json(indent=2))
    else:
        _print_site(site)


@site_app.command("new")
def site_new(
    name: str = typer.Argument(..., help="The business's name."),
    business_type: str = typer.Option(..., "--type", help="What the business is, e.g. bakery."),
    description: str = typer.Option(..., help="What it does, for whom, where."),
    goal: list[str] = typer.Option([], "--goal", help="What the site is for (repeat)."),
    audience: str = typer.Option("local customers"),
    page: list[str] = typer.Option(
        [],
        "--page",
        help="A page wanted, in menu order (repeat); default Home, About, Services, Contact.",
    ),
    posts_page: str | None = typer.Option(None, help="Title of a page listing the posts (a blog)."),
    style: list[str] = typer.Option([], "--style", help="A style word, e.g. warm (repeat)."),
    language: str = typer.Option("en", help="en, fa, ar, de, es, fr, it, ja, ko or zh."),
    shop: bool = typer.Option(False, "--shop", help="The business sells online (WooCommerce)."),
    logo: Path | None = typer.Option(None, help="A PNG, JPEG, WebP or GIF logo file."),
    email: str | None = typer.Option(None),
    phone: str | None = typer.Option(None),
    address: str | None = typer.Option(None),
    review_plan: bool = typer.Option(False, "--review-plan", help="Pause to approve the plan."),
    review_site: bool = typer.Option(False, "--review-site", help="Pause to approve the site."),
    model: str | None = typer.Option(None, help="provider:model (default: the configured one)."),
    detach: bool = typer.Option(False, "--detach", help="Only queue it for a worker."),
    as_json: bool = typer.Option(False, "--json", help="Print the finished site as JSON."),
) -> None:
    """Generate a site from a business brief: plan, pages, design, plugins."""
    from presswright.cli.run_commands import open_workspace
    from presswright.sites.brief import SiteBrief, brief_error

    contact = {k: v for k, v in {"email": email, "phone": phone, "address": address}.items() if v}
    fields: dict[str, Any] = {
        "business_name": name,
        "business_type": business_type,
        "description": description,
        "goals": goal,
        "audience": audience,
        "posts_page": posts_page,
        "style_words": style,
        "language": language,
        "shop": shop,
        "logo": _logo(logo),
        "contact": contact or None,
        "review_plan": review_plan,
        "review_site": review_site,
    }
    if page:
        fields["pages"] = page
    try:
        brief = SiteBrief.model_validate(fields)
    except ValidationError as error:
        raise brief_error(error) from None
    instance, workspace = open_workspace()

    async def operation(runtime: Runtime | None) -> SiteStarted:
        from presswright.sites.service import start_site

        return await start_site(
            instance,
            tenant_id=workspace.tenant_id,
            user_id=workspace.user_id,
            brief=brief,
            model=model,
            runtime=runtime,
        )

    _run_job(instance, workspace, operation, detach=detach, as_json=as_json)


@site_app.command("status")
def site_status(
    site_id: str | None = typer.Argument(None, help="A site id; without one, every site."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """The workspace's sites, or one site with its pages, design, plugins and job."""
    from presswright.cli.run_commands import open_workspace
    from presswright.sites.jobs import job_status
    from presswright.sites.service import get_site, list_sites

    instance, workspace = open_workspace()
    if site_id is None:
        page = list_sites(instance, tenant_id=workspace.tenant_id, limit=200)
        if as_json:
            typer.echo(page.model_dump_json(indent=2))
        for item in [] if as_json else page.items:
            out.print(
                f"{item.id}  {item.status}  v{item.current_version}  {item.title}", markup=False
            )
        return
    site = get_site(instance, tenant_id=workspace.tenant_id, site_id=site_id_of(site_id))
    job = (
        job_status(instance, tenant_id=workspace.tenant_id, job_id=site.job_id)
        if site.job_id
        else None
    )
    if as_json:
        data = site.model_dump(mode="json")
        data["job"] = job.model_dump(mode="json") if job else None
        typer.echo(json.dumps(data, indent=2))
        return
    _print_site(site)
    if job is not None:
        out.print(f"  job {job.job_id}: {job.status}, {job.progress}%", markup=False)


@site_app.command("regenerate")
def site_regenerate(
    site_id: str = typer.Argument(..., help="A site id."),
    page: str | None = typer.Option(None, help="The page to write again: its slug or number."),
    design: bool = typer.Option(False, "--design", help="Choose the palette and fonts again."),
    detach: bool = typer.Option(False, "--detach"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Write one page again, or only the design; everything else is kept."""
    from presswright.cli.run_commands import open_workspace

    if (page is None) == (not design):
        raise UserInputError(
            "name what to make again", hint="give --page SLUG or --design (one of them)"
        )
    document_id = site_id_of(site_id)
    instance, workspace = open_workspace()

    async def operation(runtime: Runtime | None) -> SiteStarted:
        from presswright.sites.service import regenerate_design, regenerate_page

        if page is not None:
            return await regenerate_page(
                instance,
                tenant_id=workspace.tenant_id,
                site_id=document_id,
                page=page,
                runtime=runtime,
            )
        return await regenerate_design(
            instance, tenant_id=workspace.tenant_id, site_id=document_id, runtime=runtime
        )

    _run_job(instance, workspace, operation, detach=detach, as_json=as_json)


@site_app.command("preview")
def site_preview(
    site_id: str = typer.Argument(..., help="A site id."),
    output_dir: Path = typer.Option(..., "-o", "--output-dir", help="Folder for the HTML files."),
    version: int | None = typer.Option(None, min=1, help="Default: the current version."),
) -> None:
    """Write every page as a standalone HTML preview (no script) with its stylesheet."""
    from presswright.cli.run_commands import open_workspace
    from presswright.content.block_preview import PREVIEW_STYLESHEET, preview_stylesheet
    from presswright.sites.export import preview_files
    from presswright.sites.service import site_version

    instance, workspace = open_workspace()
    _, site = site_version(
        instance, tenant_id=workspace.tenant_id, site_id=site_id_of(site_id), version=version
    )
    files = preview_files(site, stylesheet=PREVIEW_STYLESHEET)
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
        (output_dir / PREVIEW_STYLESHEET).write_bytes(preview_stylesheet())
        for name, text in files.items():
            (output_dir / name).write_text(text, encoding="utf-8")
    except OSError as error:
        raise UserInputError(
            f"cannot write into {output_dir}: {error.strerror}", hint="check the path"
        ) from None
    for name in files:
        out.print(str(output_dir / name), markup=False)


@site_app.command("export")
def site_export(
    site_id: str = typer.Argument(..., help="A site id."),
    output: Path | None = typer.Option(
        None, "-o", "--output", help="Default: the theme's file name here."
    ),
    version: int | None = typer.Option(None, min=1, help="Default: the current version."),
) -> None:
    """Write the site's block theme as the ZIP WordPress installs (Appearance > Themes > Upload)."""
    from presswright.cli.run_commands import open_workspace
    from presswright.sites.export import site_theme

    instance, workspace = open_workspace()
    theme = site_theme(
        instance, tenant_id=workspace.tenant_id, site_id=site_id_of(site_id), version=version
    )
    path = output or Path(theme.filename)
    try:
        path.write_bytes(theme.data)
    except OSError as error:
        raise UserInputError(
            f"cannot write {path}: {error.strerror}", hint="check the path"
        ) from None
    out.print(f"{path}  {len(theme.data):,} bytes  (version {theme.version})", markup=False)


def register(app: typer.Typer) -> None:
    """Add ``presswright site`` to the root application."""
    from presswright.cli.site_deploy import site_deploy

    site_app.command("deploy")(site_deploy)
    app.add_typer(site_app, name="site")
