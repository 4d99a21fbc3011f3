"""A build_template command through the whole agent and the bus."""

import uuid

from central_cloud.protocol import site_api
from tests.unit.site_plugins import conftest
from tests.unit.site_plugins import test_agent
from tests.unit.site_plugins import test_courier

agent = test_agent.agent
central = test_agent.central

IMAGE_ID = '0b7d3c4e-1f2a-4b5c-8d9e-0a1b2c3d4e5f'


class Templates(object):
    """Builds at once, telling the agent each step as a real one does."""

    def __init__(self, site_agent):
        self.agent = site_agent

    def build_command(self, command):
        self.agent._build_step(command['id'], 'base image ready')
        self.agent._report_now.set()
        return {'message': 'Template office version 2 built',
                'template': {'type': 'office', 'version': 2,
                             'image_id': IMAGE_ID, 'checksum': 'a' * 128,
                             'base_checksum': 'b' * 128}}


def test_a_build_reaches_central_with_its_template(agent, central,
                                                   transport):
    agent.executor.templates = Templates(agent)
    reports = len([i for i in central.stored if i['kind'] == 'report'])
    command = {'id': str(uuid.uuid4()), 'action': 'build_template',
               'site': conftest.SITE, 'created_at': '2026-05-01T12:00:00Z',
               'params': {'template_type': 'office', 'version': 2,
                          'base_image': {'checksum': 'b' * 128}}}
    site_api.SiteAPI(transport).execute({}, conftest.SITE, command)
    assert test_courier._wait(lambda: any(
        state == 'succeeded' for state, _result in test_agent._progress(
            central, command['id'])))
    state, result = test_agent._progress(central, command['id'])[-1]
    assert state == 'succeeded'
    assert result['template']['image_id'] == IMAGE_ID
    progress = test_agent._progress(central, command['id'])
    assert [p[0] for p in progress] == ['running', 'running', 'succeeded']
    # The build asked for a report at once, not at the next interval.
    assert test_courier._wait(lambda: len(
        [i for i in central.stored if i['kind'] == 'report']) > reports)
