"""The programme register: organisation type and county, lead/member per project, partners, archiving.

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("organisation_type", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("county", sa.String(length=2), nullable=True))
    with op.batch_alter_table("project_organisations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lead", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column("position", sa.Integer(), server_default="0", nullable=False))
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.add_column(sa.Column("archived_at", sa.DateTime(), nullable=True))
    op.create_table(
        "project_partners",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("county", sa.String(length=2), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_project_partners_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_partners")),
        sa.UniqueConstraint("project_id", "name", name=op.f("uq_project_partners_project_id_name")),
    )
    with op.batch_alter_table("project_partners", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_project_partners_project_id"), ["project_id"], unique=False)


def downgrade():
    with op.batch_alter_table("project_partners", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_partners_project_id"))
    op.drop_table("project_partners")
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.drop_column("archived_at")
    with op.batch_alter_table("project_organisations", schema=None) as batch_op:
        batch_op.drop_column("position")
        batch_op.drop_column("lead")
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_column("county")
        batch_op.drop_column("organisation_type")
