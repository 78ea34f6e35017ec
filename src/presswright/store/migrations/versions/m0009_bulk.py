"""bulk generation jobs and their items

Revision ID: 0009_bulk
Revises: 0008_wordpress
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_bulk"
down_revision = "0008_wordpress"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bulk_jobs",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column(
            "tenant_id", sa.Uuid(), sa.ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("user_id", sa.Uuid(), sa.ForeignKey("users.id", ondelete="SET NULL")),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("model", sa.String(200), nullable=False),
        sa.Column("source", sa.String(300)),
        sa.Column("concurrency", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column(
            "publish_site_id", sa.Uuid(), sa.ForeignKey("wordpress_sites.id", ondelete="SET NULL")
        ),
        sa.Column("publish_status", sa.String(20)),
        sa.Column("driver", sa.String(200)),
        sa.Column("lease_until", sa.DateTime(timezone=True)),
        sa.Column("cancelled_at", sa.DateTime(timezone=True)),
        sa.Column("started_at", sa.DateTime(timezone=True)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_bulk_jobs_tenant_id", "bulk_jobs", ["tenant_id"])
    op.create_index("ix_bulk_jobs_created_at", "bulk_jobs", ["created_at"])
    op.create_table(
        "bulk_items",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column(
            "tenant_id", sa.Uuid(), sa.ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column(
            "job_id", sa.Uuid(), sa.ForeignKey("bulk_jobs.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("row", sa.Integer(), nullable=False),
        sa.Column("item_key", sa.String(64), nullable=False),
        sa.Column("label", sa.String(300), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("reused", sa.Boolean(), nullable=False),
        sa.Column(
            "execution_id", sa.String(36), sa.ForeignKey("executions.id", ondelete="SET NULL")
        ),
        sa.Column("dispatched", sa.Boolean(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text()),
        sa.Column("remote_id", sa.Integer()),
        sa.Column("remote_url", sa.String(2000)),
        sa.Column("started_at", sa.DateTime(timezone=True)),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("job_id", "position"),
    )
    op.create_index("ix_bulk_items_tenant_id", "bulk_items", ["tenant_id"])
    op.create_index("ix_bulk_items_job_id", "bulk_items", ["job_id"])
    op.create_index("ix_bulk_items_item_key", "bulk_items", ["item_key"])
    op.create_index("ix_bulk_items_execution_id", "bulk_items", ["execution_id"])


def downgrade() -> None:
    op.drop_table("bulk_items")
    op.drop_table("bulk_jobs")
