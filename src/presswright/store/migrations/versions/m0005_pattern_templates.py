"""pattern templates

Revision ID: 0005_pattern_templates
Revises: 0004_shared_rate_limits
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_pattern_templates"
down_revision = "0004_shared_rate_limits"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pattern_templates",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column(
            "tenant_id", sa.Uuid(), sa.ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("category", sa.String(100), nullable=False),
        sa.Column("spec", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("tenant_id", "name"),
    )
    op.create_index("ix_pattern_templates_tenant_id", "pattern_templates", ["tenant_id"])
    op.create_index("ix_pattern_templates_category", "pattern_templates", ["category"])


def downgrade() -> None:
    op.drop_table("pattern_templates")
