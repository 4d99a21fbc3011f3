"""deliver() with delta reports (1.5): applied, or asked for in full."""

import uuid

from central_cloud.protocol import report_delta
from central_cloud.protocol import validation
from tests.unit.engine import samples


def _deliver(engine_manager, items):
    reply = engine_manager.deliver({}, 'SiteA', items)
    validation.validate('deliver_reply', reply)
    return reply


def _report(seq, hosts=2):
    return samples.report(seq=seq, hosts=hosts)


def test_deltas_are_applied_and_acked(db, make_site, engine_manager):
    make_site('SiteA')
    items = [samples.item(1, 'report',
                          {'report': report_delta.full(_report(1))}),
             samples.item(2, 'report', {'report': report_delta.make(
                 _report(1), _report(2))}),
             samples.item(3, 'report', {'report': report_delta.make(
                 _report(2), _report(3, hosts=3))})]
    assert _deliver(engine_manager, items) == {'acked': [1, 2, 3]}
    latest = db.get_latest_report('SiteA')
    assert latest.seq == 3 and len(latest.body['hosts']) == 3
    assert latest.digest == report_delta.digest(_report(3, hosts=3))


def test_a_delta_central_cannot_apply_is_asked_for_whole(
        db, make_site, engine_manager):
    make_site('SiteA')
    desktop, command = samples.create_desktop(db)
    db.command_transition(command.id, ['pending'], 'sent', attempts=1)
    _deliver(engine_manager, [samples.item(1, 'report', {
        'report': report_delta.full(_report(1))})])
    # Report 2 was lost: 3 builds on it; the progress after it is stored.
    gap = report_delta.make(_report(2), _report(3))
    reply = _deliver(engine_manager, [
        samples.item(4, 'report', {'report': gap}),
        samples.item(5, 'progress', {'command_id': command.id,
                                     'state': 'running'})])
    assert reply == {'acked': [5], 'resend_full': [4]}
    assert db.get_latest_report('SiteA').seq == 1
    assert db.get_command(command.id).state == 'running'
    # Sent again whole, it is taken.
    reply = _deliver(engine_manager, [samples.item(4, 'report', {
        'report': report_delta.full(_report(3))})])
    assert reply == {'acked': [4]}
    assert db.get_latest_report('SiteA').seq == 3


def test_a_delete_delivered_frees_capacity_until_reflected(
        db, make_site, engine_manager):
    make_site('SiteA')
    _deliver(engine_manager, [samples.item(1, 'report', {
        'report': report_delta.full(_report(1))})])
    desktop, command = samples.create_desktop(db)
    hosts = db.latest_reports([db.get_site('SiteA').id])[0].body['hosts']
    db.place_create(command.id, 'SiteA', 'SiteA', lambda site, body, claims:
                    (hosts[0]['name'], (1, 512, 10)))
    db.command_transition(command.id, ['pending'], 'sent', attempts=1)
    _deliver(engine_manager, [samples.item(2, 'progress', {
        'command_id': command.id, 'state': 'succeeded',
        'result': {'server_id': str(uuid.uuid4())}})])
    assert db.counting_claims() == [('SiteA', hosts[0]['name'], 1, 512, 10)]
    shown = dict(_report(2), reflects={'through': 2, 'until': 2})
    _deliver(engine_manager, [samples.item(3, 'report', {
        'report': report_delta.make(_report(1), shown)})])
    assert db.counting_claims() == []
    delete = db.queue_server_command(desktop.id, 'delete')
    db.command_transition(delete.id, ['pending'], 'sent', attempts=1)
    _deliver(engine_manager, [samples.item(4, 'progress', {
        'command_id': delete.id, 'state': 'succeeded', 'result': {}})])
    assert db.counting_claims() == [
        ('SiteA', hosts[0]['name'], -1, -512, -10)]
    later = dict(_report(3), reflects={'through': 4, 'until': 5})
    _deliver(engine_manager, [samples.item(5, 'report', {
        'report': report_delta.make(shown, later)})])
    assert db.counting_claims() == []


def test_a_1_4_site_sends_full_reports_as_before(db, make_site,
                                                 engine_manager):
    make_site('SiteA')
    items = [samples.item(seq, 'report', {'report': _report(seq)})
             for seq in (1, 2)]
    # What a 1.4 agent sends: no digest, no reflects.
    validation.validate('deliver', {'site': 'SiteA', 'items': items},
                        version='1.4')
    assert _deliver(engine_manager, items) == {'acked': [1, 2]}
    latest = db.get_latest_report('SiteA')
    assert latest.seq == 2
    assert latest.digest == report_delta.digest(_report(2))
    site = db.get_site('SiteA')
    assert (site.reflects_through, site.reflects_until) == (None, None)
    # A 1.5 agent of that site may then build deltas on it.
    beat = report_delta.make(_report(2), _report(3))
    assert _deliver(engine_manager, [samples.item(3, 'report', {
        'report': beat})]) == {'acked': [3]}
