"""images in a site's Media Library by content hash (Media Forge)

Revision ID: 0014_wordpress_media
Revises: 0013_node_inputs
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_wordpress_media"
down_revision = "0013_node_inputs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "wordpress_media",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column(
            "tenant_id", sa.Uuid(), sa.ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column(
            "site_id",
            sa.Uuid(),
            sa.ForeignKey("wordpress_sites.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("media_id", sa.Integer(), nullable=False),
        sa.Column("source_url", sa.String(2000), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("site_id", "sha256"),
    )
    op.create_index("ix_wordpress_media_tenant_id", "wordpress_media", ["tenant_id"])
    op.create_index("ix_wordpress_media_site_id", "wordpress_media", ["site_id"])


def downgrade() -> None:
    op.drop_table("wordpress_media")
