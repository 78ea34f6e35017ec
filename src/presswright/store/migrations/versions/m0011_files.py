"""the file store's metadata: one row per stored blob

Revision ID: 0011_files
Revises: 0010_woocommerce
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_files"
down_revision = "0010_woocommerce"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ``owner`` is plain text (``document:<id>``), not a foreign key: any feature may own
    # files and removes them with itself through the file service.
    op.create_table(
        "stored_files",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column(
            "tenant_id", sa.Uuid(), sa.ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("key", sa.String(600), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("content_type", sa.String(255), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("owner", sa.String(200)),
        sa.Column("created_by", sa.Uuid(), sa.ForeignKey("users.id", ondelete="SET NULL")),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("key", name="uq_stored_files_key"),
    )
    op.create_index("ix_stored_files_tenant_id", "stored_files", ["tenant_id"])
    op.create_index("ix_stored_files_owner", "stored_files", ["owner"])
    op.create_index("ix_stored_files_created_at", "stored_files", ["created_at"])


def downgrade() -> None:
    op.drop_table("stored_files")
