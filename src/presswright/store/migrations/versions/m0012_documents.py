"""the document library: documents, their versions, and edits kept after a conflict

Revision ID: 0012_documents
Revises: 0011_files
Create Date: 2026-12-06
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0012_documents"
down_revision = "0011_files"
branch_labels = None
depends_on = None


def _tenant_id() -> sa.Column[Any]:
    return sa.Column(
        "tenant_id", sa.Uuid(), sa.ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False
    )


def _document_id() -> sa.Column[Any]:
    return sa.Column(
        "document_id",
        sa.Uuid(),
        sa.ForeignKey("documents.id", ondelete="CASCADE"),
        nullable=False,
    )


def _user(name: str) -> sa.Column[Any]:
    return sa.Column(name, sa.Uuid(), sa.ForeignKey("users.id", ondelete="SET NULL"))


def upgrade() -> None:
    # execution_id is plain text, not a foreign key: the document is written just before
    # its execution, so the run finds it when it settles.
    op.create_table(
        "documents",
        sa.Column("id", sa.Uuid(), primary_key=True),
        _tenant_id(),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("language", sa.String(10)),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("error", sa.Text()),
        sa.Column("execution_id", sa.String(36)),
        sa.Column("current_version", sa.Integer(), nullable=False),
        sa.Column("word_count", sa.Integer(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        _user("created_by"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    for column in ("tenant_id", "kind", "language", "status", "execution_id", "created_at"):
        op.create_index(f"ix_documents_{column}", "documents", [column])
    op.create_table(
        "document_versions",
        sa.Column("id", sa.Uuid(), primary_key=True),
        _tenant_id(),
        _document_id(),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("word_count", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("execution_id", sa.String(36)),
        sa.Column("generation", sa.Integer()),
        _user("author"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("document_id", "version"),
    )
    op.create_index("ix_document_versions_tenant_id", "document_versions", ["tenant_id"])
    op.create_index("ix_document_versions_document_id", "document_versions", ["document_id"])
    op.create_table(
        "document_drafts",
        sa.Column("id", sa.Uuid(), primary_key=True),
        _tenant_id(),
        _document_id(),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        _user("author"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_document_drafts_tenant_id", "document_drafts", ["tenant_id"])
    op.create_index("ix_document_drafts_document_id", "document_drafts", ["document_id"])


def downgrade() -> None:
    op.drop_table("document_drafts")
    op.drop_table("document_versions")
    op.drop_table("documents")
