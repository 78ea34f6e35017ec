"""Bringing an installation to life: the home, the instance secret, the database, the first owner.

:func:`initialize` is all-or-nothing: if any step fails, what it created is removed again.
:func:`open_instance` is what every command and the service call on start.
"""

from __future__ import annotations

import secrets
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from presswright.errors import PresswrightError, UserInputError
from presswright.home import ensure_home, write_private_file
from presswright.instance_secret import load_instance_secret
from presswright.secretbox import SecretBox
from presswright.settings import Settings
from presswright.store import Database, Role, upgrade
from presswright.store.api_keys import create_api_key
from presswright.store.models import Membership, Tenant
from presswright.store.scoping import enter_tenant
from presswright.store.tenancy import add_member, create_tenant, create_user

__all__ = [
    "CREDENTIALS_FILE",
    "InitResult",
    "Instance",
    "initialize",
    "open_database",
    "open_instance",
]

CREDENTIALS_FILE = "first-run-credentials.txt"


@dataclass
class Instance:
    """An opened installation: its settings, database and secret box."""

    settings: Settings
    database: Database
    secretbox: SecretBox


@dataclass(frozen=True)
class InitResult:
    """What `initialize` did; the secrets are only present on the run that created them."""

    home: Path
    database_url: str
    created: bool
    tenant_slug: str
    owner_email: str
    owner_password: str | None = None
    api_key: str | None = None
    credentials_file: Path | None = None


def open_database(settings: Settings, *, migrate: bool = True) -> Database:
    """Connect to the app database (creating the home for SQLite) and, by default, migrate it."""
    if settings.database_url is None:
        ensure_home(settings.home)
    database = Database.from_settings(settings)
    if migrate:
        upgrade(database)
    else:
        database.ping()
    return database


def open_instance(
    settings: Settings, *, migrate: bool = True, create_secret: bool = False
) -> Instance:
    """Open an installation: the home, the instance secret, and the database at head."""
    if create_secret:
        ensure_home(settings.home)
    secret = load_instance_secret(settings, create=create_secret)
    database = open_database(settings, migrate=migrate)
    return Instance(settings=settings, database=database, secretbox=SecretBox(secret))


class _Undo:
    """Files and folders a failed initialisation must remove again."""

    def __init__(self) -> None:
        self.paths: list[Path] = []

    def track_new(self, path: Path) -> None:
        if not path.exists():
            self.paths.append(path)

    def run(self) -> None:
        for path in reversed(self.paths):
            for candidate in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm"))):
                try:
                    if candidate.is_dir():
                        shutil.rmtree(candidate)
                    else:
                        candidate.unlink(missing_ok=True)
                except OSError:
                    continue  # it was never created, or cannot be: the original error matters


def initialize(
    settings: Settings,
    *,
    owner_email: str = "owner@localhost",
    owner_password: str | None = None,
    workspace: str = "My workspace",
) -> InitResult:
    """Create the home, secret, schema, first tenant, owner and API key; idempotent once done."""
    undo = _Undo()
    undo.track_new(settings.home)
    undo.track_new(settings.secret_path)
    if settings.database_url is None:
        undo.track_new(settings.sqlite_path)
    try:
        instance = open_instance(settings, create_secret=True)
        return _create_first_owner(instance, owner_email, owner_password, workspace)
    except (PresswrightError, OSError, KeyboardInterrupt):
        undo.run()
        raise


def _create_first_owner(
    instance: Instance, owner_email: str, owner_password: str | None, workspace: str
) -> InitResult:
    settings, database = instance.settings, instance.database
    password = owner_password or secrets.token_urlsafe(18)
    with database.system_session() as session:
        existing = session.scalar(select(Tenant.slug).order_by(Tenant.created_at).limit(1))
        if existing is None:
            tenant = create_tenant(session, name=workspace)
            user = create_user(session, email=owner_email, password=password, display_name="Owner")
            # One transaction for the whole first owner: continue this session as the new tenant.
            enter_tenant(session, tenant.id)
            add_member(session, user_id=user.id, role=Role.OWNER)
            _, raw_key = create_api_key(session, user_id=user.id, name="first-run")
            slug, email = tenant.slug, user.email
    if existing is not None:
        database.dispose()
        return InitResult(
            home=settings.home,
            database_url=database.display_url,
            created=False,
            tenant_slug=existing,
            owner_email="",
        )
    database.dispose()
    credentials = settings.home / CREDENTIALS_FILE
    write_private_file(
        credentials,
        f"# Presswright first-run credentials: store them elsewhere, then delete this file.\n"
        f"workspace={slug}\nemail={email}\npassword={password}\napi_key={raw_key}\n",
    )
    return InitResult(
        home=settings.home,
        database_url=database.display_url,
        created=True,
        tenant_slug=slug,
        owner_email=email,
        owner_password=password,
        api_key=raw_key,
        credentials_file=credentials,
    )


@dataclass(frozen=True)
class Workspace:
    """The workspace the command line acts in, and the owner it acts as."""

    tenant_id: uuid.UUID
    slug: str
    user_id: uuid.UUID | None


def cli_workspace(instance: Instance) -> Workspace:
    """The workspace named by ``PRESSWRIGHT_WORKSPACE``, else the first one, and its owner."""
    wanted = instance.settings.workspace
    with instance.database.system_session() as session:
        query = select(Tenant).order_by(Tenant.created_at)
        if wanted:
            query = query.where(Tenant.slug == wanted)
        tenant = session.scalars(query.limit(1)).first()
        if tenant is None:
            if wanted:
                raise UserInputError(
                    f"no workspace with slug {wanted!r}", hint="fix PRESSWRIGHT_WORKSPACE"
                )
            raise UserInputError(
                "Presswright is not initialised here", hint="run `presswright init` first"
            )
        tenant_id, slug = tenant.id, tenant.slug
        owner = session.scalar(
            select(Membership.user_id)
            .where(Membership.tenant_id == tenant_id, Membership.role == Role.OWNER)
            .order_by(Membership.created_at)
            .limit(1)
        )
    return Workspace(tenant_id=tenant_id, slug=slug, user_id=owner)
