"""what each node attempt was given: its config's templates as rendered for that attempt

Revision ID: 0013_node_inputs
Revises: 0012_documents
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_node_inputs"
down_revision = "0012_documents"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("node_runs") as batch:
        batch.add_column(sa.Column("inputs", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("node_runs") as batch:
        batch.drop_column("inputs")
