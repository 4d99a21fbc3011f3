"""/v1/monitoring: the latest report per site, and its history."""

import pytest

from central_cloud import report_summary
from tests.unit.api import fixtures


def inventory(total, used, reserved=0, ratio=1.0):
    return {'total': total, 'used': used, 'reserved': reserved,
            'allocation_ratio': ratio}


def report(seq):
    return {
        'site': 'SiteA', 'seq': seq, 'sent_at': '2026-05-20T12:00:00Z',
        'interval': 60,
        'hosts': [
            {'name': 'c1', 'state': 'up', 'instances': 3,
             'resources': {'VCPU': inventory(8, 6, ratio=2.0),
                           'MEMORY_MB': inventory(8192, 4096, 512),
                           'DISK_GB': inventory(100, 10)}},
            {'name': 'c2', 'state': 'up', 'instances': 1,
             'resources': {'VCPU': inventory(8, 1),
                           'MEMORY_MB': inventory(8192, 1024),
                           'DISK_GB': inventory(100, 90)}},
            {'name': 'c3', 'state': 'down', 'instances': 0,
             'resources': {'VCPU': inventory(8, 0),
                           'MEMORY_MB': inventory(8192, 0),
                           'DISK_GB': inventory(100, 0)}},
        ],
        'alarms': {'major': 1},
        'templates': [{'type': 'office', 'version': 1,
                       'image_id': '8c0d5ad4-7ac8-4a31-9d0f-c1b9b9e9f3a1',
                       'checksum': '0' * 64}],
    }


@pytest.fixture
def reports(client, db, site):
    client.post('/v1/sites', dict(fixtures.SITE, name='SiteB',
                                  group='south'))
    db.ingest_reports([{'site': 'SiteA', 'seq': seq, 'body': report(seq),
                        'summary': {'seq': seq}} for seq in (1, 2, 3)])


def test_summary_counts_hosts_that_are_up():
    summary = report_summary.summarise(report(1))
    assert summary['hosts'] == {'total': 3, 'up': 2, 'down': 1,
                                'disabled': 0}
    assert summary['instances'] == 4
    vcpu = summary['resources']['VCPU']
    assert (vcpu['total'], vcpu['used']) == (16, 7)
    # c1: 8 * 2.0 - 6 = 10 free; c2: 8 - 1 = 7.
    assert (vcpu['free'], vcpu['largest_free']) == (17, 10)
    memory = summary['resources']['MEMORY_MB']
    assert memory['free'] == (8192 - 512 - 4096) + (8192 - 1024)
    assert summary['templates'] == ['office']
    assert summary['alarms'] == {'critical': 0, 'major': 1, 'minor': 0,
                                 'warning': 0}


@pytest.mark.parametrize('body', [None, [], {'hosts': 'many'},
                                  {'hosts': [1, {'resources': []}]},
                                  {'hosts': [{'state': 'up', 'resources': {
                                      'VCPU': {'total': 'x'}}}]},
                                  {'templates': [{'type': 3}, 'x'],
                                   'alarms': []}])
def test_summary_never_fails_on_odd_bodies(body):
    summary = report_summary.summarise(body)
    assert summary['hosts']['total'] >= 0


def test_list(client, reports):
    resp = client.get('/v1/monitoring')
    assert resp.status_int == 200, resp.text
    sites = resp.json['sites']
    assert [s['name'] for s in sites] == ['SiteA', 'SiteB']
    site_a, site_b = sites
    assert site_a['availability'] == 'online'
    assert site_a['latitude'] == fixtures.SITE['latitude']
    assert site_a['report']['seq'] == 3
    assert site_a['report']['hosts']['up'] == 2
    assert site_b['report'] is None
    assert [s['name'] for s in client.get(
        '/v1/monitoring?group=south').json['sites']] == ['SiteB']
    assert [s['name'] for s in client.get(
        '/v1/monitoring?availability=online').json['sites']] == ['SiteA']
    page = client.get('/v1/monitoring?limit=1')
    assert page.json['links'][0]['href'].endswith('marker=SiteA')
    assert [s['name'] for s in client.get(
        '/v1/monitoring?marker=SiteA').json['sites']] == ['SiteB']


def test_show_with_history(client, reports):
    site = client.get('/v1/monitoring/SiteA').json['site']
    assert site['body']['seq'] == 3
    assert site['report']['resources']['VCPU']['largest_free'] == 10
    assert 'history' not in site
    history = client.get('/v1/monitoring/SiteA?history=2').json['site'][
        'history']
    assert [h['seq'] for h in history] == [2, 3]
    assert history[0]['summary'] == {'seq': 2}
    everything = client.get('/v1/monitoring/SiteA?history=100').json
    assert [h['seq'] for h in everything['site']['history']] == [1, 2, 3]


def test_history_is_capped_by_the_history_size(client, config, reports):
    config.config(report_history_size=1, group='monitoring')
    history = client.get('/v1/monitoring/SiteA?history=50').json['site'][
        'history']
    assert [h['seq'] for h in history] == [3]


def test_show_site_without_reports(client, reports):
    site = client.get('/v1/monitoring/SiteB?history=5').json['site']
    assert (site['report'], site['body'], site['history']) == (None, None,
                                                               [])


@pytest.mark.parametrize('query', ['history=0', 'history=-1', 'history=x',
                                   'history=1&history=2', 'limit=1'])
def test_show_bad_query_is_400(client, reports, query):
    fixtures.error_of(client.get('/v1/monitoring/SiteA?' + query), 400)


def test_show_unknown_site_is_404(client):
    fixtures.error_of(client.get('/v1/monitoring/Nowhere'), 404)


def test_policy(client, reports):
    assert client.get('/v1/monitoring', as_=fixtures.READER).status_int == (
        200)
    assert client.get('/v1/monitoring/SiteA',
                      as_=fixtures.READER).status_int == 200
    fixtures.error_of(client.get('/v1/monitoring', as_=fixtures.MEMBER), 403)
    fixtures.error_of(client.get('/v1/monitoring/SiteA',
                                 as_=fixtures.MEMBER), 403)
