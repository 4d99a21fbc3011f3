"""Delta reports and exact capacity between reports.

The digest of each site's latest report (RPC API 1.5 deltas build on
it), what that report reflects of the site's finished commands, the
outbox seq of a create's final progress on its claim, and the capacity
freed by deletes until a report shows it.

Revision ID: e4c6a8b0d2f3
Revises: d3b5f7a9c1e2
Create Date: 2026-12-04
"""

from alembic import op
import sqlalchemy as sa

revision = 'e4c6a8b0d2f3'
down_revision = 'd3b5f7a9c1e2'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('report_latest', sa.Column('digest', sa.String(64),
                                             nullable=True))
    op.add_column('site', sa.Column('reflects_through', sa.BigInteger(),
                                    nullable=True))
    op.add_column('site', sa.Column('reflects_until', sa.BigInteger(),
                                    nullable=True))
    op.add_column('placement_claim', sa.Column('progress_seq',
                                               sa.BigInteger(),
                                               nullable=True))
    op.create_table(
        'placement_freed',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('command_id', sa.String(36), nullable=False),
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('host', sa.String(255), nullable=True),
        sa.Column('vcpus', sa.Integer(), nullable=False),
        sa.Column('memory_mb', sa.Integer(), nullable=False),
        sa.Column('disk_gb', sa.Integer(), nullable=False),
        sa.Column('freed_at', sa.DateTime(), nullable=False),
        sa.Column('progress_seq', sa.BigInteger(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('command_id',
                            name='uniq_placement_freed0command_id'),
        sa.ForeignKeyConstraint(['site_id'], ['site.id'],
                                name='fk_placement_freed0site_id',
                                ondelete='CASCADE'),
    )
    op.create_index('ix_placement_freed_site_id', 'placement_freed',
                    ['site_id'])
