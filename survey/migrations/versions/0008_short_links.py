"""Short links for posters, reopening a collection within its period, and the project's respondent groups.

Revision ID: 0008_short_links
Revises: 0007_brief_links

- ``collections.short_code``: eight characters from an alphabet without look-alikes, unique; the address
  ``/k/ABCD-EFGH`` (any case) leads to the collection's link. Existing collections get one here.
- ``collections.reopenings``: each time the team reopened the collection after closing it early, when it had
  closed and when it was reopened (the answers after a reopening are a release unit of their own).
- ``projects.respondent_groups``: who the project's questionnaires are for (children, youth, parents,
  professionals), from the register; the new-collection form offers the questionnaires of these groups.
"""

import secrets

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0008_short_links"
down_revision = "0007_brief_links"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"  # survey.collect.short_links.ALPHABET at the time of this migration


def upgrade() -> None:
    # Plain ALTER TABLE ... ADD COLUMN and a unique index: on SQLite a batch operation would copy and drop the
    # projects and collections tables, which the responses' foreign keys forbid once there are answers. The
    # server defaults stay (the models give the same values).
    op.add_column("collections", sa.Column("short_code", sa.String(length=8), nullable=True))
    op.add_column("collections", sa.Column("reopenings", JSON, nullable=False, server_default="[]"))
    op.add_column("projects", sa.Column("respondent_groups", JSON, nullable=False, server_default="[]"))
    bind = op.get_bind()
    ids = [row[0] for row in bind.execute(sa.text("SELECT id FROM collections ORDER BY id"))]
    codes: set[str] = set()
    for collection_id in ids:
        code = _new_code(codes)
        codes.add(code)
        bind.execute(
            sa.text("UPDATE collections SET short_code = :code WHERE id = :id"),
            {"code": code, "id": collection_id},
        )
    op.create_index("uq_collections_short_code", "collections", ["short_code"], unique=True)


def _new_code(taken: set[str]) -> str:
    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(8))
        if code not in taken:
            return code


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35 and later), for the same reason as above.
    op.drop_index("uq_collections_short_code", table_name="collections")
    op.drop_column("projects", "respondent_groups")
    op.drop_column("collections", "reopenings")
    op.drop_column("collections", "short_code")
