"""Provisioning use cases: provision a site (resumable), read its status, tear it down.

``provision_site`` makes or resumes the ``hosted_sites`` row, lets the provisioner make or
reach the WordPress, installs the site's theme ZIP, connects the WordPress (its application
password stored encrypted like any connected site) and runs the REST deploy. Each step is
written to the row as it is done; a failure leaves status ``failed`` with the error, and
provisioning the same name again resumes.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from typing import Any

import httpx
from pydantic import BaseModel, ConfigDict, Field, SecretStr

from presswright.bootstrap import Instance
from presswright.errors import NotFoundError, PresswrightError
from presswright.publish.wordpress.sites import SITE_CONNECTIONS, SiteConnect, connect_site
from presswright.sites.deploy import deploy_site
from presswright.sites.export import site_theme
from presswright.sites.provision.base import (
    SLUG_PATTERN,
    Provisioner,
    ProvisionInputError,
    ProvisionState,
)
from presswright.sites.provision.records import (
    HostedSitePublic,
    create_hosted,
    find_hosted,
    get_hosted,
    open_hosted_secrets,
    seal_hosted_secrets,
)
from presswright.sites.service import get_site
from presswright.sites.theme.bundle import theme_slug
from presswright.store.models import HostedSite

__all__ = [
    "ProvisionRequest",
    "hosted_status",
    "list_hosted",
    "provision_site",
    "provisioner_for",
    "start_hosted_sites",
    "start_record",
    "teardown_site",
]


class ProvisionRequest(BaseModel):
    """What to provision: a name, which provisioner, the site to deploy, and its options."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=2, max_length=40, pattern=SLUG_PATTERN, examples=["rosas-bakery"])
    provisioner: str = Field(default="local", pattern=r"^(local|ssh|digitalocean)$")
    site_id: uuid.UUID = Field(description="The generated site to deploy (GET /api/v1/sites).")
    port: int | None = Field(
        default=None, ge=1024, le=65535, description="local: the loopback port (default: free)."
    )
    host: str | None = Field(default=None, max_length=253, pattern=r"^[A-Za-z0-9.:-]+$")
    ssh_port: int = Field(default=22, ge=1, le=65535)
    ssh_user: str | None = Field(default=None, max_length=32, pattern=r"^[a-z_][a-z0-9_-]*$")
    ssh_password: SecretStr | None = None
    ssh_key: SecretStr | None = Field(default=None, description="A private key (PEM/OpenSSH).")
    wp_path: str | None = Field(default=None, max_length=500, pattern=r"^/[A-Za-z0-9._/-]*$")
    wp_url: str | None = Field(default=None, max_length=500, pattern=r"^https?://")
    wp_user: str | None = Field(default=None, max_length=100)
    wp_app_password: SecretStr | None = None
    do_token: SecretStr | None = Field(
        default=None, description="digitalocean: an API token with write scope (stored sealed)."
    )
    do_region: str = Field(default="nyc3", max_length=20, pattern=r"^[a-z0-9-]+$")
    do_size: str = Field(default="s-1vcpu-1gb", max_length=40, pattern=r"^[a-z0-9-]+$")
    do_image: str = Field(default="debian-12-x64", max_length=60, pattern=r"^[a-z0-9.-]+$")
    do_api_url: str | None = Field(
        default=None,
        max_length=500,
        pattern=r"^https?://",
        description="digitalocean: the API's address (default https://api.digitalocean.com).",
    )
    public: bool = Field(
        default=True,
        description="local: search engines may index the site (WordPress's blog_public);"
        " false keeps it private (noindex), e.g. for staging.",
    )


def provisioner_for(kind: str, instance: Instance) -> Provisioner:
    """The provisioner of a kind (``local`` under the instance's sites root)."""
    if kind == "local":
        from presswright.sites.provision.local import LocalProvisioner

        return LocalProvisioner()
    if kind == "digitalocean":
        from presswright.sites.provision.digitalocean import DigitalOceanProvisioner

        return DigitalOceanProvisioner()
    from presswright.sites.provision.ssh import SshProvisioner

    return SshProvisioner()


def _settings_and_secrets(request: ProvisionRequest) -> tuple[dict[str, Any], dict[str, str]]:
    settings: dict[str, Any] = {"public": request.public}
    secrets: dict[str, str] = {}
    if request.provisioner == "ssh":
        missing = [
            f for f in ("host", "ssh_user", "wp_path", "wp_url", "wp_user", "wp_app_password")
            if getattr(request, f) is None
        ]  # fmt: skip
        if request.ssh_password is None and request.ssh_key is None:
            missing.append("ssh_password or ssh_key")
        if missing:
            raise ProvisionInputError(
                f"the ssh provisioner needs {', '.join(missing)}",
                hint="name the server, its SSH account and the WordPress on it",
                field=missing[0].split()[0],
            )
        settings.update(
            host=request.host, ssh_port=request.ssh_port, ssh_user=request.ssh_user,
            wp_path=request.wp_path, wp_url=request.wp_url, wp_user=request.wp_user,
        )  # fmt: skip
        for name in ("ssh_password", "ssh_key", "wp_app_password"):
            value = getattr(request, name)
            if value is not None:
                secrets[name] = value.get_secret_value()
    if request.provisioner == "digitalocean":
        if request.do_token is None:
            raise ProvisionInputError(
                "the digitalocean provisioner needs a DigitalOcean API token",
                hint="create a personal access token with write scope at"
                " https://cloud.digitalocean.com/account/api/tokens",
                field="do_token",
            )
        secrets["do_token"] = request.do_token.get_secret_value()
        settings.update(
            region=request.do_region, size=request.do_size, image=request.do_image,
            ssh_port=request.ssh_port,
        )  # fmt: skip
        if request.do_api_url:
            settings["api_url"] = request.do_api_url
    return settings, secrets


def start_record(
    instance: Instance, *, tenant_id: uuid.UUID, request: ProvisionRequest
) -> HostedSitePublic:
    """Check the request and make (or find, to resume) its row; nothing is provisioned yet."""
    get_site(instance, tenant_id=tenant_id, site_id=request.site_id)  # NotFoundError if not ours
    settings, secrets = _settings_and_secrets(request)
    provisioner = provisioner_for(request.provisioner, instance)
    with instance.database.tenant_session(tenant_id) as session:
        row = find_hosted(session, request.name)
        if row is not None:
            if row.kind != request.provisioner or row.site_id != request.site_id:
                raise ProvisionInputError(
                    f"{request.name!r} is already provisioned with {row.kind} for another site",
                    hint="choose another name, or tear that one down first",
                    field="name",
                )
            row.status, row.error = "provisioning", None
            return HostedSitePublic.of(row)
        row = create_hosted(
            session, name=request.name, kind=request.provisioner, site_id=request.site_id,
            settings=settings, secrets=secrets, box=instance.secretbox,
        )  # fmt: skip
        state = _state(instance, tenant_id, row)
    plan = getattr(provisioner, "plan", None)
    if plan is not None:
        try:
            plan(state, port=request.port)
        except ProvisionInputError:
            with instance.database.tenant_session(tenant_id) as session:
                session.delete(get_hosted(session, state.id))
            raise
    with instance.database.tenant_session(tenant_id) as session:
        return HostedSitePublic.of(get_hosted(session, state.id))


def _state(instance: Instance, tenant_id: uuid.UUID, row: HostedSite) -> ProvisionState:
    def save(state: ProvisionState, step: str) -> None:
        with instance.database.tenant_session(tenant_id) as session:
            stored = get_hosted(session, state.id)
            stored.settings = dict(state.settings)
            stored.secrets_encrypted = seal_hosted_secrets(instance.secretbox, state.secrets)
            stored.step = step
            stored.log = [*stored.log, f"{time.strftime('%H:%M:%S')} {step}"]

    return ProvisionState(
        id=row.id,
        name=row.name,
        settings=dict(row.settings),
        secrets=open_hosted_secrets(instance.secretbox, row),
        save=save,
    )


def _load(
    instance: Instance, tenant_id: uuid.UUID, ref: str | uuid.UUID
) -> tuple[HostedSite, ProvisionState]:
    with instance.database.tenant_session(tenant_id) as session:
        row = get_hosted(session, ref)
        session.expunge(row)
        return row, _state(instance, tenant_id, row)


def _finish(instance: Instance, tenant_id: uuid.UUID, row_id: uuid.UUID, **values: Any) -> None:
    with instance.database.tenant_session(tenant_id) as session:
        row = get_hosted(session, row_id)
        for key, value in values.items():
            setattr(row, key, value)


async def provision_site(
    instance: Instance,
    *,
    tenant_id: uuid.UUID,
    ref: str | uuid.UUID,
    transport: httpx.AsyncBaseTransport | None = None,
) -> HostedSitePublic:
    """Provision (or resume) a recorded site: WordPress, theme, connection, deploy."""
    row, state = _load(instance, tenant_id, ref)
    provisioner = provisioner_for(row.kind, instance)
    try:
        login = await asyncio.to_thread(provisioner.provision, state)
        if row.site_id is None:
            raise ProvisionInputError("this record names no site to deploy")
        theme = await asyncio.to_thread(
            site_theme, instance, tenant_id=tenant_id, site_id=row.site_id
        )
        site = get_site(instance, tenant_id=tenant_id, site_id=row.site_id)
        await asyncio.to_thread(
            provisioner.install_theme, state, theme.data, theme_slug(site.title)
        )
        wordpress_id = row.wordpress_site_id
        if wordpress_id is None:
            # A run that died between connecting and recording it left the connection: its
            # password may be an older one, so it is made again.
            with contextlib.suppress(NotFoundError):
                SITE_CONNECTIONS.remove(instance, tenant_id=tenant_id, ref=f"hosted-{row.name}")
            connected = await connect_site(
                instance, tenant_id=tenant_id, transport=transport,
                data=SiteConnect(
                    url=login.url, username=login.username, name=f"hosted-{row.name}",
                    app_password=SecretStr(login.app_password),
                ),
            )  # fmt: skip
            wordpress_id = connected.site.id
            _finish(instance, tenant_id, row.id, wordpress_site_id=wordpress_id, url=login.url)
        state.step("connected")
        await deploy_site(
            instance, tenant_id=tenant_id, site_id=row.site_id, wordpress=wordpress_id,
            transport=transport,
        )  # fmt: skip
        state.step("deployed")
    except PresswrightError as error:
        message = str(error) + (f" ({error.hint})" if error.hint else "")
        _finish(instance, tenant_id, row.id, status="failed", error=message)
        raise
    except Exception as error:  # a bug or an unexpected system failure: recorded, then raised
        _finish(
            instance, tenant_id, row.id, status="failed", error=f"{type(error).__name__}: {error}"
        )
        raise
    _finish(instance, tenant_id, row.id, status="active", error=None, url=login.url)
    return hosted_status(instance, tenant_id=tenant_id, ref=row.id)


def hosted_status(
    instance: Instance, *, tenant_id: uuid.UUID, ref: str | uuid.UUID
) -> HostedSitePublic:
    """A provisioned site of the tenant and how far it got."""
    with instance.database.tenant_session(tenant_id) as session:
        return HostedSitePublic.of(get_hosted(session, ref))


def list_hosted(instance: Instance, *, tenant_id: uuid.UUID) -> list[HostedSitePublic]:
    """The tenant's provisioned sites by name."""
    from sqlalchemy import select

    with instance.database.tenant_session(tenant_id) as session:
        rows = session.scalars(select(HostedSite).order_by(HostedSite.name))
        return [HostedSitePublic.of(row) for row in rows]


def start_hosted_sites(instance: Instance, *, tenant_id: uuid.UUID) -> dict[str, str]:
    """Start the daemons of every active site of the tenant that has them here (after a boot).

    Each site's outcome by name: ``started``, ``runs elsewhere`` (ssh, digitalocean) or the
    error; one site failing does not stop the others.
    """
    from sqlalchemy import select

    with instance.database.tenant_session(tenant_id) as session:
        rows = list(session.scalars(select(HostedSite).where(HostedSite.status == "active")))
        for row in rows:
            session.expunge(row)
    outcome: dict[str, str] = {}
    for row in sorted(rows, key=lambda r: r.name):
        try:
            started = provisioner_for(row.kind, instance).start(_state(instance, tenant_id, row))
        except PresswrightError as error:
            outcome[row.name] = f"failed: {error}"
            continue
        outcome[row.name] = "started" if started else "runs elsewhere"
    return outcome


def teardown_site(instance: Instance, *, tenant_id: uuid.UUID, ref: str | uuid.UUID) -> str:
    """Remove what the provisioner made, the WordPress connection and the record; its name."""
    row, state = _load(instance, tenant_id, ref)
    provisioner_for(row.kind, instance).teardown(state)
    if row.wordpress_site_id is not None:
        with contextlib.suppress(NotFoundError):  # already removed by hand
            SITE_CONNECTIONS.remove(instance, tenant_id=tenant_id, ref=row.wordpress_site_id)
    with instance.database.tenant_session(tenant_id) as session:
        session.delete(get_hosted(session, row.id))
    return row.name
