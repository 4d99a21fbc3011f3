"""Indexes for lists and scans at fleet size.

Each serves a query that is paged in the database with its sort order,
so that a page reads an index range instead of sorting the fleet:

- ``command (state, created_at, id)``: the dispatcher's pending commands,
  oldest first;
- ``desktop (created_at, id)`` and ``command (created_at, id)``: the
  whole lists in their page order (they replace the indexes on
  ``created_at`` alone, which left rows created together, e.g. by one
  request for several desktops, to be read and sorted in full);
- ``desktop (project_id, created_at, id)``: a project's desktop list;
- ``site (group, name)``: the site and monitoring lists of one group;
- ``alarm (key, state)``: the auditor's raised site-offline alarms.

Revision ID: f5d7b9c1e3a4
Revises: e4c6a8b0d2f3
Create Date: 2026-12-04
"""

from alembic import op

revision = 'f5d7b9c1e3a4'
down_revision = 'e4c6a8b0d2f3'
branch_labels = None
depends_on = None

INDEXES = [
    ('ix_command_state_created_at', 'command',
     ['state', 'created_at', 'id']),
    ('ix_desktop_project_id_created_at', 'desktop',
     ['project_id', 'created_at', 'id']),
    ('ix_site_group_name', 'site', ['group', 'name']),
    ('ix_alarm_key_state', 'alarm', ['key', 'state']),
    ('ix_desktop_created_at_id', 'desktop', ['created_at', 'id']),
    ('ix_command_created_at_id', 'command', ['created_at', 'id']),
]
# Replaced by the (created_at, id) indexes above.
REPLACED = [
    ('ix_desktop_created_at', 'desktop', ['created_at']),
    ('ix_command_created_at', 'command', ['created_at']),
]


def upgrade():
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)
    for name, table, _columns in REPLACED:
        op.drop_index(name, table_name=table)


def downgrade():
    for name, table, columns in REPLACED:
        op.create_index(name, table, columns)
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
