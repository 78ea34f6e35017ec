"""Engines and sessions for the app database: SQLite (WAL) by default, PostgreSQL when configured.

Driver errors are translated here into :mod:`presswright.errors` with a fix in the hint; a
write refused by a unique constraint, on any table, becomes a DuplicateValueError (409)
naming the field (see :mod:`presswright.store.unique_violations`).
"""

from __future__ import annotations

import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from presswright.errors import (
    DatabaseCorruptError,
    DatabaseUnavailableError,
    SettingsError,
    StorageError,
)
from presswright.extras import require_extra
from presswright.settings import Settings
from presswright.store.identity_epoch import watch_identity_changes
from presswright.store.scoping import SCOPE_KEY, SYSTEM, install_tenant_guards
from presswright.store.unique_violations import duplicate_value_error

__all__ = [
    "Database",
    "create_database_engine",
    "database_url",
    "display_url",
    "translate_db_errors",
]


def database_url(settings: Settings) -> URL:
    """The SQLAlchemy URL of the app database, normalised to the drivers Presswright ships."""
    if settings.database_url is None:
        return URL.create("sqlite", database=str(settings.sqlite_path))
    try:
        url = make_url(settings.database_url)
    except ArgumentError:
        raise SettingsError(
            "PRESSWRIGHT_DATABASE_URL is not a database URL",
            hint="use sqlite:///PATH or postgresql://USER@HOST:PORT/DBNAME",
        ) from None
    backend = url.get_backend_name()
    if backend in ("postgres", "postgresql"):
        require_extra("psycopg", extra="postgres", feature="PostgreSQL storage")
        return url.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        return url.set(drivername="sqlite")
    raise SettingsError(
        f"PRESSWRIGHT_DATABASE_URL uses {backend!r}, which Presswright does not support",
        hint="use sqlite:///PATH or postgresql://USER@HOST:PORT/DBNAME",
    )


def display_url(url: URL) -> str:
    """The URL as a person wrote it (no driver suffix), with any password hidden."""
    return url.set(drivername=url.get_backend_name()).render_as_string(hide_password=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA busy_timeout=10000")
        _ensure_wal(cursor)
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def _ensure_wal(cursor: Any, *, patience: float = 10.0) -> None:
    """Switch the file to WAL once; tolerate other processes opening it at the same moment.

    Changing the journal mode needs an exclusive lock, and SQLite answers SQLITE_BUSY
    at once (without calling the busy handler) while another connection is opening or
    recovering the same file, so several workers starting together must retry. A file
    already in WAL mode is left alone, which is the common case after the first start.
    """
    deadline = time.monotonic() + patience
    delay = 0.01
    while True:
        try:
            if str(cursor.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() >= deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.25)


def create_database_engine(url: URL) -> Engine:
    """An engine for ``url`` with the pragmas and timeouts Presswright relies on."""
    if url.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": 10})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(
        url, pool_pre_ping=True, connect_args={"connect_timeout": 5}, pool_size=5, max_overflow=5
    )


_CORRUPT = ("file is not a database", "database disk image is malformed", "file is encrypted")


@contextmanager
def translate_db_errors(url: URL) -> Iterator[None]:
    """Turn driver errors raised inside the block into readable StorageErrors.

    A unique-constraint refusal is a DuplicateValueError instead: two writers raced for
    the same name or address, which is the caller's conflict, not a broken database.
    """
    shown = display_url(url)
    try:
        yield
    except IntegrityError as error:
        duplicate = duplicate_value_error(error)
        if duplicate is not None:
            raise duplicate from None
        raise _explain(error, url, shown) from None
    except (OperationalError, DBAPIError) as error:
        raise _explain(error, url, shown) from None
    except sqlite3.DatabaseError as error:
        raise _explain(error, url, shown) from None


def _explain(error: Exception, url: URL, shown: str) -> StorageError:
    original = getattr(error, "orig", error)
    text = (
        str(original).strip().splitlines()[0] if str(original).strip() else type(original).__name__
    )
    if url.get_backend_name() == "sqlite":
        path = url.database or ":memory:"
        if any(marker in text for marker in _CORRUPT):
            return DatabaseCorruptError(
                f"the database file {path} is corrupt or not a SQLite database ({text})",
                hint="restore it from a backup, or move it away to start with an empty database",
            )
        if "unable to open database file" in text or "readonly" in text:
            return DatabaseUnavailableError(
                f"cannot open the database file {path} ({text})",
                hint="check that PRESSWRIGHT_HOME exists and is writable",
            )
        return StorageError(f"database error on {path}: {text}")
    if "does not exist" in text and "database" in text:
        return DatabaseUnavailableError(
            f"the database in {shown} does not exist",
            hint=f"create it (createdb {url.database}) or fix PRESSWRIGHT_DATABASE_URL",
        )
    if isinstance(error, OperationalError) or "connect" in text.lower():
        return DatabaseUnavailableError(
            f"cannot connect to the database at {shown} ({text})",
            hint="start the database server or fix PRESSWRIGHT_DATABASE_URL",
        )
    return StorageError(f"database error on {shown}: {text}")


class _GuardedSession(Session):
    """Session class that carries the tenant guards of :mod:`presswright.store.scoping`."""


install_tenant_guards(_GuardedSession)
watch_identity_changes(_GuardedSession)


class Database:
    """The app database: one engine, and sessions that are always tenant- or system-scoped."""

    def __init__(self, url: URL) -> None:
        self.url = url
        self.engine = create_database_engine(url)
        self._sessions = sessionmaker(self.engine, class_=_GuardedSession, expire_on_commit=False)
        self._readers = threading.local()
        self._reader_connections: list[sqlite3.Connection] = []
        self._readers_lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings) -> Database:
        """Open the database the settings point at (no connection is made yet)."""
        return cls(database_url(settings))

    @property
    def display_url(self) -> str:
        """The database URL with the password hidden."""
        return display_url(self.url)

    @property
    def is_sqlite(self) -> bool:
        """Whether this is the embedded SQLite database."""
        return self.url.get_backend_name() == "sqlite"

    @contextmanager
    def _session(self, scope: uuid.UUID | str) -> Iterator[Session]:
        with translate_db_errors(self.url), self._sessions() as session:
            session.info[SCOPE_KEY] = scope
            with session.begin():
                yield session

    def tenant_session(self, tenant_id: uuid.UUID) -> AbstractContextManager[Session]:
        """A transaction that sees and writes only ``tenant_id``'s data; commits on success."""
        return self._session(tenant_id)

    def system_session(self) -> AbstractContextManager[Session]:
        """A transaction for tenants, users and identity lookups; refuses other tenant data."""
        return self._session(SYSTEM)

    def ping(self) -> None:
        """Connect and run a trivial query, raising a readable StorageError on failure."""
        with translate_db_errors(self.url), self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    def sqlite_fetch_one(self, sql: str, parameters: tuple[object, ...]) -> tuple[Any, ...] | None:
        """The first row of one small read, on a plain SQLite connection of this thread.

        For the few reads every poll of every client makes (an execution's change stamp):
        the engine's pool, transaction and result machinery cost ten times the query.
        The connection is in autocommit mode, so each read sees everything committed
        before it (WAL readers never wait for writers). Parameters are passed as stored:
        a UUID column holds the 32-digit hex string. SQLite only.
        """
        if not self.is_sqlite:
            raise TypeError("sqlite_fetch_one is for the SQLite database only")
        connection: sqlite3.Connection | None = getattr(self._readers, "connection", None)
        if connection is None:
            with translate_db_errors(self.url):
                connection = sqlite3.connect(
                    str(self.url.database), timeout=10, isolation_level=None,
                    check_same_thread=False,
                )  # fmt: skip
            connection.execute("PRAGMA busy_timeout=10000")
            with self._readers_lock:
                self._reader_connections.append(connection)
            self._readers.connection = connection
        try:
            row: tuple[Any, ...] | None = connection.execute(sql, parameters).fetchone()
        except sqlite3.DatabaseError as error:
            raise _explain(error, self.url, self.display_url) from None
        return row

    def dispose(self) -> None:
        """Close every pooled connection, and the plain SQLite readers."""
        self.engine.dispose()
        with self._readers_lock:
            readers, self._reader_connections = self._reader_connections, []
        for connection in readers:
            connection.close()
        self._readers = threading.local()
