"""WAN byte counts: the counter, the RPC serializer and the report."""

import json

import pytest

from central_cloud.protocol import site_api
from central_cloud.protocol import validation
from site_plugins.monitors import wan as wan_monitor
from site_plugins.outbox import records
from site_plugins import wan
from tests.unit.site_plugins import conftest
from tests.unit.site_plugins import test_agent


def test_counter_adds_by_kind_and_refuses_unknown_kinds():
    counter = wan.WanCounter()
    counter.add('rpc', 10)
    counter.add('image_data', 5)
    counter.add('image_data', 0)
    assert counter.snapshot() == {'rpc': 10, 'bundle_files': 0,
                                  'image_data': 5}
    with pytest.raises(ValueError) as info:
        counter.add('video', 1)
    assert 'unknown WAN byte kind' in str(info.value)


def test_counts_go_on_across_restarts(db):
    kept = records.Records(db)
    counter = wan.WanCounter.restore(kept)
    counter.add('bundle_files', 7)
    counter.save(kept)
    again = wan.WanCounter.restore(kept)
    assert again.snapshot()['bundle_files'] == 7


def test_bad_kept_counts_start_from_zero():
    counter = wan.WanCounter({'rpc': -3, 'image_data': 'x',
                              'bundle_files': True, 'other': 4})
    assert counter.snapshot() == dict.fromkeys(
        ('rpc', 'bundle_files', 'image_data'), 0)


def test_the_serializer_counts_arguments_and_context():
    counter = wan.WanCounter()
    serializer = wan.CountingSerializer(counter)
    entity = {'command': {'id': 'x', 'params': {'name': 'd'}}}
    assert serializer.deserialize_entity({}, entity) == entity
    ctxt = serializer.deserialize_context({'request_id': 'req-1'})
    assert ctxt.request_id == 'req-1'
    assert counter.snapshot()['rpc'] == (
        len(json.dumps(entity)) + len(json.dumps({'request_id': 'req-1'})))


def test_the_monitor_reports_and_keeps_the_counts(db):
    counter = wan.WanCounter()
    counter.add('rpc', 3)
    kept = records.Records(db)
    observation = wan_monitor.WanMonitor(counter, kept).collect()
    assert observation.sections == {'wan_bytes': {
        'rpc': 3, 'bundle_files': 0, 'image_data': 0}}
    assert kept.setting(wan.SETTING) == observation.sections['wan_bytes']


def test_the_agent_reports_what_central_sent_it(
        agent, central, transport):
    command = test_agent._create()
    site_api.SiteAPI(transport).execute({}, conftest.SITE, command)
    test_agent._final(central, command['id'])
    report = agent.reporter.report_once()
    validation.validate('monitoring_report', report)
    assert report['wan_bytes']['rpc'] > 200
    # The next report counts the deliver replies in between too.
    later = agent.reporter.report_once()
    assert later['wan_bytes']['rpc'] >= report['wan_bytes']['rpc']


agent = test_agent.agent
central = test_agent.central
