"""Rollouts: one template version built at a set of sites (M9-M11).

A rollout has one step per site, started in ``position`` order. Starting
a step writes its ``build_template`` command (pending, for the
dispatcher) and moves the step from ``waiting`` to ``running`` in one
transaction, by a compare-and-set, so two engines never start a site
twice. Every other move is a compare-and-set on the state column too.
"""

import uuid

from oslo_utils import timeutils
import sqlalchemy as sa

from central_cloud.db import commands
from central_cloud.db import exception
from central_cloud.db import models
from central_cloud.db import transaction
from central_cloud.db import utils

BUILD_ACTION = 'build_template'
_STEP_FIELDS = ('command_id', 'details', 'started_at', 'finished_at')
_ROLLOUT_FIELDS = ('finished_at',)


def create_rollout(values, sites):
    """A running rollout with one waiting step per site of ``sites``.

    ``values``: template_type, template_version, bundle_id (or None),
    targets, mode, max_parallel_sites, stop_on_failure and params (the
    build command's). ``sites``: site names, in the order they start.
    """
    utils.check_keys('rollout', values, (
        'template_type', 'template_version', 'bundle_id', 'targets', 'mode',
        'max_parallel_sites', 'stop_on_failure', 'params'))
    utils.check_choice('mode', values.get('mode'), models.ROLLOUT_MODES)
    limit = values.get('max_parallel_sites')
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise exception.Invalid('max_parallel_sites must be an integer '
                                '>= 1')
    if not sites:
        raise exception.Invalid('a rollout needs at least one site')
    if len(set(sites)) != len(sites):
        raise exception.Invalid('a rollout names each site once')
    rollout = models.Rollout(
        id=str(uuid.uuid4()),
        template_type=utils.check_text('template_type',
                                       values.get('template_type')),
        template_version=values['template_version'],
        bundle_id=values.get('bundle_id'),
        targets=utils.check_targets(values.get('targets')),
        mode=values['mode'], max_parallel_sites=limit,
        stop_on_failure=bool(values.get('stop_on_failure')),
        params=values['params'], state='running')
    with transaction.writer() as session:
        session.add(rollout)
        session.flush()
        for position, name in enumerate(sites):
            session.add(models.RolloutStep(
                rollout_id=rollout.id, site_id=utils.site_id(session, name),
                position=position, state='waiting'))
        session.flush()
    return rollout


def _rollout(session, rollout_id):
    rollout = session.get(models.Rollout, rollout_id)
    if rollout is None:
        raise exception.NotFound('rollout', rollout_id)
    return rollout


def get_rollout(rollout_id):
    with transaction.reader() as session:
        return _rollout(session, rollout_id)


def list_rollouts(filters=None, limit=None, marker=None, sort_dir='asc'):
    """Rollouts oldest first; filters: state, template_type."""
    rollout = models.Rollout
    with transaction.reader() as session:
        query = utils.filter_query(session.query(rollout), filters, {
            'state': rollout.state, 'template_type': rollout.template_type})
        marker_row = utils.marker_row(session, rollout, 'rollout', marker,
                                      rollout.id == marker)
        return utils.paginate(query, rollout, ['created_at', 'id'], limit,
                              marker_row, sort_dir)


def list_steps(rollout_ids):
    """The steps of the given rollouts, by rollout then position."""
    if isinstance(rollout_ids, str):
        rollout_ids = [rollout_ids]
    step = models.RolloutStep
    with transaction.reader() as session:
        return (session.query(step)
                .filter(step.rollout_id.in_(list(rollout_ids)))
                .order_by(step.rollout_id, step.position).all())


def rollouts_to_drive():
    """Ids of rollouts still running, or aborted with a step running."""
    rollout, step = models.Rollout, models.RolloutStep
    with transaction.reader() as session:
        running = session.execute(sa.select(rollout.id).where(
            rollout.state == 'running')).scalars().all()
        draining = session.execute(
            sa.select(step.rollout_id).distinct()
            .where(step.state == 'running')).scalars().all()
    return sorted(set(running) | set(draining))


def rollout_transition(rollout_id, from_states, to_state, **fields):
    """Compare-and-set of a rollout's state; True if it moved."""
    utils.check_choice('state', to_state, models.ROLLOUT_STATES)
    utils.check_keys('rollout', fields, _ROLLOUT_FIELDS)
    rollout = models.Rollout
    with transaction.writer() as session:
        changed = session.execute(
            sa.update(rollout)
            .where(rollout.id == rollout_id,
                   rollout.state.in_(list(from_states)))
            .values(state=to_state, updated_at=timeutils.utcnow(), **fields)
            .execution_options(synchronize_session=False)).rowcount
        if not changed:
            _rollout(session, rollout_id)
    return bool(changed)


def step_transition(rollout_id, site, from_states, to_state, **fields):
    """Compare-and-set of one step's state; True if it moved."""
    utils.check_choice('state', to_state, models.STEP_STATES)
    utils.check_keys('rollout step', fields, _STEP_FIELDS)
    step = models.RolloutStep
    if to_state in models.STEP_FINAL_STATES:
        fields.setdefault('finished_at', timeutils.utcnow())
    with transaction.writer() as session:
        changed = session.execute(
            sa.update(step)
            .where(step.rollout_id == rollout_id,
                   step.site_id == utils.site_id(session, site),
                   step.state.in_(list(from_states)))
            .values(state=to_state, updated_at=timeutils.utcnow(), **fields)
            .execution_options(synchronize_session=False)).rowcount
    return bool(changed)


class _NotWaiting(Exception):
    """The step has moved on: undo the command written for it."""


def start_step(rollout_id, site, params):
    """Queue the step's build command and mark it running.

    Returns the command, or None if the step was no longer waiting (then
    no command is written).
    """
    now = timeutils.utcnow()
    try:
        with transaction.writer():
            command = commands.create_command(site, BUILD_ACTION,
                                              payload=params)
            if not step_transition(rollout_id, site, ['waiting'],
                                   'running', command_id=command.id,
                                   started_at=now):
                raise _NotWaiting()
    except _NotWaiting:
        return None
    return command


def end_waiting_steps(rollout_id, to_state, details):
    """Move every waiting step to ``to_state`` (skipped or aborted)."""
    utils.check_choice('state', to_state, models.STEP_FINAL_STATES)
    step = models.RolloutStep
    now = timeutils.utcnow()
    with transaction.writer() as session:
        return session.execute(
            sa.update(step)
            .where(step.rollout_id == rollout_id, step.state == 'waiting')
            .values(state=to_state, details=details, finished_at=now,
                    updated_at=now)
            .execution_options(synchronize_session=False)).rowcount


def abort_rollout(rollout_id):
    """Abort a running rollout: its waiting steps never start.

    Steps already running finish at their sites and are still recorded.
    Raises Conflict if the rollout has ended.
    """
    with transaction.writer():
        if not rollout_transition(rollout_id, ['running'], 'aborted',
                                  finished_at=timeutils.utcnow()):
            rollout = get_rollout(rollout_id)
            raise exception.Conflict('rollout %s has already ended (%s)'
                                     % (rollout_id, rollout.state))
        end_waiting_steps(rollout_id, 'aborted',
                          'the rollout was aborted before this site started')
    return get_rollout(rollout_id)
