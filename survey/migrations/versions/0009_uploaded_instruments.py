"""Questionnaires uploaded by coordinators: drafts and published versions, stored as canonical YAML.

Revision ID: 0009_uploaded_instruments
Revises: 0008_short_links
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_uploaded_instruments"
down_revision = "0008_short_links"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "uploaded_instruments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instrument_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.String(length=20), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("published_key", sa.String(length=90), nullable=True),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"], ["users.id"], name=op.f("fk_uploaded_instruments_uploaded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["published_by_id"], ["users.id"], name=op.f("fk_uploaded_instruments_published_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_uploaded_instruments")),
        sa.UniqueConstraint("published_key", name=op.f("uq_uploaded_instruments_published_key")),
    )
    with op.batch_alter_table("uploaded_instruments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_uploaded_instruments_instrument_id"), ["instrument_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("uploaded_instruments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_uploaded_instruments_instrument_id"))
    op.drop_table("uploaded_instruments")
