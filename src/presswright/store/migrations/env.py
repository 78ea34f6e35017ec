"""Alembic environment: migrations run on the engine Presswright hands over, in one transaction."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from presswright.store.models import Base

engine = context.config.attributes.get("engine")
if not isinstance(engine, Engine):
    raise RuntimeError("run migrations through presswright.store.migrate, not the alembic CLI")

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        transaction_per_migration=False,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
