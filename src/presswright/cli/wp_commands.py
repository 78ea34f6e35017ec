"""`presswright wp ...`: connect WordPress sites, publish articles to them, pull their links."""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import typer

from presswright.cli.connection_commands import (
    list_connections,
    parse_model,
    print_connections,
    remove_connection,
)
from presswright.cli.console import err, out
from presswright.cli.content_commands import emit, read_json
from presswright.cli.run_commands import open_workspace
from presswright.errors import UserInputError

__all__ = ["register"]

wp_app = typer.Typer(
    help="WordPress sites: connect, list, publish articles, pull links, remove.",
    no_args_is_help=True,
)

SITE_ARGUMENT = typer.Argument(..., metavar="SITE", help="The site's name, id or address.")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.read().strip()
    else:
        password = str(typer.prompt("Application password", hide_input=True)).strip()
    if not password:
        raise UserInputError(
            "the application password is empty",
            hint="create one in WordPress (Users → Profile → Application Passwords)",
        )
    return password


def _parse_date(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise UserInputError(
            f"--date {value!r} is not an ISO date and time",
            hint="e.g. --date 2030-01-31T09:00:00+01:00 (or ...Z for UTC)",
        ) from None


@wp_app.command("connect")
def connect(
    url: str = typer.Argument(..., help="The site's address, e.g. https://blog.example.com."),
    username: str = typer.Option(..., "--username", "-u", help="The WordPress username."),
    app_password_stdin: bool = typer.Option(
        False, "--app-password-stdin", help="Read the application password from standard input."
    ),
    name: str | None = typer.Option(None, help="A short name for the site (default: its host)."),
) -> None:
    """Connect a site: the credentials are checked against WordPress, then stored encrypted."""
    from presswright.publish.wordpress.sites import SiteConnect, connect_site

    data = parse_model(
        SiteConnect,
        "site connection",
        "give the address (http:// or https://), a username, and a name of a-z, 0-9, . _ -",
        url=url,
        username=username,
        app_password=_read_password(app_password_stdin),
        name=name,
    )
    instance, workspace = open_workspace()
    try:
        connection = asyncio.run(connect_site(instance, tenant_id=workspace.tenant_id, data=data))
    finally:
        instance.database.dispose()
    site = connection.site
    roles = ", ".join(site.remote_roles) or "no role"
    out.print(f"connected {site.name}: {site.url} as {site.remote_user_name} ({roles})")
    for warning in connection.warnings:
        err.print(f"warning: {warning}")


@wp_app.command("sites")
def sites(
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    check: bool = typer.Option(
        True, "--check/--no-check", help="Check each site now (default), or show the last status."
    ),
) -> None:
    """List the connected sites with their status: ok, unauthorized or unreachable."""
    from presswright.publish.wordpress import SITE_CONNECTIONS

    print_connections(
        list_connections(SITE_CONNECTIONS, check=check),
        as_json=as_json,
        empty="no WordPress sites yet: `presswright wp connect URL --username USER`",
        credential=("user", lambda site: site.username),
    )


@wp_app.command("publish")
def publish(
    site: str = SITE_ARGUMENT,
    path: Path = typer.Argument(..., metavar="FILE.json", help="An article (ContentData JSON)."),
    status: str = typer.Option("draft", help="draft, publish or future (needs --date)."),
    date: str | None = typer.Option(None, help="Publication date, ISO with a time zone."),
    category: list[str] = typer.Option([], "--category", "-c", help="A category (repeatable)."),
    tag: list[str] = typer.Option([], "--tag", "-t", help="A tag (repeatable)."),
    image: Path | None = typer.Option(None, help="A featured image file (png, jpg, gif, webp)."),
    image_alt: str | None = typer.Option(None, help="The featured image's alt text."),
    key: str | None = typer.Option(None, help="The document key (default: article:<slug>)."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Publish an article; publishing it again updates the same post."""
    from presswright.content.models import ContentData
    from presswright.publish.wordpress import FeaturedImage, PublishOptions, publish_document

    document = parse_model(
        ContentData,
        "article",
        "give an article as `presswright article` writes it",
        **_object(path),
    )
    options = parse_model(
        PublishOptions,
        "publish options",
        "--status is draft, publish or future; future needs a --date with a time zone",
        status=status,
        date=_parse_date(date),
        categories=category,
        tags=tag,
        document_key=key,
    )
    if (image is None) != (image_alt is None):
        raise UserInputError("--image and --image-alt go together", hint="give both, or neither")
    featured = FeaturedImage.from_path(image, alt_text=image_alt or "") if image else None
    instance, workspace = open_workspace()
    try:
        result = asyncio.run(
            publish_document(
                instance,
                tenant_id=workspace.tenant_id,
                site=site,
                document=document,
                options=options,
                image=featured,
                # A file is content given as is: held to the article contract, like the API's.
                check_contract=True,
            )
        )
    finally:
        instance.database.dispose()
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
        return
    out.print(
        f"{result.action} post {result.remote_id} ({result.status}) on {result.site}: {result.url}"
    )
    out.print(f"seo: {result.seo.note}")


def _object(path: Path) -> dict[str, Any]:
    data = read_json(path)
    if not isinstance(data, dict):
        raise UserInputError(f"{path} is not a JSON object", hint="give an article (ContentData)")
    return data


@wp_app.command("pull-links")
def pull_links(
    site: str = SITE_ARGUMENT,
    output: Path | None = typer.Option(
        None, "-o", "--output", help="Write the index here (for `article --site-index`)."
    ),
) -> None:
    """Pull the site's published posts and pages into its internal-link index."""
    from presswright.publish.wordpress.links import pull_links as pull

    instance, workspace = open_workspace()
    try:
        links = asyncio.run(pull(instance, tenant_id=workspace.tenant_id, site=site))
    finally:
        instance.database.dispose()
    err.print(f"pulled {len(links)} links from {site}")
    emit(json.dumps([link.model_dump() for link in links], indent=2, ensure_ascii=False), output)


@wp_app.command("remove")
def remove(site: str = SITE_ARGUMENT) -> None:
    """Forget a site, its publish records and link index (WordPress itself is untouched)."""
    from presswright.publish.wordpress import SITE_CONNECTIONS

    out.print(f"removed WordPress site {remove_connection(SITE_CONNECTIONS, site)}")


def register(app: typer.Typer) -> None:
    """Add the WordPress commands to the root application."""
    app.add_typer(wp_app, name="wp")
