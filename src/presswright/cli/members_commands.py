"""`presswright members list|add|role|remove`: who belongs to the workspace, with which role.

The command line acts as the operator of the installation, in the workspace named by
``PRESSWRIGHT_WORKSPACE`` (default: the first): it may grant and remove any role, but the
last owner still stays (see :mod:`presswright.members`). A server started separately sees
a change within ``PRESSWRIGHT_CREDENTIAL_CACHE_TTL`` seconds.
"""

from __future__ import annotations

import json
import secrets

import typer
from rich.table import Table

from presswright.cli.console import out
from presswright.errors import UserInputError
from presswright.store.models import Role

__all__ = ["register"]

members_app = typer.Typer(
    help="Members of the workspace and their roles.",
    no_args_is_help=True,
)

_ROLES = ", ".join(role.value for role in Role)
_REF_HELP = "The member's email or user id (`presswright members list`)."


def _role(raw: str) -> Role:
    try:
        return Role(raw.strip().lower())
    except ValueError:
        raise UserInputError(f"unknown role {raw!r}", hint=f"use one of: {_ROLES}") from None


@members_app.command("list")
def members_list(
    as_json: bool = typer.Option(False, "--json", help="Print the members as JSON."),
) -> None:
    """List the members: email, role, name, user id, since when."""
    from presswright.cli.run_commands import open_workspace
    from presswright.members import list_members

    instance, workspace = open_workspace()
    try:
        members = list_members(instance.database, tenant_id=workspace.tenant_id)
    finally:
        instance.database.dispose()
    if as_json:
        typer.echo(json.dumps([m.model_dump(mode="json") for m in members], indent=2))
        return
    if not members:
        out.print("no members")
        return
    table = Table("email", "role", "name", "user id", "since", box=None, pad_edge=False)
    for member in members:
        table.add_row(
            member.email,
            member.role.value,
            member.display_name or "-",
            str(member.user_id),
            f"{member.joined_at:%Y-%m-%d}",
        )
    out.print(table)


@members_app.command("add")
def members_add(
    email: str = typer.Argument(..., help="Email of the user to add."),
    role: str = typer.Option("editor", help=f"One of: {_ROLES}."),
    create: bool = typer.Option(
        False, "--create", help="Create the user first (they have no account yet)."
    ),
    name: str | None = typer.Option(None, help="Display name of a user made with --create."),
    password: str | None = typer.Option(
        None,
        envvar="PRESSWRIGHT_MEMBER_PASSWORD",
        show_envvar=False,
        help="Password of a user made with --create (10+ characters); generated when omitted.",
    ),
) -> None:
    """Add an existing user by email (or create one with --create) with a role."""
    from presswright.cli.run_commands import open_workspace
    from presswright.members import add_member, create_member

    wanted = _role(role)
    if not create and (password is not None or name is not None):
        raise UserInputError("--password and --name are for a new user", hint="add --create")
    instance, workspace = open_workspace()
    generated = secrets.token_urlsafe(18) if create and password is None else None
    try:
        if create:
            member = create_member(
                instance.database,
                tenant_id=workspace.tenant_id,
                email=email,
                role=wanted,
                password=password or generated or "",
                display_name=name,
            )
        else:
            member = add_member(
                instance.database,
                tenant_id=workspace.tenant_id,
                actor=None,
                email=email,
                role=wanted,
            )
    finally:
        instance.database.dispose()
    out.print(f"added {member.email} as {member.role.value} of workspace {workspace.slug}")
    if generated is not None:
        # Only its hash is stored: this is the one time the password is shown.
        out.print(f"  password   {generated}   [dim](shown once)[/]")


@members_app.command("role")
def members_role(
    member: str = typer.Argument(..., help=_REF_HELP),
    role: str = typer.Argument(..., help=f"The new role: {_ROLES}."),
) -> None:
    """Change a member's role (the last owner stays an owner)."""
    from presswright.cli.run_commands import open_workspace
    from presswright.members import change_role, find_member

    wanted = _role(role)
    instance, workspace = open_workspace()
    try:
        found = find_member(instance.database, tenant_id=workspace.tenant_id, ref=member)
        changed = change_role(
            instance.database,
            tenant_id=workspace.tenant_id,
            actor=None,
            user_id=found.user_id,
            role=wanted,
        )
    finally:
        instance.database.dispose()
    out.print(f"{changed.email} is now {changed.role.value} (was {found.role.value})")


@members_app.command("remove")
def members_remove(
    member: str = typer.Argument(..., help=_REF_HELP),
) -> None:
    """Remove a member; their sessions in the workspace and their API keys there end."""
    from presswright.cli.run_commands import open_workspace
    from presswright.members import find_member, remove_member

    instance, workspace = open_workspace()
    try:
        found = find_member(instance.database, tenant_id=workspace.tenant_id, ref=member)
        remove_member(
            instance.database, tenant_id=workspace.tenant_id, actor=None, user_id=found.user_id
        )
    finally:
        instance.database.dispose()
    out.print(f"removed {found.email} ({found.role.value}) from workspace {workspace.slug}")


def register(app: typer.Typer) -> None:
    """Add ``presswright members`` to the root application."""
    app.add_typer(members_app, name="members")
