"""Templates: bundle files and rollouts.

Revision ID: c6f2a8e31b54
Revises: b4e1c7d20a93
Create Date: 2026-11-27
"""

revision = 'c6f2a8e31b54'
down_revision = 'b4e1c7d20a93'
branch_labels = None
depends_on = None


def upgrade():
    pass
