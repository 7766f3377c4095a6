"""Access: evaluator scope, raw-data grants, session versions, set-password links, a hash-chained audit log.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28

"""
import hashlib
import json

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

APPEND_ONLY = "the audit log is append-only"


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('all_projects', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('raw_data_grant', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='1', nullable=False))

    op.create_table('password_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_password_links_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_password_links_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_password_links')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_password_links_token_hash'))
    )
    with op.batch_alter_table('password_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_password_links_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('prev_hash', sa.String(length=64), server_default='', nullable=False))
        batch_op.add_column(sa.Column('hash', sa.String(length=64), server_default='', nullable=False))
    _chain_existing_entries()
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f('uq_audit_log_hash'), ['hash'])
    _forbid_changes()


def _chain_existing_entries():
    """Hash the entries written before the chain existed, in id order (as survey.accounts.audit does)."""
    connection = op.get_bind()
    table = sa.table('audit_log', sa.column('id', sa.Integer), sa.column('at', sa.DateTime),
                     sa.column('user_id', sa.Integer), sa.column('action', sa.String), sa.column('target', sa.String),
                     sa.column('details', sa.JSON), sa.column('row_count', sa.Integer),
                     sa.column('prev_hash', sa.String), sa.column('hash', sa.String))
    prev = ''
    for row in connection.execute(sa.select(table).order_by(table.c.id)).mappings().all():
        details = row['details'] if not isinstance(row['details'], str) else json.loads(row['details'])
        fields = {'id': row['id'], 'at': row['at'].isoformat(timespec='microseconds'), 'user_id': row['user_id'],
                  'action': row['action'], 'target': row['target'], 'details': details, 'row_count': row['row_count']}
        canonical = json.dumps(fields, sort_keys=True, separators=(',', ':'), ensure_ascii=False, default=str)
        digest = hashlib.sha256((prev + canonical).encode('utf-8')).hexdigest()
        connection.execute(table.update().where(table.c.id == row['id']).values(prev_hash=prev, hash=digest))
        prev = digest


def _forbid_changes():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(
            "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{APPEND_ONLY}'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
        )
    else:
        # SQLite: updates only. Deleting the newest entries cannot be told from the chain, deleting any
        # other breaks it; the test suite empties tables with DELETE between tests.
        op.execute(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log "
            f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
        )


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP TRIGGER audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION audit_log_append_only()")
    else:
        op.execute("DROP TRIGGER audit_log_append_only")
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_audit_log_hash'), type_='unique')
        batch_op.drop_column('hash')
        batch_op.drop_column('prev_hash')

    with op.batch_alter_table('password_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_password_links_user_id'))

    op.drop_table('password_links')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_version')
        batch_op.drop_column('raw_data_grant')
        batch_op.drop_column('all_projects')
