"""Templates: bundle files and rollouts.

Revision ID: c6f2a8e31b54
Revises: b4e1c7d20a93
Create Date: 2026-11-27
"""

from alembic import op
import sqlalchemy as sa

revision = 'c6f2a8e31b54'
down_revision = 'b4e1c7d20a93'
branch_labels = None
depends_on = None


def _enum(name, *values):
    # VARCHAR(16) validated in Python; see models.ENUM_LENGTH.
    return sa.Enum(*values, name=name, native_enum=False,
                   create_constraint=False, length=16)


def _timestamps():
    return [sa.Column('created_at', sa.DateTime(), nullable=True),
            sa.Column('updated_at', sa.DateTime(), nullable=True)]


def upgrade():
    # Existing templates are at their first version.
    op.add_column('template', sa.Column('version', sa.Integer(),
                                        nullable=False, server_default='1'))

    op.create_table(
        'blob',
        sa.Column('sha256', sa.String(64), nullable=False),
        sa.Column('size', sa.BigInteger(), nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint('sha256'),
    )

    op.create_table(
        'rollout',
        sa.Column('id', sa.String(36), nullable=False),
        sa.Column('template_type', sa.String(255), nullable=False),
        sa.Column('template_version', sa.Integer(), nullable=False),
        sa.Column('bundle_id', sa.Integer(), nullable=True),
        sa.Column('targets', sa.JSON(), nullable=False),
        sa.Column('mode', _enum('rollout_mode', 'serial', 'parallel'),
                  nullable=False),
        sa.Column('max_parallel_sites', sa.Integer(), nullable=False),
        sa.Column('stop_on_failure', sa.Boolean(), nullable=False),
        sa.Column('state',
                  _enum('rollout_state', 'running', 'succeeded', 'failed',
                        'aborted'),
                  nullable=False),
        sa.Column('params', sa.JSON(), nullable=False),
        sa.Column('finished_at', sa.DateTime(), nullable=True),
        *_timestamps(),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_rollout_state', 'rollout', ['state'])
    op.create_index('ix_rollout_created_at', 'rollout', ['created_at'])

    op.create_table(
        'rollout_step',
        sa.Column('rollout_id', sa.String(36), nullable=False),
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('state',
                  _enum('rollout_step_state', 'waiting', 'running',
                        'succeeded', 'failed', 'skipped', 'aborted'),
                  nullable=False),
        sa.Column('command_id', sa.String(36), nullable=True),
        sa.Column('details', sa.Text(), nullable=True),
        sa.Column('started_at', sa.DateTime(), nullable=True),
        sa.Column('finished_at', sa.DateTime(), nullable=True),
        *_timestamps(),
        sa.PrimaryKeyConstraint('rollout_id', 'site_id'),
        sa.ForeignKeyConstraint(['rollout_id'], ['rollout.id'],
                                name='fk_rollout_step0rollout_id',
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['site_id'], ['site.id'],
                                name='fk_rollout_step0site_id',
                                ondelete='CASCADE'),
    )
    op.create_index('ix_rollout_step_site_id', 'rollout_step', ['site_id'])
