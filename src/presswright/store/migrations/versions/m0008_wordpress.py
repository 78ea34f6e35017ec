"""WordPress sites, publish records and the internal-link index

Revision ID: 0008_wordpress
Revises: 0007_flows
Create Date: 2026-12-01
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0008_wordpress"
down_revision = "0007_flows"
branch_labels = None
depends_on = None


def _tenant_id() -> sa.Column[Any]:
    return sa.Column(
        "tenant_id", sa.Uuid(), sa.ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False
    )


def _site_id() -> sa.Column[Any]:
    return sa.Column(
        "site_id",
        sa.Uuid(),
        sa.ForeignKey("wordpress_sites.id", ondelete="CASCADE"),
        nullable=False,
    )


def upgrade() -> None:
    op.create_table(
        "wordpress_sites",
        sa.Column("id", sa.Uuid(), primary_key=True),
        _tenant_id(),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("url", sa.String(500), nullable=False),
        sa.Column("api_root", sa.String(600), nullable=False),
        sa.Column("username", sa.String(100), nullable=False),
        sa.Column("app_password_encrypted", sa.Text(), nullable=False),
        sa.Column("remote_user_id", sa.Integer()),
        sa.Column("remote_user_name", sa.String(250)),
        sa.Column("remote_roles", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("status_detail", sa.Text()),
        sa.Column("checked_at", sa.DateTime(timezone=True)),
        sa.Column("links_pulled_at", sa.DateTime(timezone=True)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("tenant_id", "name"),
        sa.UniqueConstraint("tenant_id", "url", name="uq_wordpress_sites_tenant_id_url"),
    )
    op.create_index("ix_wordpress_sites_tenant_id", "wordpress_sites", ["tenant_id"])
    op.create_table(
        "publish_records",
        sa.Column("id", sa.Uuid(), primary_key=True),
        _tenant_id(),
        _site_id(),
        sa.Column("document_key", sa.String(200), nullable=False),
        sa.Column("marker", sa.String(100), nullable=False),
        sa.Column("remote_id", sa.Integer(), nullable=False),
        sa.Column("remote_url", sa.String(2000), nullable=False),
        sa.Column("remote_status", sa.String(20), nullable=False),
        sa.Column("featured_media_id", sa.Integer()),
        sa.Column("featured_image_sha256", sa.String(64)),
        sa.Column("seo_title", sa.Text()),
        sa.Column("seo_description", sa.Text()),
        sa.Column("seo_note", sa.Text()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("site_id", "document_key"),
    )
    op.create_index("ix_publish_records_tenant_id", "publish_records", ["tenant_id"])
    op.create_index("ix_publish_records_site_id", "publish_records", ["site_id"])
    op.create_table(
        "wordpress_links",
        sa.Column("id", sa.Uuid(), primary_key=True),
        _tenant_id(),
        _site_id(),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("remote_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("url", sa.String(2000), nullable=False),
        sa.UniqueConstraint("site_id", "kind", "remote_id"),
    )
    op.create_index("ix_wordpress_links_tenant_id", "wordpress_links", ["tenant_id"])
    op.create_index("ix_wordpress_links_site_id", "wordpress_links", ["site_id"])


def downgrade() -> None:
    op.drop_table("wordpress_links")
    op.drop_table("publish_records")
    op.drop_table("wordpress_sites")
