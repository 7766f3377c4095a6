"""The results brief: share links (only their hashes) and the projects' own descriptions.

Revision ID: 0007_brief_links
Revises: 0006_pairing
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0007_brief_links"
down_revision = "0006_pairing"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "brief_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("instrument_id", sa.String(length=64), nullable=False),
        sa.Column("waves", JSON, nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("revoked_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_brief_links_project_id_projects"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_brief_links_created_by_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["revoked_by_id"], ["users.id"], name=op.f("fk_brief_links_revoked_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_brief_links")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_brief_links_token_hash")),
    )
    with op.batch_alter_table("brief_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_brief_links_project_id"), ["project_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_brief_links_created_by_id"), ["created_by_id"], unique=False)
    op.create_table(
        "brief_descriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("instrument_id", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_brief_descriptions_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["users.id"], name=op.f("fk_brief_descriptions_updated_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_brief_descriptions")),
        sa.UniqueConstraint(
            "project_id", "instrument_id", name=op.f("uq_brief_descriptions_project_id_instrument_id")
        ),
    )


def downgrade() -> None:
    op.drop_table("brief_descriptions")
    with op.batch_alter_table("brief_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_brief_links_created_by_id"))
        batch_op.drop_index(batch_op.f("ix_brief_links_project_id"))
    op.drop_table("brief_links")
