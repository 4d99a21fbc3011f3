"""Placement: capacity claims and the desktop's scope.

Revision ID: b4e1c7d20a93
Revises: a78cf39045dc
Create Date: 2026-11-27
"""

revision = 'b4e1c7d20a93'
down_revision = 'a78cf39045dc'
branch_labels = None
depends_on = None


def upgrade():
    pass
