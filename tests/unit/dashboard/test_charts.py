"""The usage trend chart of a site's page."""

import datetime

from central_cloud.dashboard import charts
from tests.unit.dashboard import fakes


def test_parse_time():
    utc = datetime.timezone.utc
    assert charts.parse_time('2026-01-01T10:00:00Z') == datetime.datetime(
        2026, 1, 1, 10, tzinfo=utc)
    assert charts.parse_time('2026-01-01T10:00:00').tzinfo is not None
    assert charts.parse_time('yesterday') is None
    assert charts.parse_time(None) is None


def test_percent_used():
    assert charts.percent_used({'total': 8, 'used': 2}) == 25.0
    assert charts.percent_used({'total': 10, 'used': 5, 'reserved': 5}) \
        == 100.0
    assert charts.percent_used({'total': 4, 'used': 9}) == 100.0
    assert charts.percent_used({'total': 0, 'used': 0}) is None
    assert charts.percent_used(None) is None


def test_usage_points_are_sorted_and_skip_bad_entries():
    history = list(reversed(fakes.make_history(4)))
    history.append({'seq': 9, 'received_at': 'garbage', 'summary': {}})
    history.append({'seq': 10, 'summary': {'sent_at': None}})
    points = charts.usage_points(history)
    assert len(points) == 4
    assert [p[0].minute for p in points] == [0, 1, 2, 3]
    assert points[2][1]['VCPU'] == 25.0
    assert set(points[0][1]) == {'VCPU', 'MEMORY_MB', 'DISK_GB'}


def test_trend_svg_draws_a_line_per_resource():
    svg = charts.trend_svg(charts.usage_points(fakes.make_history(5)))
    assert svg.startswith('<svg class="trend-chart"')
    assert 'data-points="5"' in svg
    for key in ('VCPU', 'MEMORY_MB', 'DISK_GB'):
        assert 'data-series="%s"' % key in svg
    assert '10:00:00' in svg and '10:04:00 UTC' in svg


def test_trend_svg_with_too_few_reports_says_so():
    svg = charts.trend_svg(charts.usage_points(fakes.make_history(1)))
    assert 'trend-empty' in svg and '(1 so far)' in svg
    assert 'class="trend-series"' not in svg
