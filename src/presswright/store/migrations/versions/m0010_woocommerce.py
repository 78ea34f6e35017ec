"""WooCommerce stores, the record of copy written to their products, bulk write-back

Revision ID: 0010_woocommerce
Revises: 0009_bulk
Create Date: 2026-12-03
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0010_woocommerce"
down_revision = "0009_bulk"
branch_labels = None
depends_on = None


def _tenant_id() -> sa.Column[Any]:
    return sa.Column(
        "tenant_id", sa.Uuid(), sa.ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False
    )


def upgrade() -> None:
    op.create_table(
        "woocommerce_stores",
        sa.Column("id", sa.Uuid(), primary_key=True),
        _tenant_id(),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("url", sa.String(500), nullable=False),
        sa.Column("api_root", sa.String(600), nullable=False),
        sa.Column("consumer_key_encrypted", sa.Text(), nullable=False),
        sa.Column("consumer_secret_encrypted", sa.Text(), nullable=False),
        sa.Column("key_hint", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("status_detail", sa.Text()),
        sa.Column("checked_at", sa.DateTime(timezone=True)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("tenant_id", "name"),
        sa.UniqueConstraint("tenant_id", "url", name="uq_woocommerce_stores_tenant_id_url"),
    )
    op.create_index("ix_woocommerce_stores_tenant_id", "woocommerce_stores", ["tenant_id"])
    op.create_table(
        "woocommerce_writes",
        sa.Column("id", sa.Uuid(), primary_key=True),
        _tenant_id(),
        sa.Column(
            "store_id",
            sa.Uuid(),
            sa.ForeignKey("woocommerce_stores.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("product_name", sa.String(300), nullable=False),
        sa.Column("product_url", sa.String(2000)),
        sa.Column(
            "execution_id", sa.String(36), sa.ForeignKey("executions.id", ondelete="SET NULL")
        ),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("seo_title", sa.Text(), nullable=False),
        sa.Column("seo_description", sa.Text(), nullable=False),
        sa.Column("seo_note", sa.Text(), nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_woocommerce_writes_tenant_id", "woocommerce_writes", ["tenant_id"])
    op.create_index("ix_woocommerce_writes_store_id", "woocommerce_writes", ["store_id"])
    op.create_index("ix_woocommerce_writes_written_at", "woocommerce_writes", ["written_at"])
    # A bulk job of products can write each one back to its product of a store. No foreign
    # key: a removed store must fail the writes by name, not make the job one that writes
    # nothing; and SQLite adds a constraint only by rebuilding bulk_jobs, whose DROP would
    # delete every bulk item through ON DELETE CASCADE.
    op.add_column("bulk_jobs", sa.Column("publish_store_id", sa.Uuid()))
    op.add_column("bulk_items", sa.Column("woo_product_id", sa.Integer()))


def downgrade() -> None:
    op.drop_column("bulk_items", "woo_product_id")
    op.drop_column("bulk_jobs", "publish_store_id")
    op.drop_table("woocommerce_writes")
    op.drop_table("woocommerce_stores")
