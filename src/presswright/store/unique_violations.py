"""A write refused by a unique constraint, as a DuplicateValueError naming the field.

Repositories check "is this name free?" before they write, but two requests can pass the
check at the same moment; the database's unique constraint then refuses the second
write. That refusal is found here from what each driver reports, not from its wording:

* PostgreSQL (psycopg) gives SQLSTATE 23505 with the constraint's name, looked up in the
  models' metadata (and, for a constraint the metadata does not know, the columns of
  the ``Key (...)=(...)`` detail);
* SQLite gives the extended code ``SQLITE_CONSTRAINT_UNIQUE`` (or ``_PRIMARYKEY``) and
  names ``table.column`` pairs, or the unique index, after ``constraint failed:``.

The fields named are the ones the caller chose: ``tenant_id`` and the other foreign keys
of the constraint (the site of a publish record, the flow of a version) say where the
value is unique, not what was taken, and are left out while another column remains.
"""

from __future__ import annotations

import re
from functools import cache

from sqlalchemy import Index, PrimaryKeyConstraint, Table, UniqueConstraint
from sqlalchemy.exc import IntegrityError

from presswright.errors import DuplicateValueError
from presswright.store.models import Base

__all__ = ["duplicate_value_error"]

_PG_UNIQUE = "23505"
_SQLITE_UNIQUE = ("SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY")
_SQLITE_FAILED = re.compile(r"constraint failed: (.+)$")
_SQLITE_INDEX = re.compile(r"^index '([^']+)'$")
_PG_KEY = re.compile(r"^Key \((.+?)\)=")
_SCOPE = "tenant_id"


@cache
def _unique_keys() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Every unique constraint and unique index of the models: name -> (table, columns)."""
    keys: dict[str, tuple[str, tuple[str, ...]]] = {}
    for table in Base.metadata.tables.values():
        for constraint in table.constraints:
            if isinstance(constraint, UniqueConstraint | PrimaryKeyConstraint) and isinstance(
                constraint.name, str
            ):
                keys[constraint.name] = (table.name, tuple(c.name for c in constraint.columns))
        for index in table.indexes:
            if isinstance(index, Index) and index.unique and isinstance(index.name, str):
                keys[index.name] = (table.name, tuple(c.name for c in index.columns))
    return keys


def _noun(table_name: str) -> str:
    """What one row of the table is, in words (``wordpress_sites`` -> ``wordpress site``)."""
    table = Base.metadata.tables.get(table_name)
    if isinstance(table, Table) and isinstance(table.info.get("noun"), str):
        return str(table.info["noun"])
    words = table_name.split("_")
    last = words[-1]
    if last.endswith("ies"):
        last = last[:-3] + "y"
    elif last.endswith("s") and not last.endswith("ss"):
        last = last[:-1]
    return " ".join([*words[:-1], last])


def _error(table: str, columns: tuple[str, ...]) -> DuplicateValueError:
    found = Base.metadata.tables.get(table)

    def scope(column: str) -> bool:
        return column == _SCOPE or (
            found is not None and column in found.c and bool(found.c[column].foreign_keys)
        )

    chosen = (
        tuple(column for column in columns if not scope(column))
        or tuple(column for column in columns if column != _SCOPE)
        or columns
    )
    return DuplicateValueError(table=table, fields=chosen, what=_noun(table))


def _from_postgres(original: object) -> DuplicateValueError | None:
    if getattr(original, "sqlstate", None) != _PG_UNIQUE:
        return None
    diag = getattr(original, "diag", None)
    name = getattr(diag, "constraint_name", None)
    table = getattr(diag, "table_name", None) or "row"
    if name in _unique_keys():
        return _error(*_unique_keys()[name])
    detail = _PG_KEY.match(getattr(diag, "message_detail", None) or "")
    columns = tuple(part.strip() for part in detail.group(1).split(",")) if detail else ()
    return _error(table, columns)


def _from_sqlite(original: object) -> DuplicateValueError | None:
    if getattr(original, "sqlite_errorname", None) not in _SQLITE_UNIQUE:
        return None
    failed = _SQLITE_FAILED.search(str(original))
    if failed is None:
        return _error("row", ())
    named = failed.group(1).strip()
    index = _SQLITE_INDEX.match(named)
    if index is not None:
        return _error(*_unique_keys().get(index.group(1), ("row", ())))
    pairs = [part.strip().partition(".") for part in named.split(",")]
    table = pairs[0][0]
    return _error(table, tuple(column for _, _, column in pairs))


def duplicate_value_error(error: IntegrityError) -> DuplicateValueError | None:
    """The DuplicateValueError for a unique-constraint refusal; None for any other one."""
    original = error.orig
    return _from_postgres(original) or _from_sqlite(original)
