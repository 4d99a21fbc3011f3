"""Protocol 1.4: build_template, a result's template, wan_bytes, and
versions chosen (or fields dropped) for older peers."""

import copy
import time
from unittest import mock

import pytest

from central_cloud.protocol import central_api
from central_cloud.protocol import downgrade
from central_cloud.protocol import endpoints
from central_cloud.protocol import exception
from central_cloud.protocol import rpc
from central_cloud.protocol import site_api
from central_cloud.protocol import topics
from central_cloud.protocol import validation
from central_cloud.protocol import versions
from tests.unit.protocol import samples

SHA = 'c' * 64
WAN = {'rpc': 100, 'bundle_files': 20, 'image_data': 3000}
TEMPLATE = {'type': 'office', 'version': 2, 'image_id': samples.new_id(),
            'checksum': 'd' * 128, 'base_checksum': 'e' * 128}


def build_command():
    return {'id': samples.new_id(), 'action': 'build_template',
            'site': samples.SITE, 'created_at': samples.AT,
            'params': {
                'template_type': 'office', 'version': 2,
                'base_image': {'id': samples.new_id(),
                               'checksum': 'e' * 128},
                'bundles': [{'name': 'libreoffice', 'version': '24.2',
                             'files': [{'name': 'lo.deb', 'sha256': SHA,
                                        'size': 1024}],
                             'install_commands': ['apt-get install -y '
                                                  './lo.deb']}],
                'precache': True}}


def test_build_template_is_a_command_at_every_version():
    for version in versions.KNOWN:
        validation.validate('command', build_command(), version=version)


@pytest.mark.parametrize('mutate, words', [
    (lambda p: p.pop('base_image'), 'params.base_image is required'),
    (lambda p: p['base_image'].pop('checksum'),
     'params.base_image.checksum is required'),
    (lambda p: p.update(version=0), 'params.version must be at least 1'),
    (lambda p: p['bundles'][0]['files'][0].update(sha256='XY'),
     'params.bundles[0].files[0].sha256 must be a sha256 digest'),
    (lambda p: p['bundles'][0].update(install_commands=['']),
     'params.bundles[0].install_commands[0] must be at least 1'),
    (lambda p: p.update(image='x'), 'params.image is not an allowed field'),
    (lambda p: p.update(template_type='has space'),
     'params.template_type must be an identifier'),
])
def test_bad_build_params_name_the_field(mutate, words):
    command = build_command()
    mutate(command['params'])
    with pytest.raises(exception.InvalidMessage) as info:
        validation.validate('command', command)
    assert words in str(info.value), str(info.value)


def test_wan_bytes_and_result_template_are_1_4():
    report = dict(samples.report(), wan_bytes=WAN)
    validation.validate('monitoring_report', report, version='1.4')
    with pytest.raises(exception.InvalidMessage):
        validation.validate('monitoring_report', report, version='1.2')
    progress = {'command_id': samples.new_id(), 'state': 'succeeded',
                'result': {'message': 'built', 'template': TEMPLATE}}
    validation.validate('progress', progress, version='1.4')
    with pytest.raises(exception.InvalidMessage):
        validation.validate('progress', progress, version='1.2')
    bad = dict(report, wan_bytes={'rpc': -1, 'bundle_files': 0,
                                  'image_data': 0})
    with pytest.raises(exception.InvalidMessage) as info:
        validation.validate('monitoring_report', bad)
    assert 'wan_bytes.rpc must be at least 0' in str(info.value)


def test_lowest_version_that_takes_a_payload():
    plain = {'report': samples.report(templates=False)}
    assert downgrade.lowest('report', plain, '1.0') == '1.0'
    with_wan = {'report': dict(samples.report(), wan_bytes=WAN)}
    assert downgrade.lowest('report', with_wan, '1.0') == '1.4'
    assert downgrade.lowest('report', with_wan, '1.0', cap='1.2') is None


def test_fields_a_version_lacks_are_dropped():
    report = dict(samples.report(), wan_bytes=WAN)
    assert 'wan_bytes' not in downgrade.report_at(report, '1.2')
    assert 'templates' not in downgrade.report_at(report, '1.0')
    assert 'wan_bytes' in report  # the caller's dict is left alone
    result = {'message': 'built', 'template': TEMPLATE}
    assert downgrade.result_at(result, '1.0') == {'message': 'built'}
    assert downgrade.result_at(None, '1.0') is None
    item = {'seq': 1, 'kind': 'progress', 'created_at': samples.AT,
            'payload': {'command_id': samples.new_id(),
                        'state': 'succeeded', 'result': result}}
    assert downgrade.item_at(item, '1.2')['payload']['result'] == {
        'message': 'built'}
    alarm = samples.outbox_items()[2]
    assert downgrade.item_at(alarm, '1.2') == alarm


def _api(transport, **kwargs):
    api = central_api.CentralAPI(transport, **kwargs)
    api.client = mock.Mock()
    return api


def test_a_report_with_wan_bytes_goes_as_1_4_or_without_them(transport):
    report = dict(samples.report(), wan_bytes=WAN)
    api = _api(transport)
    api.report({}, report)
    api.client.prepare.assert_called_once_with(version='1.4')
    capped = _api(transport, version_cap='1.2')
    capped.report({}, report)
    capped.client.prepare.assert_called_once_with(version='1.1',
                                                  version_cap='1.2')
    sent = capped.client.prepare.return_value.cast.call_args[1]['report']
    assert 'wan_bytes' not in sent and 'templates' in sent


def test_progress_with_a_template_goes_as_1_4_or_without_it(transport):
    result = {'message': 'built', 'template': TEMPLATE}
    api = _api(transport)
    api.progress({}, samples.new_id(), 'succeeded', result)
    api.client.prepare.assert_called_once_with(version='1.4')
    capped = _api(transport, version_cap='1.2')
    capped.progress({}, samples.new_id(), 'succeeded', result)
    capped.client.prepare.assert_called_once_with(version='1.0',
                                                  version_cap='1.2')
    sent = capped.client.prepare.return_value.cast.call_args[1]['result']
    assert sent == {'message': 'built'}


def _deliver_items():
    items = samples.outbox_items()
    items[0]['payload']['report']['wan_bytes'] = dict(WAN)
    items[1]['payload'] = {'command_id': samples.new_id(),
                           'state': 'succeeded',
                           'result': {'message': 'built',
                                      'template': TEMPLATE}}
    return items


def test_deliver_goes_at_the_lowest_version_that_takes_the_batch(
        transport):
    api = _api(transport)
    api.client.prepare.return_value.call.return_value = {'acked': [1]}
    api.deliver({}, samples.SITE, samples.outbox_items())
    api.client.prepare.assert_called_with(version='1.2')
    api.deliver({}, samples.SITE, _deliver_items())
    api.client.prepare.assert_called_with(version='1.4')


def test_deliver_capped_below_1_4_drops_the_new_fields(transport):
    api = _api(transport, version_cap='1.2')
    api.client.prepare.return_value.call.return_value = {'acked': [1]}
    items = _deliver_items()
    kept = copy.deepcopy(items)
    api.deliver({}, samples.SITE, items)
    api.client.prepare.assert_called_with(version='1.2', version_cap='1.2')
    sent = api.client.prepare.return_value.call.call_args[1]['items']
    assert 'wan_bytes' not in sent[0]['payload']['report']
    assert sent[1]['payload']['result'] == {'message': 'built'}
    assert items == kept


class Agent(object):
    def __init__(self):
        self.commands = []

    def execute(self, ctxt, command):
        self.commands.append(command)


def test_central_sends_build_template_to_a_current_agent(transport):
    agent = Agent()
    server = rpc.get_rpc_server(
        transport, topics.SITE_TOPIC,
        [endpoints.SiteEndpoint(agent, samples.SITE)], server=samples.SITE)
    server.start()
    try:
        command = build_command()
        site_api.SiteAPI(transport).execute({}, samples.SITE, command)
        for _ in range(200):
            if agent.commands:
                break
            time.sleep(0.01)
        assert agent.commands == [command]
    finally:
        server.stop()
        server.wait()
