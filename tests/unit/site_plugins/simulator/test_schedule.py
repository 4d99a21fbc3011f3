"""Site selectors and schedule files."""

import pytest

from site_plugins.simulator import schedule


def test_selectors_name_indexes_ranges_names_and_all():
    selector = schedule.parse_selector('0-9, 20,sim-00042')
    assert selector.ranges == ((0, 9), (20, 20))
    assert selector.names == {'sim-00042'}
    assert schedule.matches(selector, 5, 'sim-00005')
    assert schedule.matches(selector, 42, 'sim-00042')
    assert not schedule.matches(selector, 10, 'sim-00010')
    assert schedule.parse_selector('all').everything
    assert schedule.parse_selector(7).ranges == ((7, 7),)


@pytest.mark.parametrize('text,words', [
    ('', 'non-empty'), ('9-3', 'ends before it starts'),
    ('0-x', 'is not a site index'), (None, 'non-empty'),
    ('a b', 'is not a site index')])
def test_bad_selectors_say_what_is_wrong(text, words):
    with pytest.raises(schedule.ScheduleError, match=words):
        schedule.parse_selector(text)


def test_a_schedule_file_is_read_and_sorted(tmp_path):
    path = tmp_path / 'schedule.yaml'
    path.write_text('events:\n'
                    '  - {at: 60, action: restore, sites: 0-9}\n'
                    '  - {at: 5.5, action: cut, sites: 0-9}\n')
    events = schedule.load(str(path))
    assert [(e.at, e.action) for e in events] == [(5.5, 'cut'),
                                                  (60.0, 'restore')]


@pytest.mark.parametrize('text,words', [
    ('- {at: 1, action: explode, sites: all}',
     "event 1: action 'explode' is not one of cut, restore"),
    ('- {at: -1, action: cut, sites: all}', 'event 1: at must be seconds'),
    ('- {at: 1, action: cut}', 'event 1: missing field sites'),
    ('- {at: 1, action: cut, sites: all, when: 2}',
     'event 1: unknown field when'),
    ('{at: 1}', 'a schedule is a list of events'),
    ('- [unclosed', 'is not YAML')])
def test_bad_schedules_name_the_event_and_field(tmp_path, text, words):
    path = tmp_path / 'schedule.yaml'
    path.write_text(text)
    with pytest.raises(schedule.ScheduleError, match=words):
        schedule.load(str(path))


def test_a_missing_schedule_file_is_one_line(tmp_path):
    with pytest.raises(schedule.ScheduleError, match='cannot read'):
        schedule.load(str(tmp_path / 'nope.yaml'))
