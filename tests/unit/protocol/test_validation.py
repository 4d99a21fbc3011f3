"""validate() on odd input, and the helpers around it."""

import datetime

import pytest

from central_cloud.protocol import error_messages
from central_cloud.protocol import exception
from central_cloud.protocol import fields
from central_cloud.protocol import validation
from central_cloud.protocol import versions
from tests.unit.protocol import samples


@pytest.mark.parametrize('value, words', [
    (float('nan'), 'alarms.major must be a finite number'),
    (float('inf'), 'alarms.major must be a finite number'),
    ({1: 2}, 'alarms.major has a key that is not a string (1)'),
    ({'a', 'b'}, 'alarms.major is a set, which is not JSON data'),
    (('a',), 'alarms.major is a tuple, which is not JSON data'),
    (b'bytes', 'alarms.major is a bytes, which is not JSON data'),
    (object(), 'alarms.major is a object, which is not JSON data'),
])
def test_non_json_values_are_rejected(value, words):
    report = samples.report()
    report['alarms']['major'] = value
    with pytest.raises(exception.InvalidMessage) as info:
        validation.validate('monitoring_report', report)
    assert words in str(info.value)


def test_deep_nesting_is_rejected():
    body = {}
    for _ in range(fields.MAX_DEPTH + 5):
        body = {'x': body}
    data = samples.business_data()
    data['body'] = body
    with pytest.raises(exception.InvalidMessage) as info:
        validation.validate('business_data', data)
    assert 'nested deeper than 32 levels' in str(info.value)


def test_huge_payload_is_rejected():
    data = samples.business_data()
    data['body'] = {'blob%d' % i: 'x' * 1024 * 1024 for i in range(5)}
    with pytest.raises(exception.InvalidMessage) as info:
        validation.validate('business_data', data)
    assert 'larger than' in str(info.value)


def test_long_values_are_shortened_in_errors():
    command = samples.create_command()
    command['action'] = 'x' * 100000
    with pytest.raises(exception.InvalidMessage) as info:
        validation.validate('command', command)
    assert len(str(info.value)) < 300
    assert '...' in str(info.value)


def test_odd_keys_are_quoted_in_the_field_path():
    command = samples.create_command()
    command['params']['metadata']['a b'] = 7
    with pytest.raises(exception.InvalidMessage) as info:
        validation.validate('command', command)
    assert info.value.field == 'params.metadata["a b"]'


def test_unknown_name_and_version_are_programming_errors():
    with pytest.raises(exception.UnknownMessage):
        validation.validate('explode', {})
    with pytest.raises(exception.BadVersion):
        validation.validate('ping', {}, version='2.0')
    with pytest.raises(exception.BadVersion):
        validation.validate('ping', {}, version='one')
    assert issubclass(exception.UnknownMessage, ValueError)


def test_validate_returns_the_payload():
    payload = samples.alarm()
    assert validation.validate('alarm_record', payload) is payload


def test_versions_resolve():
    assert versions.resolve(None) == versions.CURRENT
    assert versions.resolve('1.0') == '1.0'
    assert versions.resolve('1.7') == versions.CURRENT
    assert versions.is_at_least('1.1', '1.0')
    assert not versions.is_at_least('1.0', '1.1')
    assert versions.parse('1.10') > versions.parse('1.9')
    with pytest.raises(exception.BadVersion):
        versions.resolve('0.9')


def test_timestamps_match_the_schema():
    naive = datetime.datetime(2024, 5, 1, 12, 0, 0)
    assert fields.timestamp(naive) == '2024-05-01T12:00:00.000000Z'
    alarm = samples.alarm()
    alarm['at'] = fields.timestamp()
    validation.validate('alarm_record', alarm)
    alarm['at'] = '2024-05-01T14:00:00+02:00'
    validation.validate('alarm_record', alarm)


def test_remote_rebuild_of_invalid_message():
    # oslo.messaging rebuilds a remote error as cls(*args, **kwargs).
    exc = exception.InvalidMessage('site is required', 'ping', 'site')
    rebuilt = exception.InvalidMessage(*exc.args, **exc.kwargs)
    assert str(rebuilt) == str(exc)
    assert rebuilt.field == 'site'
    too_old = exception.PeerTooOld('push', '1.1', '1.0')
    assert str(exception.PeerTooOld(*too_old.args)) == str(too_old)
    assert 'capped at 1.0' in str(too_old)


def test_shorten_and_json_type():
    assert error_messages.shorten({'a': 1}) == 'an object with 1 fields'
    assert error_messages.shorten([1, 2]) == 'an array of 2 items'
    assert error_messages.json_type(None) == 'null'
    assert error_messages.json_type(True) == 'boolean'
    assert error_messages.format_path([]) == 'payload'
    assert error_messages.format_path(['hosts', 3, 'name']) == \
        'hosts[3].name'
