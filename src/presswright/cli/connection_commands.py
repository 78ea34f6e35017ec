"""What the commands of every kind of connection (`wp sites`, `wc stores`, ...) share.

Each kind declares its own commands (names, options and help are its interface); listing,
printing and removing connections go through :mod:`presswright.publish.connections`, so a
new kind of remote site lists and removes the same way. Nothing heavy is imported here
at module level: `presswright --help` stays fast.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import typer
from pydantic import BaseModel, ValidationError
from rich.table import Table

from presswright.cli.console import err, out, validation_message
from presswright.errors import UserInputError

if TYPE_CHECKING:
    from presswright.publish.connections import ConnectionPublic, RemoteSites

__all__ = ["list_connections", "parse_model", "print_connections", "remove_connection"]

PublicT = TypeVar("PublicT", bound="ConnectionPublic")


def parse_model(model: type[BaseModel], what: str, hint: str, **fields: Any) -> Any:
    """``model`` built from ``fields``, or a one-line UserInputError naming each bad field."""
    try:
        return model(**fields)
    except ValidationError as error:
        raise UserInputError(validation_message(error, what), hint=hint) from None


def list_connections(sites: RemoteSites[Any, Any, PublicT], *, check: bool) -> list[PublicT]:
    """The workspace's connections of one kind: checked now, or with their last status."""
    from presswright.cli.run_commands import open_workspace

    instance, workspace = open_workspace()
    try:
        return asyncio.run(sites.overview(instance, tenant_id=workspace.tenant_id, check=check))
    finally:
        instance.database.dispose()


def print_connections(
    listed: Sequence[PublicT],
    *,
    as_json: bool,
    empty: str,
    credential: tuple[str, Callable[[PublicT], str]],
) -> None:
    """Connections as JSON or as a table (name, url, credential, status, checked).

    ``credential`` names the column that tells the connections' credentials apart (the
    WordPress user, the key's last characters) and reads it; why a check failed follows
    the table on standard error.
    """
    if as_json:
        typer.echo(json.dumps([item.model_dump(mode="json") for item in listed], indent=2))
        return
    if not listed:
        out.print(empty)
        return
    heading, read = credential
    table = Table("name", "url", heading, "status", "checked", box=None, pad_edge=False)
    for item in listed:
        checked = f"{item.checked_at:%Y-%m-%d %H:%M}" if item.checked_at else "-"
        table.add_row(item.name, item.url, read(item), item.status, checked)
    out.print(table)
    for item in listed:
        if item.status_detail:
            err.print(f"{item.name}: {item.status_detail}")


def remove_connection(sites: RemoteSites[Any, Any, Any], ref: str) -> str:
    """Forget a connection of the workspace by name, id or address; its name."""
    from presswright.cli.run_commands import open_workspace

    instance, workspace = open_workspace()
    try:
        return sites.remove(instance, tenant_id=workspace.tenant_id, ref=ref)
    finally:
        instance.database.dispose()
