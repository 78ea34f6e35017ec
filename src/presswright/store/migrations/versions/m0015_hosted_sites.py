"""hosted sites: WordPress sites a provisioner made or deploys to, with sealed secrets

Revision ID: 0015_hosted_sites
Revises: 0014_wordpress_media
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015_hosted_sites"
down_revision = "0014_wordpress_media"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hosted_sites",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column(
            "tenant_id", sa.Uuid(), sa.ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("step", sa.String(40), nullable=True),
        sa.Column("site_id", sa.Uuid(), nullable=True),
        sa.Column(
            "wordpress_site_id",
            sa.Uuid(),
            sa.ForeignKey("wordpress_sites.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("url", sa.String(500), nullable=True),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("secrets_encrypted", sa.Text(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("log", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("tenant_id", "name"),
    )
    op.create_index("ix_hosted_sites_tenant_id", "hosted_sites", ["tenant_id"])
    op.create_index("ix_hosted_sites_site_id", "hosted_sites", ["site_id"])


def downgrade() -> None:
    op.drop_table("hosted_sites")
