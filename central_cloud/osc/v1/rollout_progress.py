"""``rollout create --wait``: follow a rollout's steps until it is over.

The rollout is read again (``GET /v1/rollouts/{id}``) every interval.
Each step's state is one line on the given stream when it is first seen
and whenever it changes: ``<site>: <state>``, the command a running
step waits for, and the details a finished step reports. The rollout is
over when it is no longer running and none of its steps is (an aborted
rollout's running steps still finish at their sites); a last line gives
its state and its steps' counts.
"""

import time

from keystoneauth1 import exceptions as ks_exceptions

from central_cloud.osc import exceptions
from central_cloud.osc.v1 import progress

# A build at a site can copy a base image over the WAN first.
DEFAULT_TIMEOUT = 3600
INTERVAL = progress.INTERVAL
STEP_STATES = ('waiting', 'running', 'succeeded', 'failed', 'skipped',
               'aborted')
UNFINISHED = ('waiting', 'running')


def counts_text(counts):
    """``2 succeeded, 1 running``: the non-zero counts, in step order."""
    counts = counts or {}
    known = [s for s in STEP_STATES if counts.get(s)]
    other = sorted(s for s in counts if s not in STEP_STATES and counts[s])
    return ', '.join('%s %s' % (counts[s], s) for s in known + other) or (
        'no steps')


def step_counts(rollout):
    """The API's ``step_counts``, or counts made from the steps."""
    if rollout.get('step_counts') is not None:
        return rollout['step_counts']
    counts = {}
    for step in rollout.get('steps') or []:
        counts[step.get('state')] = counts.get(step.get('state'), 0) + 1
    return counts


def is_over(rollout):
    return rollout.get('state') != 'running' and not any(
        step.get('state') in UNFINISHED for step in rollout.get('steps')
        or [])


def step_change(step):
    """What a step is now, for one progress line."""
    text = '%s: %s' % (step.get('site'), step.get('state'))
    if step.get('state') == 'running' and step.get('command_id'):
        text += ', command %s' % step['command_id']
    if step.get('details'):
        text += ': %s' % step['details']
    return text


def failure_messages(rollout):
    """Why a rollout that is over did not succeed: one line each."""
    state = rollout.get('state')
    if state == 'succeeded':
        return []
    label = 'rollout %s' % rollout.get('id')
    steps = rollout.get('steps') or []
    failed = ['%s: site %s failed: %s' % (
        label, step.get('site'),
        step.get('details') or 'its command %s' % step.get('command_id'))
        for step in steps if step.get('state') == 'failed']
    skipped = sum(1 for s in steps if s.get('state') == 'skipped')
    if skipped:
        failed.append('%s: %d site(s) skipped after the failure'
                      % (label, skipped))
    if state == 'aborted':
        unstarted = sum(1 for s in steps if s.get('state') == 'aborted')
        failed.append('%s was aborted: %d site(s) never started'
                      % (label, unstarted))
    return failed or ['%s ended %s' % (label, state)]


class RolloutWaiter(object):
    """Poll central until a rollout is over or time is up."""

    def __init__(self, api, stream, timeout=DEFAULT_TIMEOUT,
                 interval=INTERVAL, clock=None, sleep=None):
        self.api = api
        self.stream = stream
        self.timeout = timeout
        self.interval = interval
        self.clock = clock or time.monotonic
        self.sleep = sleep or time.sleep

    def wait(self, rollout):
        """``(rollout as last read, failure lines)``; none if it worked."""
        deadline = self.clock() + self.timeout
        seen = {}
        self._changes(rollout, seen)
        while not is_over(rollout):
            if self.clock() >= deadline:
                return rollout, [
                    'rollout %s is not over within %d s; central goes on '
                    'with it: see "openstack desktop rollout show %s"'
                    % (rollout['id'], self.timeout, rollout['id'])]
            self.sleep(self.interval)
            try:
                rollout = self.api.get_rollout(rollout['id'])
            except exceptions.ClientError as exc:
                if not progress.transient(exc):
                    raise
                continue
            except ks_exceptions.ConnectionError:
                continue  # central is briefly unreachable
            self._changes(rollout, seen)
        self._say('rollout %s %s: %s' % (
            rollout['id'], rollout['state'],
            counts_text(step_counts(rollout))))
        return rollout, failure_messages(rollout)

    def _changes(self, rollout, seen):
        for step in rollout.get('steps') or []:
            now = (step.get('state'), step.get('command_id'))
            if seen.get(step.get('site')) != now:
                seen[step.get('site')] = now
                self._say(step_change(step))

    def _say(self, text):
        self.stream.write(text + '\n')
        self.stream.flush()
