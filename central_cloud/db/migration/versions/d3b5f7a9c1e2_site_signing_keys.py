"""Signing keys of the sites' protocol messages.

Revision ID: d3b5f7a9c1e2
Revises: c6f2a8e31b54
Create Date: 2026-12-04
"""

from alembic import op
import sqlalchemy as sa

revision = 'd3b5f7a9c1e2'
down_revision = 'c6f2a8e31b54'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'site_signing_key',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key_id', sa.String(64), nullable=False),
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('secret', sa.String(255), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('key_id', name='uniq_site_signing_key0key_id'),
        sa.ForeignKeyConstraint(['site_id'], ['site.id'],
                                name='fk_site_signing_key0site_id',
                                ondelete='CASCADE'),
    )
    op.create_index('ix_site_signing_key_site_id', 'site_signing_key',
                    ['site_id'])
