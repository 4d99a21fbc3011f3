"""Every schema accepts its valid payload and rejects each kind of mistake."""

import jsonschema
import pytest

from central_cloud.protocol import exception
from central_cloud.protocol import schemas
from central_cloud.protocol import validation
from central_cloud.protocol import versions
from tests.unit.protocol import samples


@pytest.mark.parametrize('version', versions.KNOWN)
def test_every_schema_is_valid_draft_2020_12(version):
    for name in schemas.names(version):
        jsonschema.Draft202012Validator.check_schema(
            schemas.get(name, version))


def test_every_schema_has_a_sample():
    assert set(schemas.names()) == set(samples.VALID)


@pytest.mark.parametrize('name', sorted(samples.VALID))
def test_valid_payload_passes(name):
    payload = samples.VALID[name]()
    assert validation.validate(name, payload) is payload


@pytest.mark.parametrize('name', sorted(samples.VALID))
def test_valid_1_0_payload_passes_at_1_0(name):
    if name not in schemas.names('1.0'):
        pytest.skip('%s is newer than 1.0' % name)
    payload = samples.VALID[name]()
    if name == 'monitoring_report':
        payload = samples.report(templates=False)
    elif name == 'report':
        payload = {'report': samples.report(templates=False)}
    validation.validate(name, payload, version='1.0')


@pytest.mark.parametrize('action', ['delete', 'stop', 'start', 'suspend',
                                    'resume'])
def test_server_actions_pass(action):
    validation.validate('command', samples.server_command(action))


def test_configure_and_failed_progress_pass():
    validation.validate('command', samples.configure_command())
    validation.validate('progress', samples.progress('failed'))
    validation.validate('progress', {'command_id': samples.new_id(),
                                     'state': 'running', 'result': None})


@pytest.mark.parametrize('kind', ['commands', 'bundle', 'notice'])
def test_request_reply_kinds_pass(kind):
    validation.validate('request_reply', samples.request_reply(kind))


def _set(path, value):
    def mutate(payload):
        target = payload
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return mutate


def _delete(path):
    def mutate(payload):
        target = payload
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]
    return mutate


# (schema, mutation, field named in the error, words of the error)
BAD = {
    # command
    'command-missing-field': (
        'command', _delete(['id']), 'id', 'is required but missing'),
    'command-bad-enum': (
        'command', _set(['action'], 'explode'), 'action',
        "must be one of: create, delete, stop, start, suspend, resume, "
        "configure, build_template (got \"explode\")"),
    'command-wrong-type': (
        'command', _set(['params', 'count'], '2'), 'params.count',
        'must be of type integer (got string)'),
    'command-too-long': (
        'command', _set(['params', 'name'], 'x' * 256), 'params.name',
        'must be at most 255 characters long (got 256)'),
    'command-extra-field': (
        'command', _set(['priority'], 1), 'priority',
        'is not an allowed field (allowed: id, action, site, created_at, '
        'params)'),
    'command-bad-uuid': (
        'command', _set(['id'], 'not-a-uuid'), 'id', 'must be a UUID'),
    'command-bad-site': (
        'command', _set(['site'], 'site a'), 'site', 'must be a site name'),
    'command-site-newline': (
        'command', _set(['site'], 'site-a\n'), 'site', 'must be a site name'),
    'command-bad-timestamp': (
        'command', _set(['created_at'], '2024-13-01 12:00'), 'created_at',
        'must be an RFC 3339 timestamp'),
    'create-missing-flavor': (
        'command', _delete(['params', 'flavor']), 'params.flavor',
        'is required but missing'),
    'create-with-server-param': (
        'command', _set(['params', 'server_id'], samples.new_id()),
        'params.server_id', 'is not an allowed field (allowed: name, flavor'),
    'create-count-zero': (
        'command', _set(['params', 'count'], 0), 'params.count',
        'must be at least 1 (got 0)'),
    'create-metadata-value': (
        'command', _set(['params', 'metadata', 'owner'], 5),
        'params.metadata.owner', 'must be of type string (got integer)'),
    'create-metadata-key': (
        'command', _set(['params', 'metadata', ''], 'x'), 'params.metadata',
        'has an invalid key "": must be at least 1 characters long'),
    'create-metadata-size': (
        'command', _set(['params', 'metadata'],
                        {'k%d' % i: 'v' for i in range(129)}),
        'params.metadata', 'must have at most 128 entries (got 129)'),
    'create-hint-list': (
        'command', _set(['params', 'scheduler_hints', 'group'], ['a']),
        'params.scheduler_hints.group', 'must be of type string'),
    'configure-bad-option': (
        'command', lambda p: p.update(samples.configure_command()) or
        p['params']['options'].update({'Bad Name': 1}),
        'params.options', 'has an invalid key "Bad Name": must be an option'),
    'configure-params-of-create': (
        'command', _set(['action'], 'configure'), 'params.',
        '(allowed: options)'),
    # business data
    'business-bad-kind': (
        'business_data', _set(['kind'], 'video'), 'kind',
        'must be one of: template, bundle, app_data, system_info, '
        'user_info, notice'),
    'business-body-type': (
        'business_data', _set(['body'], []), 'body',
        'must be of type object (got array)'),
    'business-version-zero': (
        'business_data', _set(['version'], 0), 'version',
        'must be at least 1'),
    'business-id-too-long': (
        'business_data', _set(['id'], 'x' * 256), 'id',
        'must be an identifier'),
    'business-extra': (
        'business_data', _set(['sites'], ['a']), 'sites',
        'is not an allowed field'),
    'business-missing-body': (
        'business_data', _delete(['body']), 'body', 'is required'),
    # monitoring report
    'report-too-many-hosts': (
        'monitoring_report', _set(['hosts'], [samples.host()] * 1001),
        'hosts', 'must have at most 1000 items (got 1001)'),
    'report-host-state': (
        'monitoring_report', _set(['hosts', 0, 'state'], 'sleeping'),
        'hosts[0].state', 'must be one of: up, down, disabled'),
    'report-missing-vcpu': (
        'monitoring_report', _delete(['hosts', 1, 'resources', 'VCPU']),
        'hosts[1].resources.VCPU', 'is required but missing'),
    'report-lowercase-resource': (
        'monitoring_report',
        _set(['hosts', 0, 'resources', 'vcpu'], samples.inventory()),
        'hosts[0].resources.vcpu',
        'is not an allowed field (allowed: VCPU, MEMORY_MB, DISK_GB, or a '
        'name matching'),
    'report-ratio-zero': (
        'monitoring_report',
        _set(['hosts', 0, 'resources', 'VCPU', 'allocation_ratio'], 0),
        'hosts[0].resources.VCPU.allocation_ratio',
        'must be greater than 0'),
    'report-used-negative': (
        'monitoring_report',
        _set(['hosts', 0, 'resources', 'DISK_GB', 'used'], -1),
        'hosts[0].resources.DISK_GB.used', 'must be at least 0'),
    'report-seq-zero': (
        'monitoring_report', _set(['seq'], 0), 'seq', 'must be at least 1'),
    'report-seq-bool': (
        'monitoring_report', _set(['seq'], True), 'seq',
        'must be of type integer (got boolean)'),
    'report-bad-checksum': (
        'monitoring_report', _set(['templates', 0, 'checksum'], 'xyz'),
        'templates[0].checksum', 'must be a lower-case hex'),
    'report-extra': (
        'monitoring_report', _set(['load'], 1), 'load',
        'is not an allowed field'),
    'report-missing-interval': (
        'monitoring_report', _delete(['interval']), 'interval',
        'is required'),
    'report-alarm-summary': (
        'monitoring_report', _set(['alarms', 'fatal'], 1), 'alarms.fatal',
        'allowed: critical, major, minor, warning'),
    # alarm
    'alarm-severity': (
        'alarm_record', _set(['severity'], 'fatal'), 'severity',
        'must be one of: critical, major, minor, warning'),
    'alarm-state': (
        'alarm_record', _set(['state'], 'open'), 'state',
        'must be one of: raised, cleared'),
    'alarm-message-too-long': (
        'alarm_record', _set(['message'], 'm' * 1025), 'message',
        'must be at most 1024 characters long (got 1025)'),
    'alarm-missing-at': (
        'alarm_record', _delete(['at']), 'at', 'is required'),
    'alarm-kind-too-long': (
        'alarm_record', _set(['kind'], 'k' * 65), 'kind', 'must be a kind'),
    'alarm-extra': (
        'alarm_record', _set(['host'], 'c1'), 'host',
        'is not an allowed field'),
    # messages (method arguments)
    'execute-missing-command': (
        'execute', _delete(['command']), 'command', 'is required'),
    'execute-nested': (
        'execute', _set(['command', 'params', 'flavor'], None),
        'command.params.flavor', 'must be of type string (got null)'),
    'push-extra-argument': (
        'push', _set(['force'], True), 'force', 'is not an allowed field'),
    'ping-argument': (
        'ping', _set(['site'], 'a'), 'site',
        'is not an allowed field (allowed: no fields)'),
    'report-argument-type': (
        'report', _set(['report'], 'full'), 'report',
        'must be of type object (got string)'),
    'progress-bad-state': (
        'progress', _set(['state'], 'done'), 'state',
        'must be one of: running, succeeded, failed'),
    'progress-failed-without-result': (
        'progress', lambda p: p.update(state='failed', result=None),
        'result', 'must be of type object (got null)'),
    'progress-failed-without-message': (
        'progress', lambda p: p.update(state='failed', result={}),
        'result.message', 'is required but missing'),
    'progress-duplicate-servers': (
        'progress', _set(['result', 'server_ids'], ['%s' % ('1' * 8) +
                                                    '-1111-1111-1111-' +
                                                    '1' * 12] * 2),
        'result.server_ids', 'must not contain duplicates'),
    'progress-fault-code': (
        'progress', lambda p: p.update(samples.progress('failed')) or
        p['result']['fault'].update(code='E500'),
        'result.fault.code', 'must be of type integer (got string)'),
    'alarm-argument-missing': (
        'alarm', _delete(['alarm', 'kind']), 'alarm.kind', 'is required'),
    'request-bad-kind': (
        'request', _set(['kind'], 'everything'), 'kind',
        'must be one of: template, bundle, app_data, system_info, '
        'user_info, notice, commands'),
    'request-bad-since': (
        'request', _set(['since'], 'yesterday'), 'since',
        'must be an RFC 3339 timestamp'),
    'request-extra': (
        'request', _set(['limit'], 10), 'limit', 'is not an allowed field'),
    'request-missing-site': (
        'request', _delete(['site']), 'site', 'is required'),
    # replies
    'ping-reply-version': (
        'ping_reply', _set(['version'], 'v1'), 'version',
        'must be an RPC API version'),
    'request-reply-item-kind': (
        'request_reply', _set(['items', 0, 'kind'], 'bundle'),
        'items[0].kind', 'must be "template" (got "bundle")'),
    'request-reply-command-item': (
        'request_reply', lambda p: p.update(kind='commands'),
        'items[0].', 'allowed: id, action, site, created_at, params'),
    'request-reply-too-many': (
        'request_reply', lambda p: p.update(items=p['items'] * 501),
        'items', 'must have at most 500 items'),
    # notifications
    'site-update-availability': (
        'desktop.site.update', _set(['availability'], 'maybe'),
        'availability', 'must be one of: online, offline'),
    'command-update-state': (
        'desktop.command.update', _set(['state'], 'lost'), 'state',
        'must be one of: pending, sent, running, succeeded, failed'),
}


@pytest.mark.parametrize('case', sorted(BAD))
def test_bad_payload_names_the_field(case):
    name, mutate, field, words = BAD[case]
    payload = samples.VALID[name]()
    mutate(payload)
    with pytest.raises(exception.InvalidMessage) as info:
        validation.validate(name, payload)
    assert info.value.message_name == name
    assert info.value.field.startswith(field), str(info.value)
    assert words in str(info.value)
    assert str(info.value).startswith("Invalid %r message: %s" % (name,
                                                                  field))


@pytest.mark.parametrize('name', sorted(samples.VALID))
def test_payload_that_is_not_an_object(name):
    with pytest.raises(exception.InvalidMessage) as info:
        validation.validate(name, ['not', 'an', 'object'])
    assert 'payload must be of type object (got array)' in str(info.value)


def test_1_0_report_rejects_templates():
    with pytest.raises(exception.InvalidMessage) as info:
        validation.validate('report', {'report': samples.report()},
                            version='1.0')
    assert info.value.field == 'report.templates'
    assert 'is not an allowed field' in str(info.value)


def test_1_0_rejects_notice():
    with pytest.raises(exception.InvalidMessage) as info:
        validation.validate('push', {'data': samples.business_data('notice')},
                            version='1.0')
    assert info.value.field == 'data.kind'
    assert 'user_info (got "notice")' in str(info.value)
    with pytest.raises(exception.InvalidMessage):
        validation.validate('request', {'site': 's', 'kind': 'notice'},
                            version='1.0')
