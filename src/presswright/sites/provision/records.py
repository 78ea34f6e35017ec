"""The ``hosted_sites`` rows: one per provisioned site, secrets sealed with the secret box."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from presswright.errors import NotFoundError
from presswright.secretbox import SecretBox
from presswright.store.models import HostedSite

__all__ = [
    "HostedSitePublic",
    "create_hosted",
    "find_hosted",
    "get_hosted",
    "open_hosted_secrets",
    "seal_hosted_secrets",
]

# Settings a person may see (everything else in ``settings`` is internal).
_VISIBLE = (
    "public",
    "port",
    "host",
    "ssh_port",
    "ssh_user",
    "wp_path",
    "docroot",
    "database",
    "system_user",
    "region",
    "size",
    "image",
    "droplet_id",
)


class HostedSitePublic(BaseModel):
    """A provisioned site as shown to people: where it is and how far it got; no secret."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    kind: str = Field(examples=["local", "ssh", "digitalocean"])
    status: str = Field(examples=["provisioning", "active", "failed"])
    step: str | None = Field(description="The last step done, or the one that failed.")
    site_id: uuid.UUID | None
    wordpress_site_id: uuid.UUID | None = Field(
        description="The WordPress connection the deploy used (GET /api/v1/wordpress/sites)."
    )
    url: str | None
    settings: dict[str, Any]
    error: str | None
    log: list[str]
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, row: HostedSite) -> HostedSitePublic:
        """The public view of a row (internal settings left out)."""
        shown = cls.model_validate(row)
        shown.settings = {k: v for k, v in row.settings.items() if k in _VISIBLE}
        return shown


def seal_hosted_secrets(box: SecretBox, secrets: dict[str, str]) -> str:
    """The secrets as one encrypted token."""
    return box.encrypt(json.dumps(secrets, sort_keys=True))


def open_hosted_secrets(box: SecretBox, row: HostedSite) -> dict[str, str]:
    """The decrypted secrets of a row (SecretError when the instance secret changed)."""
    data = json.loads(box.decrypt(row.secrets_encrypted, what=f"the secrets of {row.name!r}"))
    return {str(k): str(v) for k, v in data.items()}


def create_hosted(
    session: Session,
    *,
    name: str,
    kind: str,
    site_id: uuid.UUID | None,
    settings: dict[str, Any],
    secrets: dict[str, str],
    box: SecretBox,
) -> HostedSite:
    """A new row for the session's tenant, status ``provisioning``."""
    row = HostedSite(
        name=name,
        kind=kind,
        status="provisioning",
        step=None,
        site_id=site_id,
        settings=dict(settings),
        secrets_encrypted=seal_hosted_secrets(box, secrets),
        log=[],
    )
    session.add(row)
    session.flush()
    return row


def find_hosted(session: Session, name: str) -> HostedSite | None:
    """The session tenant's row of that name, if any."""
    return session.scalars(select(HostedSite).where(HostedSite.name == name)).one_or_none()


def get_hosted(session: Session, ref: str | uuid.UUID) -> HostedSite:
    """A row of the session's tenant by id or name; NotFoundError otherwise."""
    row: HostedSite | None
    if isinstance(ref, uuid.UUID):
        row = session.get(HostedSite, ref)
    else:
        try:
            row = session.get(HostedSite, uuid.UUID(ref))
        except ValueError:
            row = find_hosted(session, ref)
    if row is None:
        raise NotFoundError(
            f"no provisioned site {str(ref)!r} in this workspace",
            hint="list them with `presswright hosting list` or GET /api/v1/hosting/provision",
        )
    return row
