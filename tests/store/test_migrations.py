"""Migrations: empty database to head, models and migrations agree, foreign revisions refused."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from presswright.bootstrap import open_database
from presswright.errors import SchemaOutdatedError
from presswright.settings import Settings
from presswright.store import current_revision, ensure_at_head, head_revision, upgrade
from presswright.store.models import Base


def test_upgrade_from_empty_reaches_head_and_creates_tables(settings: Settings) -> None:
    database = open_database(settings, migrate=False)
    assert current_revision(database) is None
    with pytest.raises(SchemaOutdatedError, match="presswright db upgrade"):
        ensure_at_head(database)
    assert upgrade(database) == head_revision()
    ensure_at_head(database)
    tables = set(inspect(database.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert upgrade(database) == head_revision()  # running it again changes nothing
    database.dispose()


def test_models_match_migrations(settings: Settings) -> None:
    database = open_database(settings)
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    database.dispose()
    assert differences == []


def test_database_from_a_newer_version_is_refused(settings: Settings) -> None:
    database = open_database(settings)
    with database.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    with pytest.raises(SchemaOutdatedError, match="newer version"):
        upgrade(database)
    database.dispose()


def test_sqlite_runs_in_wal_mode(tmp_path) -> None:
    database = open_database(Settings(home=tmp_path / "home"))
    with database.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    database.dispose()
