"""Placement: capacity claims and the desktop's scope.

Revision ID: b4e1c7d20a93
Revises: a78cf39045dc
Create Date: 2026-11-27
"""

from alembic import op
import sqlalchemy as sa

revision = 'b4e1c7d20a93'
down_revision = 'a78cf39045dc'
branch_labels = None
depends_on = None


def _enum(name, *values):
    # VARCHAR(16) validated in Python; see models.ENUM_LENGTH.
    return sa.Enum(*values, name=name, native_enum=False,
                   create_constraint=False, length=16)


def upgrade():
    op.add_column('desktop', sa.Column(
        'scope', _enum('desktop_scope', 'local', 'group', 'any'),
        nullable=True))

    op.create_table(
        'placement_claim',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('command_id', sa.String(36), nullable=False),
        sa.Column('desktop_id', sa.String(36), nullable=False),
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('origin_site_id', sa.Integer(), nullable=True),
        sa.Column('host', sa.String(255), nullable=True),
        sa.Column('vcpus', sa.Integer(), nullable=False),
        sa.Column('memory_mb', sa.Integer(), nullable=False),
        sa.Column('disk_gb', sa.Integer(), nullable=False),
        sa.Column('state',
                  _enum('placement_claim_state', 'held', 'released',
                        'refused', 'short'),
                  nullable=False),
        sa.Column('released_at', sa.DateTime(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('command_id', 'site_id',
                            name='uniq_placement_claim0command_id0site_id'),
        sa.ForeignKeyConstraint(['desktop_id'], ['desktop.id'],
                                name='fk_placement_claim0desktop_id',
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['site_id'], ['site.id'],
                                name='fk_placement_claim0site_id',
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['origin_site_id'], ['site.id'],
                                name='fk_placement_claim0origin_site_id',
                                ondelete='CASCADE'),
    )
    op.create_index('ix_placement_claim_site_id_state', 'placement_claim',
                    ['site_id', 'state'])
    op.create_index('ix_placement_claim_desktop_id', 'placement_claim',
                    ['desktop_id'])
