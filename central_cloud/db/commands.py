"""Commands: persisted before the cast, compare-and-set, re-drive."""

import dataclasses
import uuid

from oslo_db import exception as db_exc
from oslo_log import log as logging
from oslo_utils import timeutils
import sqlalchemy as sa

from central_cloud.db import exception
from central_cloud.db import models
from central_cloud.db import transaction
from central_cloud.db import utils

LOG = logging.getLogger(__name__)

_COMMAND_FIELDS = ('attempts', 'last_sent_at', 'result', 'error')


def create_command(site, action, payload=None, desktop_id=None,
                   command_id=None):
    """Persist a pending command for a site (before anything is cast).

    ``command_id`` lets a client retry a request with the same id; a second
    create with it raises Duplicate.
    """
    if payload is not None and not isinstance(payload, dict):
        raise exception.Invalid('command payload must be a dict')
    command_id = utils.check_text('command id',
                                  command_id or str(uuid.uuid4()), 36)
    try:
        with transaction.writer() as session:
            command = models.Command(
                id=command_id,
                site=session.get(models.Site, utils.site_id(session, site)),
                desktop_id=utils.check_text('desktop_id', desktop_id, 36,
                                            required=False),
                action=utils.check_text('action', action, 64), payload=payload,
                state='pending', attempts=0)
            session.add(command)
            session.flush()
    except db_exc.DBDuplicateEntry:
        raise exception.Duplicate('command', command_id)
    return command


def get_command(command_id):
    with transaction.reader() as session:
        command = session.get(models.Command, command_id)
    if command is None:
        raise exception.NotFound('command', command_id)
    return command


def list_commands(filters=None, limit=None, marker=None, sort_dir='asc'):
    """Commands oldest first; ``marker`` is the last command id.

    Filters: site (names), desktop_id, action, state.
    """
    command = models.Command
    with transaction.reader() as session:
        query = utils.filter_query(session.query(command), filters, {
            'site': utils.site_filter(command.site_id),
            'desktop_id': command.desktop_id, 'action': command.action,
            'state': command.state})
        marker_row = utils.marker_row(session, command, 'command', marker,
                                      command.id == marker)
        return utils.paginate(query, command, ['created_at', 'id'], limit,
                              marker_row, sort_dir)


def command_transition(command_id, from_states, to_state, **fields):
    """Move a command to ``to_state`` if it is in one of ``from_states``.

    A compare-and-set on the state column: of two engines making the same
    transition, exactly one gets True. ``fields`` may set attempts,
    last_sent_at, result and error. Raises NotFound for an unknown id.
    """
    utils.check_choice('state', to_state, models.COMMAND_STATES)
    from_states = list(from_states)
    for state in from_states:
        utils.check_choice('from state', state, models.COMMAND_STATES)
    utils.check_keys('command', fields, _COMMAND_FIELDS)
    command = models.Command
    with transaction.writer() as session:
        changed = session.execute(
            sa.update(command)
            .where(command.id == command_id, command.state.in_(from_states))
            .values(state=to_state, updated_at=timeutils.utcnow(), **fields)
            .execution_options(synchronize_session=False)).rowcount
        if not changed and session.get(command, command_id) is None:
            raise exception.NotFound('command', command_id)
    if changed:
        LOG.debug('Command %s is %s', command_id, to_state)
    return bool(changed)


@transaction.retry_on_deadlock
def claim_pending(command_ids, now):
    """Claim pending commands for their first cast, in one transaction.

    Each one still pending becomes ``sent``, attempt 1, ``last_sent_at``
    ``now``: the compare-and-set of ``command_transition``, for a batch.
    Rows locked by a concurrent claim are skipped, so of two engines
    claiming the same command exactly one gets it. Returns the set of
    ids claimed by this call.
    """
    ids = sorted(set(command_ids))
    if not ids:
        return set()
    command = models.Command
    with transaction.writer() as session:
        won = [row[0] for row in session.execute(
            sa.select(command.id)
            .where(command.id.in_(ids), command.state == 'pending')
            .with_for_update(skip_locked=True))]
        if won:
            session.execute(
                sa.update(command)
                .where(command.id.in_(won), command.state == 'pending')
                .values(state='sent', attempts=1, last_sent_at=now,
                        updated_at=now)
                .execution_options(synchronize_session=False))
    return set(won)


@dataclasses.dataclass
class RedriveResult:
    """Commands claimed for another cast, and commands given up on."""

    redrive: list = dataclasses.field(default_factory=list)
    gave_up: list = dataclasses.field(default_factory=list)


@transaction.retry_on_deadlock
def commands_to_redrive(now, older_than, max_attempts, limit):
    """Claim up to ``limit`` stalled commands for the caller to cast again.

    Stalled means: sent or running with no cast and no change for
    ``older_than`` seconds, or pending and never cast for that long (a
    create only once placed: it holds a claim). Each
    claimed command gets ``attempts + 1`` and ``last_sent_at = now`` (a
    pending one also becomes sent) by a compare-and-set, so two engines
    never claim the same command. A stalled command that already had
    ``max_attempts`` casts is failed instead. Returns a ``RedriveResult``.
    """
    cutoff = now - utils.seconds(older_than)
    command = models.Command
    with transaction.writer() as session:
        def stalled(*criteria, count):
            return (session.query(command)
                    .filter(*criteria, command.updated_at < cutoff)
                    .order_by(command.last_sent_at, command.created_at)
                    .limit(count)
                    .with_for_update(skip_locked=True, of=command)
                    .all())

        found = stalled(command.state.in_(('sent', 'running')),
                        command.last_sent_at < cutoff, count=limit)
        if len(found) < limit:
            # A create is cast only once the placer chose its site.
            claim = models.Claim
            placed = sa.exists().where(
                claim.command_id == command.id,
                claim.state.in_((models.CLAIM_HELD, models.CLAIM_RELEASED)))
            found += stalled(command.state == 'pending',
                             command.last_sent_at.is_(None),
                             sa.or_(command.action != 'create', placed),
                             count=limit - len(found))
        result = RedriveResult()
        for row in found:
            if row.attempts >= max_attempts:
                values = {'state': 'failed',
                          'error': 'no progress after %d attempts'
                                   % row.attempts}
                bucket = result.gave_up
            else:
                values = {'state': 'sent' if row.state == 'pending'
                          else row.state,
                          'attempts': row.attempts + 1, 'last_sent_at': now}
                bucket = result.redrive
            claimed = session.execute(
                sa.update(command)
                .where(command.id == row.id, command.state == row.state,
                       command.attempts == row.attempts)
                .values(updated_at=now, **values)
                .execution_options(synchronize_session=False)).rowcount
            if claimed:
                # Show the caller the row as it is now in the database.
                session.expunge(row)
                row.update(dict(values, updated_at=now))
                bucket.append(row)
    for row in result.gave_up:
        LOG.warning('Command %s (%s at site %s) failed: %s', row.id,
                    row.action, row.site.name, row.error)
    return result
