"""SQLAlchemy models of the central database.

Tables refer to sites by ``site.id``. Rows that belong to a site (all but
the report history) eagerly load it, so ``row.site.name`` still works after
the session is closed. The alembic revisions create exactly this schema; a
unit test checks that the models and the migrations agree.
"""

import datetime

from oslo_db.sqlalchemy import models
from oslo_utils import timeutils
import sqlalchemy as sa
from sqlalchemy import orm

# Allowed values of the enum columns; the DB api validates against them.
MANAGEMENT_STATES = ('managed', 'unmanaged', 'maintenance')
AVAILABILITIES = ('unknown', 'online', 'offline')
SITE_TEMPLATE_STATUSES = ('absent', 'pushing', 'building', 'ready', 'failed')
COMMAND_STATES = ('pending', 'sent', 'running', 'succeeded', 'failed')
COMMAND_FINAL_STATES = ('succeeded', 'failed')
ALARM_STATES = ('raised', 'cleared')
# A desktop's state: its create is under way, the outcome of its last
# command, or its delete is queued (or waits for the create to end).
DESKTOP_BUILDING, DESKTOP_ACTIVE, DESKTOP_ERROR, DESKTOP_DELETING = (
    'building', 'active', 'error', 'deleting')
# Where a desktop may go when its home site is short: the home site only,
# sites of the home site's group, or any site and the shared pool.
PLACEMENT_SCOPES = ('local', 'group', 'any')
# A placement claim: capacity held for a create in flight; released once
# the desktop is active (it counts until a newer report shows the
# server); or a record that a site had no room for a desktop: nova said
# NoValidHost there (refused), or the placer found no host (short).
CLAIM_HELD, CLAIM_RELEASED, CLAIM_REFUSED, CLAIM_SHORT = (
    'held', 'released', 'refused', 'short')
CLAIM_STATES = (CLAIM_HELD, CLAIM_RELEASED, CLAIM_REFUSED, CLAIM_SHORT)

# Portable enums: a VARCHAR plus validation in Python, so adding a value
# later is a code change, not an ALTER TYPE.
ENUM_LENGTH = 16


def _enum(values, name):
    return sa.Enum(*values, name=name, native_enum=False,
                   create_constraint=False, length=ENUM_LENGTH)


def _utcnow():
    return timeutils.utcnow()


class Base(models.ModelBase, orm.DeclarativeBase):
    """Declarative base with dict-style access from oslo.db."""

    # Stable foreign key names, so later migrations can drop them.
    metadata = sa.MetaData(naming_convention={
        'fk': 'fk_%(table_name)s0%(column_0_name)s',
    })

    def to_dict(self):
        """Column values, plus site names instead of bare site ids."""
        data = {c.key: getattr(self, c.key)
                for c in sa.inspect(self).mapper.column_attrs}
        if 'site_id' in data and 'site' in sa.inspect(self).dict:
            data['site'] = self.site.name if self.site else None
        return data


class Site(Base, models.TimestampMixin):
    """A branch cloud (one region), or central's shared pool."""

    __tablename__ = 'site'
    __table_args__ = (
        sa.UniqueConstraint('name', name='uniq_site0name'),
        # The auditor looks for online sites whose last report is too old.
        sa.Index('ix_site_availability_last_report_at',
                 'availability', 'last_report_at'),
        # The site and monitoring lists of one group, by name.
        sa.Index('ix_site_group_name', 'group', 'name'),
    )

    id: orm.Mapped[int] = orm.mapped_column(sa.Integer, primary_key=True)
    name: orm.Mapped[str] = orm.mapped_column(sa.String(255))
    region: orm.Mapped[str] = orm.mapped_column(sa.String(255))
    latitude: orm.Mapped[float] = orm.mapped_column(sa.Float)
    longitude: orm.Mapped[float] = orm.mapped_column(sa.Float)
    group: orm.Mapped[str | None] = orm.mapped_column(sa.String(255))
    management_state: orm.Mapped[str] = orm.mapped_column(
        _enum(MANAGEMENT_STATES, 'site_management_state'),
        default='managed')
    availability: orm.Mapped[str] = orm.mapped_column(
        _enum(AVAILABILITIES, 'site_availability'), default='unknown')
    last_report_at: orm.Mapped[datetime.datetime | None] = (
        orm.mapped_column(sa.DateTime))
    last_report_seq: orm.Mapped[int | None] = orm.mapped_column(
        sa.BigInteger)
    missed: orm.Mapped[int] = orm.mapped_column(sa.Integer, default=0)
    # What the latest report reflects of the site's finished commands
    # (RPC API 1.5): outbox seqs of their final progress; every command
    # at or below ``reflects_through``, none above ``reflects_until``.
    reflects_through: orm.Mapped[int | None] = orm.mapped_column(
        sa.BigInteger)
    reflects_until: orm.Mapped[int | None] = orm.mapped_column(
        sa.BigInteger)
    # Share of the site's capacity kept for its own users; lenders only
    # give away what is above it.
    reserve_ratio: orm.Mapped[float] = orm.mapped_column(sa.Float,
                                                         default=0.0)
    shared_pool: orm.Mapped[bool] = orm.mapped_column(sa.Boolean,
                                                      default=False)


class Template(Base, models.TimestampMixin):
    """A template type: a base OS image plus a list of bundles."""

    __tablename__ = 'template'
    __table_args__ = (
        sa.UniqueConstraint('type_name', name='uniq_template0type_name'),
    )

    id: orm.Mapped[int] = orm.mapped_column(sa.Integer, primary_key=True)
    type_name: orm.Mapped[str] = orm.mapped_column(sa.String(255))
    os: orm.Mapped[str | None] = orm.mapped_column(sa.String(255))
    # Central Glance image of the base OS, and its checksum.
    base_image_id: orm.Mapped[str | None] = orm.mapped_column(sa.String(36))
    base_image_checksum: orm.Mapped[str | None] = orm.mapped_column(
        sa.String(128))
    # [{"name": ..., "version": ...}] in install order.
    bundles: orm.Mapped[list | None] = orm.mapped_column(
        sa.JSON(none_as_null=True))
    # Grows when the base image or the bundles change: a site holds a
    # template of this type, version and base checksum, or builds it.
    version: orm.Mapped[int] = orm.mapped_column(sa.Integer, default=1,
                                                 server_default='1')


class SiteTemplate(Base, models.TimestampMixin):
    """Where a template stands at one site."""

    __tablename__ = 'site_template'
    __table_args__ = (
        # The placer asks which sites already hold a template.
        sa.Index('ix_site_template_template_id_status',
                 'template_id', 'status'),
    )

    site_id: orm.Mapped[int] = orm.mapped_column(
        sa.ForeignKey('site.id', ondelete='CASCADE'), primary_key=True)
    template_id: orm.Mapped[int] = orm.mapped_column(
        sa.ForeignKey('template.id', ondelete='CASCADE'), primary_key=True)
    status: orm.Mapped[str] = orm.mapped_column(
        _enum(SITE_TEMPLATE_STATUSES, 'site_template_status'),
        default='absent')
    image_id: orm.Mapped[str | None] = orm.mapped_column(sa.String(36))
    checksum: orm.Mapped[str | None] = orm.mapped_column(sa.String(128))

    site: orm.Mapped[Site] = orm.relationship(lazy='joined', innerjoin=True)
    template: orm.Mapped[Template] = orm.relationship(lazy='joined',
                                                      innerjoin=True)

    def to_dict(self):
        data = super().to_dict()
        data['template_type'] = self.template.type_name
        return data


class Bundle(Base, models.TimestampMixin):
    """An application bundle: package files and how to install them."""

    __tablename__ = 'bundle'
    __table_args__ = (
        sa.UniqueConstraint('name', 'version',
                            name='uniq_bundle0name0version'),
        sa.Index('ix_bundle_template_type', 'template_type'),
    )

    id: orm.Mapped[int] = orm.mapped_column(sa.Integer, primary_key=True)
    name: orm.Mapped[str] = orm.mapped_column(sa.String(255))
    version: orm.Mapped[str] = orm.mapped_column(sa.String(64))
    template_type: orm.Mapped[str] = orm.mapped_column(sa.String(255))
    # [{"name": ..., "sha256": ..., "size": ...}]
    files: orm.Mapped[list] = orm.mapped_column(sa.JSON)
    # Shell commands, run in order on the template build host.
    install_commands: orm.Mapped[list] = orm.mapped_column(sa.JSON)
    # {"sites": [...], "groups": [...]}; empty means every site.
    targets: orm.Mapped[dict] = orm.mapped_column(sa.JSON)


class Desktop(Base, models.TimestampMixin):
    """A desktop VM, known by its central id and its server at a site."""

    __tablename__ = 'desktop'
    __table_args__ = (
        sa.Index('ix_desktop_project_id', 'project_id'),
        sa.Index('ix_desktop_site_id', 'site_id'),
        sa.Index('ix_desktop_origin_site_id', 'origin_site_id'),
        # Lists page through desktops and commands in creation order.
        sa.Index('ix_desktop_created_at_id', 'created_at', 'id'),
        sa.Index('ix_desktop_project_id_created_at', 'project_id',
                 'created_at', 'id'),
    )

    id: orm.Mapped[str] = orm.mapped_column(sa.String(36), primary_key=True)
    site_id: orm.Mapped[int] = orm.mapped_column(sa.ForeignKey('site.id'))
    # Nova server at the site; unknown until the site created it.
    server_uuid: orm.Mapped[str | None] = orm.mapped_column(sa.String(36))
    project_id: orm.Mapped[str] = orm.mapped_column(sa.String(255))
    owner: orm.Mapped[str | None] = orm.mapped_column(sa.String(255))
    name: orm.Mapped[str] = orm.mapped_column(sa.String(255))
    template_type: orm.Mapped[str] = orm.mapped_column(sa.String(255))
    flavor: orm.Mapped[str] = orm.mapped_column(sa.String(255))
    state: orm.Mapped[str] = orm.mapped_column(sa.String(32),
                                               default='building')
    # The home site when the desktop is borrowed from another site.
    origin_site_id: orm.Mapped[int | None] = orm.mapped_column(
        sa.ForeignKey('site.id'))
    # The request's placement scope; None: the placer's default applies.
    scope: orm.Mapped[str | None] = orm.mapped_column(
        _enum(PLACEMENT_SCOPES, 'desktop_scope'))

    site: orm.Mapped[Site] = orm.relationship(
        foreign_keys=[site_id], lazy='joined', innerjoin=True)
    origin_site: orm.Mapped[Site | None] = orm.relationship(
        foreign_keys=[origin_site_id], lazy='joined')

    def to_dict(self):
        data = super().to_dict()
        data['origin_site'] = (self.origin_site.name
                               if self.origin_site else None)
        return data


class Command(Base):
    """A management command for a site, with its state machine."""

    __tablename__ = 'command'
    __table_args__ = (
        # The re-drive looks for stalled commands by state and age.
        sa.Index('ix_command_state_last_sent_at', 'state', 'last_sent_at'),
        sa.Index('ix_command_site_id', 'site_id'),
        sa.Index('ix_command_desktop_id', 'desktop_id'),
        sa.Index('ix_command_created_at_id', 'created_at', 'id'),
        # The dispatcher's pending commands, oldest first.
        sa.Index('ix_command_state_created_at', 'state', 'created_at',
                 'id'),
    )

    id: orm.Mapped[str] = orm.mapped_column(sa.String(36), primary_key=True)
    site_id: orm.Mapped[int] = orm.mapped_column(
        sa.ForeignKey('site.id', ondelete='CASCADE'))
    # No foreign key: the command history outlives a deleted desktop.
    desktop_id: orm.Mapped[str | None] = orm.mapped_column(sa.String(36))
    action: orm.Mapped[str] = orm.mapped_column(sa.String(64))
    payload: orm.Mapped[dict | None] = orm.mapped_column(
        sa.JSON(none_as_null=True))
    state: orm.Mapped[str] = orm.mapped_column(
        _enum(COMMAND_STATES, 'command_state'), default='pending')
    attempts: orm.Mapped[int] = orm.mapped_column(sa.Integer, default=0)
    last_sent_at: orm.Mapped[datetime.datetime | None] = (
        orm.mapped_column(sa.DateTime))
    created_at: orm.Mapped[datetime.datetime] = orm.mapped_column(
        sa.DateTime, default=_utcnow)
    # Moves on every change, including progress from the site.
    updated_at: orm.Mapped[datetime.datetime] = orm.mapped_column(
        sa.DateTime, default=_utcnow, onupdate=_utcnow)
    result: orm.Mapped[dict | None] = orm.mapped_column(
        sa.JSON(none_as_null=True))
    error: orm.Mapped[str | None] = orm.mapped_column(sa.Text)

    site: orm.Mapped[Site] = orm.relationship(lazy='joined', innerjoin=True)


class Claim(Base, models.TimestampMixin):
    """Capacity the placer holds at a site for one create command.

    Also records where a desktop found no room (``refused``, ``short``):
    the placer does not try a refusing site again for that desktop, and
    the shortage alarm counts both.
    """

    __tablename__ = 'placement_claim'
    __table_args__ = (
        # One row per create command and site.
        sa.UniqueConstraint('command_id', 'site_id',
                            name='uniq_placement_claim0command_id0site_id'),
        # The placer reads a site's claims under the site's row lock.
        sa.Index('ix_placement_claim_site_id_state', 'site_id', 'state'),
        sa.Index('ix_placement_claim_desktop_id', 'desktop_id'),
    )

    id: orm.Mapped[int] = orm.mapped_column(sa.Integer, primary_key=True)
    command_id: orm.Mapped[str] = orm.mapped_column(sa.String(36))
    desktop_id: orm.Mapped[str] = orm.mapped_column(
        sa.ForeignKey('desktop.id', ondelete='CASCADE'))
    site_id: orm.Mapped[int] = orm.mapped_column(
        sa.ForeignKey('site.id', ondelete='CASCADE'))
    # The home site of a borrowed desktop.
    origin_site_id: orm.Mapped[int | None] = orm.mapped_column(
        sa.ForeignKey('site.id', ondelete='CASCADE'))
    # The compute host the capacity was counted on (None: no room).
    host: orm.Mapped[str | None] = orm.mapped_column(sa.String(255))
    vcpus: orm.Mapped[int] = orm.mapped_column(sa.Integer, default=0)
    memory_mb: orm.Mapped[int] = orm.mapped_column(sa.Integer, default=0)
    disk_gb: orm.Mapped[int] = orm.mapped_column(sa.Integer, default=0)
    state: orm.Mapped[str] = orm.mapped_column(
        _enum(CLAIM_STATES, 'placement_claim_state'), default=CLAIM_HELD)
    released_at: orm.Mapped[datetime.datetime | None] = orm.mapped_column(
        sa.DateTime)
    # The outbox seq of the create's final progress, when it came in a
    # ``deliver``: the claim counts until a report reflects it.
    progress_seq: orm.Mapped[int | None] = orm.mapped_column(sa.BigInteger)

    site: orm.Mapped[Site] = orm.relationship(
        foreign_keys=[site_id], lazy='joined', innerjoin=True)


class CapacityFreed(Base, models.TimestampMixin):
    """Capacity a delete freed at a site, until a report shows it.

    One row per delete command that succeeded; it adds its desktop's
    size back to the host it ran on until the site's latest report
    reflects the delete (``progress_seq``), or, without one, until a
    report received after ``freed_at``.
    """

    __tablename__ = 'placement_freed'
    __table_args__ = (
        sa.UniqueConstraint('command_id', name='uniq_placement_freed0'
                                               'command_id'),
        sa.Index('ix_placement_freed_site_id', 'site_id'),
    )

    id: orm.Mapped[int] = orm.mapped_column(sa.Integer, primary_key=True)
    command_id: orm.Mapped[str] = orm.mapped_column(sa.String(36))
    site_id: orm.Mapped[int] = orm.mapped_column(
        sa.ForeignKey('site.id', ondelete='CASCADE'))
    host: orm.Mapped[str | None] = orm.mapped_column(sa.String(255))
    vcpus: orm.Mapped[int] = orm.mapped_column(sa.Integer, default=0)
    memory_mb: orm.Mapped[int] = orm.mapped_column(sa.Integer, default=0)
    disk_gb: orm.Mapped[int] = orm.mapped_column(sa.Integer, default=0)
    freed_at: orm.Mapped[datetime.datetime] = orm.mapped_column(
        sa.DateTime)
    progress_seq: orm.Mapped[int | None] = orm.mapped_column(sa.BigInteger)


class Alarm(Base, models.TimestampMixin):
    """One alarm per (site, key); raising again reuses the row."""

    __tablename__ = 'alarm'
    __table_args__ = (
        sa.UniqueConstraint('site_id', 'key', name='uniq_alarm0site_id0key'),
        sa.Index('ix_alarm_site_id_state', 'site_id', 'state'),
        # The auditor's raised site-offline alarms.
        sa.Index('ix_alarm_key_state', 'key', 'state'),
    )

    id: orm.Mapped[int] = orm.mapped_column(sa.Integer, primary_key=True)
    site_id: orm.Mapped[int] = orm.mapped_column(
        sa.ForeignKey('site.id', ondelete='CASCADE'))
    key: orm.Mapped[str] = orm.mapped_column(sa.String(255))
    severity: orm.Mapped[str] = orm.mapped_column(sa.String(16))
    kind: orm.Mapped[str] = orm.mapped_column(sa.String(64))
    state: orm.Mapped[str] = orm.mapped_column(
        _enum(ALARM_STATES, 'alarm_state'), default='raised')
    message: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    raised_at: orm.Mapped[datetime.datetime] = orm.mapped_column(sa.DateTime)
    cleared_at: orm.Mapped[datetime.datetime | None] = orm.mapped_column(
        sa.DateTime)
    acknowledged: orm.Mapped[bool] = orm.mapped_column(sa.Boolean,
                                                       default=False)

    site: orm.Mapped[Site] = orm.relationship(lazy='joined', innerjoin=True)


class SiteSigningKey(Base, models.TimestampMixin):
    """A key a site signs its protocol messages with (HMAC-SHA256).

    ``expires_at`` is None for the site's current key; a rotated key
    stays valid until its ``expires_at`` (the overlap window). The secret
    is stored as it is used: HMAC needs it, so it cannot be hashed; the
    database is as sensitive as the broker credentials in the configs.
    """

    __tablename__ = 'site_signing_key'
    __table_args__ = (
        sa.UniqueConstraint('key_id', name='uniq_site_signing_key0key_id'),
        sa.Index('ix_site_signing_key_site_id', 'site_id'),
    )

    id: orm.Mapped[int] = orm.mapped_column(sa.Integer, primary_key=True)
    key_id: orm.Mapped[str] = orm.mapped_column(sa.String(64))
    site_id: orm.Mapped[int] = orm.mapped_column(
        sa.ForeignKey('site.id', ondelete='CASCADE'))
    secret: orm.Mapped[str] = orm.mapped_column(sa.String(255))
    expires_at: orm.Mapped[datetime.datetime | None] = orm.mapped_column(
        sa.DateTime)

    site: orm.Mapped[Site] = orm.relationship(lazy='joined', innerjoin=True)


class Notice(Base, models.TimestampMixin):
    """An announcement pushed to sites."""

    __tablename__ = 'notice'

    id: orm.Mapped[int] = orm.mapped_column(sa.Integer, primary_key=True)
    title: orm.Mapped[str] = orm.mapped_column(sa.String(255))
    body: orm.Mapped[str] = orm.mapped_column(sa.Text)
    # {"sites": [...], "groups": [...]}; empty means every site.
    targets: orm.Mapped[dict] = orm.mapped_column(sa.JSON)


class ReportLatest(Base):
    """The latest monitoring report of each site, in full."""

    __tablename__ = 'report_latest'

    site_id: orm.Mapped[int] = orm.mapped_column(
        sa.ForeignKey('site.id', ondelete='CASCADE'), primary_key=True)
    seq: orm.Mapped[int] = orm.mapped_column(sa.BigInteger)
    received_at: orm.Mapped[datetime.datetime] = orm.mapped_column(
        sa.DateTime)
    body: orm.Mapped[dict] = orm.mapped_column(sa.JSON)
    # sha256 of the site's state in ``body`` (``report_delta.digest``).
    digest: orm.Mapped[str | None] = orm.mapped_column(sa.String(64))

    site: orm.Mapped[Site] = orm.relationship(lazy='joined', innerjoin=True)


class ReportHistory(Base):
    """A compact summary of each past report, bounded per site."""

    __tablename__ = 'report_history'

    # (site_id, seq) is the key: it dedupes and serves the trend queries.
    site_id: orm.Mapped[int] = orm.mapped_column(
        sa.ForeignKey('site.id', ondelete='CASCADE'), primary_key=True)
    seq: orm.Mapped[int] = orm.mapped_column(sa.BigInteger, primary_key=True,
                                             autoincrement=False)
    received_at: orm.Mapped[datetime.datetime] = orm.mapped_column(
        sa.DateTime)
    summary: orm.Mapped[dict] = orm.mapped_column(sa.JSON)


# Templates: bundle files and rollouts (M9-M11).
ROLLOUT_STATES = ('running', 'succeeded', 'failed', 'aborted')
ROLLOUT_FINAL_STATES = ('succeeded', 'failed', 'aborted')
ROLLOUT_MODES = ('serial', 'parallel')
STEP_STATES = ('waiting', 'running', 'succeeded', 'failed', 'skipped',
               'aborted')
STEP_FINAL_STATES = ('succeeded', 'failed', 'skipped', 'aborted')


class Blob(Base, models.TimestampMixin):
    """A stored file, known by the sha256 of its bytes."""

    __tablename__ = 'blob'

    sha256: orm.Mapped[str] = orm.mapped_column(sa.String(64),
                                                primary_key=True)
    size: orm.Mapped[int] = orm.mapped_column(sa.BigInteger)


class Rollout(Base, models.TimestampMixin):
    """Building one template version at a set of sites, site by site."""

    __tablename__ = 'rollout'
    __table_args__ = (
        # The rollout driver looks for rollouts that still run.
        sa.Index('ix_rollout_state', 'state'),
        sa.Index('ix_rollout_created_at', 'created_at'),
    )

    id: orm.Mapped[str] = orm.mapped_column(sa.String(36), primary_key=True)
    template_type: orm.Mapped[str] = orm.mapped_column(sa.String(255))
    template_version: orm.Mapped[int] = orm.mapped_column(sa.Integer)
    # The bundle the rollout pushes, when it pushes one (no foreign key:
    # the history outlives a deleted bundle).
    bundle_id: orm.Mapped[int | None] = orm.mapped_column(sa.Integer)
    # {"sites": [...], "groups": [...]} as asked for.
    targets: orm.Mapped[dict] = orm.mapped_column(sa.JSON)
    mode: orm.Mapped[str] = orm.mapped_column(
        _enum(ROLLOUT_MODES, 'rollout_mode'), default='parallel')
    max_parallel_sites: orm.Mapped[int] = orm.mapped_column(sa.Integer)
    stop_on_failure: orm.Mapped[bool] = orm.mapped_column(sa.Boolean,
                                                          default=False)
    state: orm.Mapped[str] = orm.mapped_column(
        _enum(ROLLOUT_STATES, 'rollout_state'), default='running')
    # The build_template command's params, the same for every site.
    params: orm.Mapped[dict] = orm.mapped_column(sa.JSON)
    finished_at: orm.Mapped[datetime.datetime | None] = orm.mapped_column(
        sa.DateTime)


class RolloutStep(Base, models.TimestampMixin):
    """One site of a rollout: its build command and how it went."""

    __tablename__ = 'rollout_step'
    __table_args__ = (
        sa.Index('ix_rollout_step_site_id', 'site_id'),
    )

    rollout_id: orm.Mapped[str] = orm.mapped_column(
        sa.ForeignKey('rollout.id', ondelete='CASCADE'), primary_key=True)
    site_id: orm.Mapped[int] = orm.mapped_column(
        sa.ForeignKey('site.id', ondelete='CASCADE'), primary_key=True)
    # Sites start in this order.
    position: orm.Mapped[int] = orm.mapped_column(sa.Integer)
    state: orm.Mapped[str] = orm.mapped_column(
        _enum(STEP_STATES, 'rollout_step_state'), default='waiting')
    command_id: orm.Mapped[str | None] = orm.mapped_column(sa.String(36))
    details: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    started_at: orm.Mapped[datetime.datetime | None] = orm.mapped_column(
        sa.DateTime)
    finished_at: orm.Mapped[datetime.datetime | None] = orm.mapped_column(
        sa.DateTime)

    site: orm.Mapped[Site] = orm.relationship(lazy='joined', innerjoin=True)
