"""Alembic migrations, run programmatically: on start and by ``presswright db upgrade``."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from presswright.errors import SchemaOutdatedError
from presswright.store.database import Database, translate_db_errors

__all__ = ["current_revision", "ensure_at_head", "head_revision", "upgrade"]

_SCRIPTS = Path(__file__).with_name("migrations")


def _config(database: Database | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(_SCRIPTS))
    if database is not None:
        config.attributes["engine"] = database.engine
    return config


def head_revision() -> str:
    """The newest migration this version of Presswright ships."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    if head is None:  # pragma: no cover - the package always ships migrations
        raise RuntimeError("no migrations found in the package")
    return head


def current_revision(database: Database) -> str | None:
    """The migration the database is at, or None if it was never migrated."""
    with translate_db_errors(database.url), database.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(database: Database) -> str:
    """Bring the database to the head migration in one transaction; return the head."""
    current = current_revision(database)
    known = {script.revision for script in ScriptDirectory.from_config(_config()).walk_revisions()}
    if current is not None and current not in known:
        raise SchemaOutdatedError(
            f"the database at {database.display_url} is at migration {current},"
            " which this version of Presswright does not know (it was made by a newer version)",
            hint="upgrade Presswright, or point PRESSWRIGHT_DATABASE_URL at another database",
        )
    with translate_db_errors(database.url):
        command.upgrade(_config(database), "head")
    return head_revision()


def ensure_at_head(database: Database) -> None:
    """Raise SchemaOutdatedError unless the database is at the head migration."""
    current, head = current_revision(database), head_revision()
    if current != head:
        raise SchemaOutdatedError(
            f"the database at {database.display_url} is at migration {current or 'none'},"
            f" not {head}",
            hint="run `presswright db upgrade`",
        )
