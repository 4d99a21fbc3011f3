"""Initial schema of the central database.

Revision ID: a78cf39045dc
Revises:
Create Date: 2026-05-20
"""

from alembic import op
import sqlalchemy as sa

revision = 'a78cf39045dc'
down_revision = None
branch_labels = None
depends_on = None


def _enum(name, *values):
    # VARCHAR(16) validated in Python; see models.ENUM_LENGTH.
    return sa.Enum(*values, name=name, native_enum=False,
                   create_constraint=False, length=16)


def _timestamps():
    return [sa.Column('created_at', sa.DateTime(), nullable=True),
            sa.Column('updated_at', sa.DateTime(), nullable=True)]


def _site_fk(table, ondelete='CASCADE', column='site_id'):
    return sa.ForeignKeyConstraint([column], ['site.id'],
                                   name='fk_%s0%s' % (table, column),
                                   ondelete=ondelete)


def upgrade():
    op.create_table(
        'site',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(255), nullable=False),
        sa.Column('region', sa.String(255), nullable=False),
        sa.Column('latitude', sa.Float(), nullable=False),
        sa.Column('longitude', sa.Float(), nullable=False),
        sa.Column('group', sa.String(255), nullable=True),
        sa.Column('management_state',
                  _enum('site_management_state',
                        'managed', 'unmanaged', 'maintenance'),
                  nullable=False),
        sa.Column('availability',
                  _enum('site_availability', 'unknown', 'online', 'offline'),
                  nullable=False),
        sa.Column('last_report_at', sa.DateTime(), nullable=True),
        sa.Column('last_report_seq', sa.BigInteger(), nullable=True),
        sa.Column('missed', sa.Integer(), nullable=False),
        sa.Column('reserve_ratio', sa.Float(), nullable=False),
        sa.Column('shared_pool', sa.Boolean(), nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('name', name='uniq_site0name'),
    )
    op.create_index('ix_site_availability_last_report_at', 'site',
                    ['availability', 'last_report_at'])

    op.create_table(
        'template',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('type_name', sa.String(255), nullable=False),
        sa.Column('os', sa.String(255), nullable=True),
        sa.Column('base_image_id', sa.String(36), nullable=True),
        sa.Column('base_image_checksum', sa.String(128), nullable=True),
        sa.Column('bundles', sa.JSON(none_as_null=True), nullable=True),
        *_timestamps(),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('type_name', name='uniq_template0type_name'),
    )

    op.create_table(
        'site_template',
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('template_id', sa.Integer(), nullable=False),
        sa.Column('status',
                  _enum('site_template_status', 'absent', 'pushing',
                        'building', 'ready', 'failed'),
                  nullable=False),
        sa.Column('image_id', sa.String(36), nullable=True),
        sa.Column('checksum', sa.String(128), nullable=True),
        *_timestamps(),
        sa.PrimaryKeyConstraint('site_id', 'template_id'),
        _site_fk('site_template'),
        sa.ForeignKeyConstraint(['template_id'], ['template.id'],
                                name='fk_site_template0template_id',
                                ondelete='CASCADE'),
    )
    op.create_index('ix_site_template_template_id_status', 'site_template',
                    ['template_id', 'status'])

    op.create_table(
        'bundle',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(255), nullable=False),
        sa.Column('version', sa.String(64), nullable=False),
        sa.Column('template_type', sa.String(255), nullable=False),
        sa.Column('files', sa.JSON(), nullable=False),
        sa.Column('install_commands', sa.JSON(), nullable=False),
        sa.Column('targets', sa.JSON(), nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('name', 'version',
                            name='uniq_bundle0name0version'),
    )
    op.create_index('ix_bundle_template_type', 'bundle', ['template_type'])

    op.create_table(
        'desktop',
        sa.Column('id', sa.String(36), nullable=False),
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('server_uuid', sa.String(36), nullable=True),
        sa.Column('project_id', sa.String(255), nullable=False),
        sa.Column('owner', sa.String(255), nullable=True),
        sa.Column('name', sa.String(255), nullable=False),
        sa.Column('template_type', sa.String(255), nullable=False),
        sa.Column('flavor', sa.String(255), nullable=False),
        sa.Column('state', sa.String(32), nullable=False),
        sa.Column('origin_site_id', sa.Integer(), nullable=True),
        *_timestamps(),
        sa.PrimaryKeyConstraint('id'),
        _site_fk('desktop', ondelete=None),
        _site_fk('desktop', ondelete=None, column='origin_site_id'),
    )
    op.create_index('ix_desktop_project_id', 'desktop', ['project_id'])
    op.create_index('ix_desktop_site_id', 'desktop', ['site_id'])
    op.create_index('ix_desktop_origin_site_id', 'desktop',
                    ['origin_site_id'])
    op.create_index('ix_desktop_created_at', 'desktop', ['created_at'])

    op.create_table(
        'command',
        sa.Column('id', sa.String(36), nullable=False),
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('desktop_id', sa.String(36), nullable=True),
        sa.Column('action', sa.String(64), nullable=False),
        sa.Column('payload', sa.JSON(none_as_null=True), nullable=True),
        sa.Column('state',
                  _enum('command_state', 'pending', 'sent', 'running',
                        'succeeded', 'failed'),
                  nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('last_sent_at', sa.DateTime(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.Column('result', sa.JSON(none_as_null=True), nullable=True),
        sa.Column('error', sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        _site_fk('command'),
    )
    op.create_index('ix_command_state_last_sent_at', 'command',
                    ['state', 'last_sent_at'])
    op.create_index('ix_command_site_id', 'command', ['site_id'])
    op.create_index('ix_command_desktop_id', 'command', ['desktop_id'])
    op.create_index('ix_command_created_at', 'command', ['created_at'])

    op.create_table(
        'alarm',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(255), nullable=False),
        sa.Column('severity', sa.String(16), nullable=False),
        sa.Column('kind', sa.String(64), nullable=False),
        sa.Column('state', _enum('alarm_state', 'raised', 'cleared'),
                  nullable=False),
        sa.Column('message', sa.Text(), nullable=True),
        sa.Column('raised_at', sa.DateTime(), nullable=False),
        sa.Column('cleared_at', sa.DateTime(), nullable=True),
        sa.Column('acknowledged', sa.Boolean(), nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('site_id', 'key', name='uniq_alarm0site_id0key'),
        _site_fk('alarm'),
    )
    op.create_index('ix_alarm_site_id_state', 'alarm', ['site_id', 'state'])

    op.create_table(
        'notice',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(255), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('targets', sa.JSON(), nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint('id'),
    )

    op.create_table(
        'report_latest',
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('seq', sa.BigInteger(), nullable=False),
        sa.Column('received_at', sa.DateTime(), nullable=False),
        sa.Column('body', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('site_id'),
        _site_fk('report_latest'),
    )

    op.create_table(
        'report_history',
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('seq', sa.BigInteger(), autoincrement=False,
                  nullable=False),
        sa.Column('received_at', sa.DateTime(), nullable=False),
        sa.Column('summary', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('site_id', 'seq'),
        _site_fk('report_history'),
    )
