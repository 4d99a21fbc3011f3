"""The rollout driver: start sites as slots free up, record outcomes.

A periodic job. For each rollout it owns (``partition``, by rollout id)
it records what the ``build_template`` commands of running steps ended
as, then starts waiting steps while fewer than ``max_parallel_sites``
run: a new site starts as soon as one finishes, with no waves. With
``stop_on_failure`` a failed step stops the rollout from starting any
other site (those are ``skipped``); the steps already running finish.
A rollout ends ``succeeded`` when every step did, otherwise ``failed``
(or stays ``aborted``). Each step's command is an ordinary persisted
command, so the dispatcher and the re-drive deliver it: a site that is
offline builds when it is back.

The template's status at each site (``site_template``) follows its
steps: building, then ready (with the image id and checksum the site
reported) or failed.
"""

from oslo_log import log as logging
from oslo_utils import timeutils

from central_cloud.db import api as db_api
from central_cloud.db import exception as db_exception
from central_cloud.engine import progress

LOG = logging.getLogger(__name__)

FINAL_COMMAND_STATES = ('succeeded', 'failed')


def _message(command):
    result = command.result or {}
    if command.state == 'failed':
        return command.error or progress.error_text(result)
    return result.get('message') or 'built'


def _set_site_template(site, rollout, status, template=None):
    template = template or {}
    try:
        db_api.set_site_template(site, rollout.template_type, status,
                                 image_id=template.get('image_id'),
                                 checksum=template.get('checksum'))
    except db_exception.DBAPIError as exc:
        LOG.warning('Rollout %s: cannot record template %s as %s at site '
                    '%s: %s', rollout.id, rollout.template_type, status,
                    site, exc)


class RolloutDriver(object):
    """``run_once()`` moves every owned rollout forward."""

    def __init__(self, partition):
        self.partition = partition

    def run_once(self):
        """Returns how many steps were started or ended."""
        moved = 0
        for rollout_id in db_api.rollouts_to_drive():
            if not self.partition.owns(rollout_id):
                continue
            try:
                moved += self.drive(rollout_id)
            except db_exception.NotFound:
                continue  # deleted meanwhile
            except Exception:
                LOG.exception('Rollout %s could not move on; it is tried '
                              'again at the next run', rollout_id)
        return moved

    def drive(self, rollout_id):
        rollout = db_api.get_rollout(rollout_id)
        moved = 0
        for step in db_api.list_rollout_steps(rollout_id):
            if step.state == 'running':
                moved += self._record(rollout, step)
        if rollout.state != 'running':
            return moved
        steps = db_api.list_rollout_steps(rollout_id)
        failed = [s for s in steps if s.state == 'failed']
        if failed and rollout.stop_on_failure:
            moved += db_api.end_waiting_rollout_steps(
                rollout_id, 'skipped',
                'not started: site %s failed and the rollout stops on '
                'failure' % failed[0].site.name)
            steps = db_api.list_rollout_steps(rollout_id)
        running = sum(1 for s in steps if s.state == 'running')
        for step in steps:
            if running >= rollout.max_parallel_sites:
                break
            if step.state == 'waiting' and self._start(rollout, step):
                running += 1
                moved += 1
        self._finish_if_done(rollout, db_api.list_rollout_steps(rollout_id))
        return moved

    def _start(self, rollout, step):
        site = step.site.name
        command = db_api.start_rollout_step(rollout.id, site,
                                            rollout.params)
        if command is None:
            return False
        _set_site_template(site, rollout, 'building')
        LOG.info('Rollout %s: site %s starts building template %s version '
                 '%d (command %s)', rollout.id, site, rollout.template_type,
                 rollout.template_version, command.id)
        return True

    def _record(self, rollout, step):
        site = step.site.name
        try:
            command = db_api.get_command(step.command_id)
        except db_exception.NotFound:
            command = None
        if command is None:
            state, details = 'failed', 'its command %s is gone' % (
                step.command_id)
        elif command.state in FINAL_COMMAND_STATES:
            state, details = command.state, _message(command)
        else:
            return 0
        if not db_api.rollout_step_transition(rollout.id, site, ['running'],
                                              state, details=details):
            return 0
        if state == 'succeeded':
            _set_site_template(site, rollout, 'ready',
                               (command.result or {}).get('template'))
            LOG.info('Rollout %s: site %s built template %s: %s',
                     rollout.id, site, rollout.template_type, details)
        else:
            _set_site_template(site, rollout, 'failed')
            LOG.warning('Rollout %s: site %s failed to build template %s: '
                        '%s', rollout.id, site, rollout.template_type,
                        details)
        return 1

    @staticmethod
    def _finish_if_done(rollout, steps):
        if any(s.state in ('waiting', 'running') for s in steps):
            return
        state = ('succeeded' if all(s.state == 'succeeded' for s in steps)
                 else 'failed')
        if db_api.rollout_transition(rollout.id, ['running'], state,
                                     finished_at=timeutils.utcnow()):
            LOG.info('Rollout %s %s: %s', rollout.id, state, ', '.join(
                '%s %s' % (s.site.name, s.state) for s in steps))
