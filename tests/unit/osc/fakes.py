"""Sample API answers and the test base of the command tests."""

import io
from unittest import mock

from osc_lib.test import base as osc_base

from central_cloud.osc import client

SITE = {
    'name': 'SiteC', 'region': 'SiteC', 'latitude': 45.764,
    'longitude': 4.8357, 'group': None, 'management_state': 'managed',
    'availability': 'online', 'last_report_at': '2026-05-20T10:00:00Z',
    'missed': 0, 'reserve_ratio': 0.0, 'shared_pool': False,
    'created_at': '2026-05-20T09:00:00Z', 'updated_at': None,
}
TEMPLATE = {
    'type_name': 'office', 'os': 'lab', 'base_image_id': None,
    'base_image_checksum': None,
    'bundles': [{'name': 'apps', 'version': '1.0'}],
    'created_at': '2026-05-20T09:00:00Z', 'updated_at': None,
}
BUNDLE = {
    'id': 7, 'name': 'apps', 'version': '1.0', 'template_type': 'office',
    'files': [{'name': 'a.deb', 'sha256': 'a' * 64, 'size': 10}],
    'install_commands': ['dpkg -i a.deb'], 'targets': {'sites': ['SiteC']},
    'created_at': '2026-05-20T09:00:00Z', 'updated_at': None,
}
DESKTOP_ID = '8c0d5ad4-7ac8-4a31-9d0f-c1b9b9e9f3a1'
DESKTOP_ID2 = '1f0e3a2b-7ac8-4a31-9d0f-c1b9b9e9f3a2'
COMMAND_ID = '5a56708f-6d0a-4c9e-be62-f4e1529044d4'
COMMAND_ID2 = 'efb660d2-6a1c-4bc5-8375-f1756e66b4f9'
DESKTOP = {
    'id': DESKTOP_ID, 'name': 'desk-1', 'site': 'SiteC', 'origin_site': None,
    'server_uuid': None, 'project_id': 'p1', 'owner': 'alice',
    'template_type': 'office', 'flavor': 'desktop.small',
    'state': 'building', 'created_at': '2026-05-20T09:00:00Z',
    'updated_at': None,
}
COMMAND = {
    'id': COMMAND_ID, 'site': 'SiteC', 'desktop_id': DESKTOP_ID,
    'action': 'create', 'state': 'pending', 'attempts': 0,
    'last_sent_at': None, 'result': None, 'error': None,
    'created_at': '2026-05-20T09:00:00Z', 'updated_at': None,
    'params': {'name': 'desk-1', 'flavor': 'desktop.small'},
}
ALARM = {
    'id': 3, 'site': 'SiteC', 'key': 'site-offline', 'severity': 'major',
    'kind': 'site-offline', 'state': 'raised', 'message': 'no report',
    'raised_at': '2026-05-20T09:00:00Z', 'cleared_at': None,
    'acknowledged': False, 'created_at': '2026-05-20T09:00:00Z',
    'updated_at': None,
}
NOTICE = {
    'id': 4, 'title': 'Maintenance', 'body': 'Saturday 6:00',
    'targets': {'sites': ['SiteC']}, 'created_at': '2026-05-20T09:00:00Z',
    'updated_at': None,
}

ROLLOUT_ID = '3869b68f-c5cb-40d8-b8c3-9b2600501e9f'
STEP_STATES = ('waiting', 'running', 'succeeded', 'failed', 'skipped',
               'aborted')
# GET /v1/rollouts/{id}, in the API's order of fields.
ROLLOUT = {
    'id': ROLLOUT_ID, 'template_type': 'office', 'template_version': 2,
    'bundle_id': None, 'targets': {'sites': ['SiteA']},
    'mode': 'parallel', 'max_parallel_sites': 1, 'stop_on_failure': False,
    'state': 'running', 'created_at': '2026-05-20T10:00:00Z',
    'updated_at': None, 'finished_at': None,
    'step_counts': dict.fromkeys(STEP_STATES, 0), 'steps': [],
}


def step(site, state, position=0, **changes):
    """A rollout step; a started one has the command ``cmd-<site>``."""
    started = state not in ('waiting', 'aborted', 'skipped')
    values = {'site': site, 'position': position, 'state': state,
              'command_id': 'cmd-%s' % site if started else None,
              'details': ('built %s' % site if state == 'succeeded'
                          else None),
              'started_at': None, 'finished_at': None}
    values.update(changes)
    return values


def rollout(state='running', steps=None, **changes):
    """A rollout whose step counts match its steps."""
    steps = list(steps or [])
    counts = dict.fromkeys(STEP_STATES, 0)
    for item in steps:
        counts[item['state']] += 1
    return dict(ROLLOUT, state=state, steps=steps, step_counts=counts,
                **changes)


def desktop(**changes):
    return dict(DESKTOP, **changes)


def command(**changes):
    return dict(COMMAND, **changes)


class TestCommand(osc_base.TestCommand):
    """A command against a mock of the REST client."""

    def setUp(self):
        super().setUp()
        self.api = mock.Mock(spec=client.Client)
        self.app.client_manager.desktop = self.api
        self.app.stderr = io.StringIO()

    def parse(self, cls, args, verify=()):
        cmd = cls(self.app, None)
        return cmd, self.check_parser(cmd, args, list(verify))

    def take(self, cls, args, verify=()):
        """``(columns, data)`` of the command's take_action."""
        cmd, parsed = self.parse(cls, args, verify)
        return cmd.take_action(parsed)

    def run_command(self, cls, args):
        """The exit code of the whole command, its output written."""
        cmd, parsed = self.parse(cls, args)
        return cmd.run(parsed)

    @property
    def stderr(self):
        return self.app.stderr.getvalue()

    @property
    def stdout(self):
        return self.app.stdout.make_string()

    def assertUsageError(self, cls, args):
        cmd = cls(self.app, None)
        with mock.patch('sys.stderr', io.StringIO()) as err:
            self.assertRaises(osc_base.ParserException, self.check_parser,
                              cmd, args, [])
        return err.getvalue()


class Clock(object):
    """A monotonic clock whose sleep() only moves it on."""

    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds
