"""Delta reports (1.5): digest, make/apply, the sender, the schemas."""

import copy

import pytest

from central_cloud.protocol import downgrade
from central_cloud.protocol import exception
from central_cloud.protocol import report_delta
from central_cloud.protocol import validation
from tests.unit.protocol import samples

BASE = samples.report('SiteA')


def _report(seq, **changes):
    report = copy.deepcopy(BASE)
    report.update(seq=seq, **changes)
    return report


def test_the_digest_ignores_stamps_host_order_and_number_forms():
    report = _report(1)
    same = _report(2, sent_at='2030-01-01T00:00:00Z',
                   reflects={'through': 3, 'until': 4}, digest='f' * 64)
    same['hosts'] = same['hosts'][::-1]
    for host in same['hosts']:
        for inventory in host['resources'].values():
            inventory['total'] = float(inventory['total'])
    assert report_delta.digest(report) == report_delta.digest(same)
    changed = _report(3, interval=report['interval'] + 1)
    assert report_delta.digest(report) != report_delta.digest(changed)


def test_make_and_apply_round_trip():
    old = _report(1, wan_bytes={'rpc': 1, 'bundle_files': 0,
                                'image_data': 0})
    new = _report(2, alarms={'major': 3})
    del new['templates']
    new['hosts'] = new['hosts'][1:] + [dict(new['hosts'][0],
                                            name='compute-new')]
    delta = report_delta.make(old, new)
    assert delta['base_seq'] == 1
    assert delta['hosts_removed'] == [old['hosts'][0]['name']]
    assert [h['name'] for h in delta['hosts_changed']] == ['compute-new']
    assert delta['alarms'] == {'major': 3}
    assert sorted(delta['sections_removed']) == ['templates', 'wan_bytes']
    rebuilt = report_delta.apply(old, delta)
    assert report_delta.digest(rebuilt) == delta['digest']
    assert rebuilt['seq'] == 2 and 'base_seq' not in rebuilt
    validation.validate('report', {'report': delta})


def test_an_unchanged_report_is_a_heartbeat():
    delta = report_delta.make(_report(1), _report(2))
    assert report_delta.is_heartbeat(delta)
    assert set(delta) == {'site', 'seq', 'sent_at', 'digest', 'base_seq'}
    validation.validate('report', {'report': delta})


def test_the_sender_builds_on_what_central_acked():
    deltas = report_delta.ReportDeltas()
    first, second, third = _report(1), _report(2), _report(3)
    assert 'base_seq' not in deltas.outgoing([first])[0]
    deltas.settle([1])
    sent = deltas.outgoing([second, third])
    assert [m['base_seq'] for m in sent] == [1, 2]
    # Only 2 was stored: 3 builds on 2 next time.
    deltas.settle([2])
    assert deltas.outgoing([third])[0]['base_seq'] == 2
    # Central asks for a full report: the next one goes whole.
    deltas.settle([], resend_full=[3])
    assert 'base_seq' not in deltas.outgoing([third])[0]


def test_nothing_acked_keeps_the_old_base():
    deltas = report_delta.ReportDeltas()
    deltas.outgoing([_report(1)])
    deltas.settle([1])
    deltas.outgoing([_report(2)])
    deltas.settle([])
    assert deltas.outgoing([_report(2)])[0]['base_seq'] == 1


@pytest.mark.parametrize('bad', [
    lambda d: d.update(hosts=[]),                  # a delta with hosts
    lambda d: d.update(base_seq=0),
    lambda d: d.update(sections_removed=['hosts']),
    lambda d: d.update(digest='xyz'),
    lambda d: d.update(reflects={'through': 1}),
])
def test_the_schema_refuses_odd_deltas(bad):
    delta = report_delta.make(_report(1), _report(2))
    bad(delta)
    with pytest.raises(exception.InvalidMessage):
        validation.validate('report', {'report': delta})


def test_a_full_report_needs_its_sections_and_no_delta_field():
    report = report_delta.full(_report(1))
    validation.validate('report', {'report': report})
    for broken in (dict(report, hosts_removed=['x']),
                   {k: v for k, v in report.items() if k != 'hosts'}):
        with pytest.raises(exception.InvalidMessage):
            validation.validate('report', {'report': broken})


def test_1_4_knows_no_delta_and_drops_the_1_5_fields():
    delta = report_delta.make(_report(1), _report(2))
    with pytest.raises(exception.InvalidMessage):
        validation.validate('report', {'report': delta}, version='1.4')
    full = dict(report_delta.full(_report(1)),
                reflects={'through': 1, 'until': 2})
    assert downgrade.lowest('report', {'report': full}, '1.0') == '1.5'
    older = downgrade.report_at(full, '1.4')
    assert 'digest' not in older and 'reflects' not in older
    validation.validate('report', {'report': older}, version='1.4')


def test_resend_full_is_a_1_5_reply():
    reply = {'acked': [1], 'resend_full': [2]}
    validation.validate('deliver_reply', reply)
    with pytest.raises(exception.InvalidMessage):
        validation.validate('deliver_reply', reply, version='1.4')
