"""shared provider rate limits

Revision ID: 0004_shared_rate_limits
Revises: 0003_executions
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_shared_rate_limits"
down_revision = "0003_executions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rate_limit_scopes",
        sa.Column("scope", sa.String(200), primary_key=True),
        sa.Column("touched_at", sa.Float(), nullable=False),
    )
    op.create_table(
        "rate_limit_events",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("scope", sa.String(200), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
        sa.Column("tokens", sa.Integer(), nullable=False),
    )
    op.create_index("ix_rate_limit_events_scope", "rate_limit_events", ["scope"])
    op.create_index("ix_rate_limit_events_at", "rate_limit_events", ["at"])


def downgrade() -> None:
    op.drop_table("rate_limit_events")
    op.drop_table("rate_limit_scopes")
