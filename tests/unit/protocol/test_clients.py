"""The clients validate what they send and pick its version."""

from unittest import mock

import pytest

from central_cloud.protocol import central_api
from central_cloud.protocol import exception
from central_cloud.protocol import site_api
from central_cloud.protocol import topics
from tests.unit.protocol import samples


def _site_api(transport, **kwargs):
    api = site_api.SiteAPI(transport, **kwargs)
    api.client = mock.Mock()
    return api


def _central_api(transport, **kwargs):
    api = central_api.CentralAPI(transport, **kwargs)
    api.client = mock.Mock()
    return api


def test_targets(transport):
    site = site_api.SiteAPI(transport)
    central = central_api.CentralAPI(transport)
    assert site.client.target.topic == topics.SITE_TOPIC == 'desktop-site'
    assert central.client.target.topic == topics.CENTRAL_TOPIC
    assert site.client.target.exchange == topics.EXCHANGE


def test_execute_casts_to_the_site(transport):
    api = _site_api(transport)
    command = samples.create_command()
    api.execute({}, 'site-a', command)
    api.client.prepare.assert_called_once_with(version='1.0',
                                               server='site-a')
    api.client.prepare.return_value.cast.assert_called_once_with(
        {}, 'execute', command=command)


def test_casts_to_a_site_retry_a_bounded_number_of_times(transport):
    api = _site_api(transport, cast_retry=2)
    api.execute({}, 'site-a', samples.create_command())
    api.push({}, 'site-a', samples.business_data())
    for call in api.client.prepare.call_args_list:
        assert call.kwargs['retry'] == 2


@pytest.mark.parametrize('mutate, words', [
    (lambda c: c.update(action='explode'), 'command.action must be one of'),
    (lambda c: c['params'].pop('flavor'), 'command.params.flavor is requ'),
    (lambda c: c.update(site='site-b'), 'is not the target site'),
])
def test_execute_refuses_a_bad_command(transport, mutate, words):
    api = _site_api(transport)
    command = samples.create_command()
    mutate(command)
    with pytest.raises(exception.InvalidMessage) as info:
        api.execute({}, 'site-a', command)
    assert words in str(info.value)
    assert not api.client.prepare.called


def test_bad_target_site_is_refused(transport):
    api = _site_api(transport)
    with pytest.raises(exception.InvalidMessage) as info:
        api.ping({}, 'no such/site')
    assert "Invalid 'ping' message: site must be a site name" in \
        str(info.value)


def test_push_and_ping(transport):
    api = _site_api(transport)
    data = samples.business_data()
    api.push({}, 'site-a', data)
    api.client.prepare.return_value.cast.assert_called_once_with(
        {}, 'push', data=data)
    api.client.prepare.return_value.call.return_value = {
        'site': 'site-a', 'version': '1.1', 'at': samples.AT}
    assert api.ping({}, 'site-a', timeout=3)['version'] == '1.1'
    api.client.prepare.assert_called_with(version='1.0', server='site-a',
                                          timeout=3)


def test_ping_reply_is_validated(transport):
    api = _site_api(transport)
    api.client.prepare.return_value.call.return_value = {'site': 'site-a'}
    with pytest.raises(exception.InvalidMessage) as info:
        api.ping({}, 'site-a')
    assert "Invalid 'ping_reply' message: version is required" in \
        str(info.value)


def test_push_notice_needs_1_1(transport):
    api = _site_api(transport)
    notice = samples.business_data('notice')
    api.push({}, 'site-a', notice)
    api.client.prepare.assert_called_once_with(version='1.1',
                                               server='site-a')
    capped = _site_api(transport, version_cap='1.0')
    with pytest.raises(exception.PeerTooOld) as info:
        capped.push({}, 'site-a', notice)
    assert "push() of business data kind 'notice' needs RPC API version " \
        "1.1, but the peer is capped at 1.0" in str(info.value)
    assert not capped.client.prepare.called


def test_per_site_cap(transport):
    caps = {'old-site': '1.0'}
    api = _site_api(transport, site_version_cap=caps.get)
    notice = samples.business_data('notice')
    api.push({}, 'new-site', notice)
    with pytest.raises(exception.PeerTooOld):
        api.push({}, 'old-site', notice)
    api.push({}, 'old-site', samples.business_data())
    api.client.prepare.assert_called_with(version='1.0', server='old-site',
                                          version_cap='1.0')


def test_bad_version_cap_fails_early(transport):
    with pytest.raises(exception.BadVersion):
        site_api.SiteAPI(transport, version_cap='latest')


def test_report_keeps_templates_when_allowed(transport):
    api = _central_api(transport)
    report = samples.report()
    api.report({}, report)
    api.client.prepare.assert_called_once_with(version='1.1')
    api.client.prepare.return_value.cast.assert_called_once_with(
        {}, 'report', report=report)


def test_report_without_templates_is_sent_as_1_0(transport):
    api = _central_api(transport)
    api.report({}, samples.report(templates=False))
    api.client.prepare.assert_called_once_with(version='1.0')


def test_capped_report_drops_templates(transport):
    api = _central_api(transport, version_cap='1.0')
    report = samples.report()
    api.report({}, report)
    api.client.prepare.assert_called_once_with(version='1.0',
                                               version_cap='1.0')
    sent = api.client.prepare.return_value.cast.call_args[1]['report']
    assert 'templates' not in sent
    assert 'templates' in report  # the caller's dict is left alone


@pytest.mark.parametrize('method, args, words', [
    ('report', (dict(samples.report(), seq=0),), 'report.seq must be at '),
    ('progress', (samples.new_id(), 'done'), 'state must be one of'),
    ('progress', (samples.new_id(), 'failed', {}), 'result.message is re'),
    ('alarm', (dict(samples.alarm(), severity='x'),), 'alarm.severity'),
    ('request', ('site-a', 'everything'), 'kind must be one of'),
    ('request', ('site-a', 'bundle', 'now'), 'since must be an RFC 3339'),
])
def test_central_api_refuses_bad_payloads(transport, method, args, words):
    api = _central_api(transport)
    with pytest.raises(exception.InvalidMessage) as info:
        getattr(api, method)({}, *args)
    assert words in str(info.value)
    assert not api.client.prepare.called


def test_progress_and_alarm(transport):
    api = _central_api(transport)
    command_id = samples.new_id()
    api.progress({}, command_id, 'running')
    api.client.prepare.return_value.cast.assert_called_with(
        {}, 'progress', command_id=command_id, state='running', result=None)
    alarm = samples.alarm()
    api.alarm({}, alarm)
    api.client.prepare.return_value.cast.assert_called_with(
        {}, 'alarm', alarm=alarm)


def test_request(transport):
    api = _central_api(transport)
    reply = samples.request_reply('bundle')
    api.client.prepare.return_value.call.return_value = reply
    assert api.request({}, 'site-a', 'bundle', timeout=30) is reply
    api.client.prepare.assert_called_once_with(version='1.0', timeout=30)
    api.client.prepare.return_value.call.assert_called_once_with(
        {}, 'request', site='site-a', kind='bundle', since=None)


def test_request_notice_needs_1_1(transport):
    api = _central_api(transport, version_cap='1.0')
    with pytest.raises(exception.PeerTooOld) as info:
        api.request({}, 'site-a', 'notice')
    assert "request() of kind 'notice' needs RPC API version 1.1" in \
        str(info.value)
