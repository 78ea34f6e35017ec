"""`presswright hosting provision|status|teardown`: a WordPress for a generated site.

Thin over :mod:`presswright.sites.provision`. ``provision`` runs in this process and prints
each step as it is done; running it again with the same name resumes a provision that
failed or stopped. ``local`` needs root (system users, databases, daemons). Secrets given
for ``ssh`` (a password, a key file, the application password) and ``digitalocean`` (the API
token, ``DIGITALOCEAN_TOKEN``) are stored encrypted.
"""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import typer
from pydantic import SecretStr, ValidationError

from presswright.cli.console import out
from presswright.errors import UserInputError

__all__ = ["register"]

hosting_app = typer.Typer(
    help="Hosting: provision a WordPress for a site (local, an existing server over SSH, or a"
    " DigitalOcean droplet).",
    no_args_is_help=True,
)


def _secret(value: str | None) -> SecretStr | None:
    return SecretStr(value) if value else None


def _read(path: Path | None) -> SecretStr | None:
    if path is None:
        return None
    try:
        return SecretStr(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise UserInputError(
            f"cannot read {path}: {error.strerror}", hint="check the path"
        ) from None


@hosting_app.command("provision")
def hosting_provision(
    name: str = typer.Argument(..., help="A short name: lower-case letters, digits, hyphens."),
    site_id: uuid.UUID = typer.Option(
        ..., "--site", help="The site to deploy (`presswright site status`)."
    ),
    provisioner: str = typer.Option("local", "--with", help="local, ssh or digitalocean."),
    port: int | None = typer.Option(None, help="local: the loopback port (default: a free one)."),
    host: str | None = typer.Option(None, help="ssh: the server."),
    ssh_port: int = typer.Option(22, help="ssh: the SSH port."),
    ssh_user: str | None = typer.Option(None, help="ssh: the SSH account."),
    ssh_key: Path | None = typer.Option(None, help="ssh: a private key file."),
    ssh_password: str | None = typer.Option(
        None, envvar="PRESSWRIGHT_SSH_PASSWORD", help="ssh: a password."
    ),
    wp_path: str | None = typer.Option(None, help="ssh: the WordPress directory on the server."),
    wp_url: str | None = typer.Option(None, help="ssh: the WordPress address."),
    wp_user: str | None = typer.Option(None, help="ssh: a WordPress administrator."),
    wp_app_password: str | None = typer.Option(
        None, envvar="PRESSWRIGHT_WP_APP_PASSWORD", help="ssh: that user's application password."
    ),
    do_token: str | None = typer.Option(
        None, envvar="DIGITALOCEAN_TOKEN", help="digitalocean: an API token (stored sealed)."
    ),
    do_region: str = typer.Option("nyc3", help="digitalocean: the region slug."),
    do_size: str = typer.Option("s-1vcpu-1gb", help="digitalocean: the droplet size slug."),
    do_image: str = typer.Option("debian-12-x64", help="digitalocean: the image slug."),
    do_api_url: str | None = typer.Option(None, help="digitalocean: the API's address."),
) -> None:
    """Provision a WordPress for a site, install its theme and deploy it (resumes by name)."""
    from presswright.cli.run_commands import open_workspace
    from presswright.sites.provision import ProvisionRequest, provision_site, start_record

    try:
        request = ProvisionRequest(
            name=name, provisioner=provisioner, site_id=site_id, port=port, host=host,
            ssh_port=ssh_port, ssh_user=ssh_user, ssh_key=_read(ssh_key),
            ssh_password=_secret(ssh_password), wp_path=wp_path, wp_url=wp_url, wp_user=wp_user,
            wp_app_password=_secret(wp_app_password), do_token=_secret(do_token),
            do_region=do_region, do_size=do_size, do_image=do_image, do_api_url=do_api_url,
        )  # fmt: skip
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in item['loc'])}: {item['msg']}" for item in error.errors()
        )
        raise UserInputError(f"cannot provision: {problems}", hint="see --help") from None
    instance, workspace = open_workspace()
    record = start_record(instance, tenant_id=workspace.tenant_id, request=request)
    done = asyncio.run(provision_site(instance, tenant_id=workspace.tenant_id, ref=record.id))
    for line in done.log:
        out.print(f"  {line}", markup=False)
    out.print(f"{done.name}: {done.status} at {done.url}  (id {done.id})", markup=False)


@hosting_app.command("status")
def hosting_status(
    name: str | None = typer.Argument(None, help="A name or id; default: all of them."),
) -> None:
    """Show provisioned sites: status, address, last step, and the error of a failed one."""
    from presswright.cli.run_commands import open_workspace
    from presswright.sites.provision import hosted_status, list_hosted

    instance, workspace = open_workspace()
    if name is None:
        for item in list_hosted(instance, tenant_id=workspace.tenant_id):
            out.print(
                f"{item.name:<24} {item.kind:<6} {item.status:<13} {item.url or '-'}", markup=False
            )
        return
    item = hosted_status(instance, tenant_id=workspace.tenant_id, ref=name)
    out.print(
        f"{item.name} ({item.kind}): {item.status}, step {item.step}, {item.url or '-'}",
        markup=False,
    )
    if item.error:
        out.print(f"error: {item.error}", markup=False)


@hosting_app.command("start-all")
def hosting_start_all() -> None:
    """Start the daemons of every active local site again (run it at boot, e.g. from cron)."""
    from presswright.cli.run_commands import open_workspace
    from presswright.sites.provision import start_hosted_sites

    instance, workspace = open_workspace()
    outcome = start_hosted_sites(instance, tenant_id=workspace.tenant_id)
    for name, what in outcome.items():
        out.print(f"{name}: {what}", markup=False)
    if not outcome:
        out.print("no active provisioned site", markup=False)
    if any(what.startswith("failed") for what in outcome.values()):
        raise typer.Exit(1)


@hosting_app.command("teardown")
def hosting_teardown(name: str = typer.Argument(..., help="A name or id.")) -> None:
    """Remove everything a provision made (database, user, pool, server block, files)."""
    from presswright.cli.run_commands import open_workspace
    from presswright.sites.provision import teardown_site

    instance, workspace = open_workspace()
    out.print(
        f"removed {teardown_site(instance, tenant_id=workspace.tenant_id, ref=name)}", markup=False
    )


def register(app: typer.Typer) -> None:
    """Add ``presswright hosting`` to the root application."""
    app.add_typer(hosting_app, name="hosting")
