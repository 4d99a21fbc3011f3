"""Site selectors and the schedule file: what to do to which sites, when.

A selector names sites: ``all``, a fleet index (``17``), an inclusive
index range (``0-99``), a site name (``sim-00017``), or several of those
separated by commas. Indexes are the fleet's, so one selector means the
same sites to every process of a fleet (each acts on those it runs).

A schedule file is YAML: a list of events (or ``{events: [...]}``), each
``{at: SECONDS, action: ACTION, sites: SELECTOR}``, ``at`` counted from
the simulator's start and ``action`` one of ``ACTIONS``. Every problem
is reported as ``ScheduleError`` naming the event and the field.
"""

import collections
import re

import yaml

ACTIONS = ('cut', 'restore', 'kill', 'start')
ALL = 'all'
MAX_AT = 7 * 86400

Event = collections.namedtuple('Event', 'at action selector')
Selector = collections.namedtuple('Selector', 'everything ranges names')

_RANGE = re.compile(r'^(\d{1,9})(?:-(\d{1,9}))?$')
_NAME = re.compile(r'^[A-Za-z][A-Za-z0-9._-]{0,254}$')


class ScheduleError(ValueError):
    """A selector or schedule that cannot work; ``str()`` says why."""


def parse_selector(text):
    """A ``Selector`` from its text; raises ``ScheduleError``."""
    if isinstance(text, int) and not isinstance(text, bool):
        text = str(text)
    if not isinstance(text, str) or not text.strip():
        raise ScheduleError('a site selector must be a non-empty text such '
                            'as "all", "0-99", "5,7" or a site name; got %r'
                            % (text,))
    everything, ranges, names = False, [], []
    for term in (t.strip() for t in text.split(',')):
        match = _RANGE.match(term)
        if term == ALL:
            everything = True
        elif match:
            first = int(match.group(1))
            last = int(match.group(2) or first)
            if last < first:
                raise ScheduleError('site range %r ends before it starts'
                                    % term)
            ranges.append((first, last))
        elif _NAME.match(term):
            names.append(term)
        else:
            raise ScheduleError('%r is not a site index, an index range '
                                '(first-last), a site name or "all"' % term)
    return Selector(everything, tuple(ranges), frozenset(names))


def matches(selector, index, name):
    return (selector.everything or name in selector.names or
            any(first <= index <= last for first, last in selector.ranges))


def parse_action(action):
    if action not in ACTIONS:
        raise ScheduleError('action %r is not one of %s'
                            % (action, ', '.join(ACTIONS)))
    return action


def parse_events(data):
    """The events of a loaded schedule, sorted by time."""
    if isinstance(data, dict) and set(data) == {'events'}:
        data = data['events']
    if not isinstance(data, list):
        raise ScheduleError('a schedule is a list of events (or '
                            '{events: [...]}), each {at, action, sites}')
    events = []
    for number, entry in enumerate(data, 1):
        where = 'event %d' % number
        if not isinstance(entry, dict):
            raise ScheduleError('%s is not a mapping of at, action and '
                                'sites' % where)
        unknown = sorted(set(entry) - {'at', 'action', 'sites'})
        missing = sorted({'at', 'action', 'sites'} - set(entry))
        if unknown or missing:
            raise ScheduleError('%s: %s' % (where, '; '.join(
                (['unknown field %s' % f for f in unknown] +
                 ['missing field %s' % f for f in missing]))))
        at = entry['at']
        if isinstance(at, bool) or not isinstance(at, (int, float)) or \
                not 0 <= at <= MAX_AT:
            raise ScheduleError('%s: at must be seconds from 0 to %d, '
                                'got %r' % (where, MAX_AT, at))
        try:
            events.append(Event(float(at), parse_action(entry['action']),
                                parse_selector(entry['sites'])))
        except ScheduleError as exc:
            raise ScheduleError('%s: %s' % (where, exc)) from None
    return sorted(events, key=lambda event: event.at)


def load(path):
    """The events of the schedule file at ``path``."""
    try:
        with open(path) as f:
            data = yaml.safe_load(f)
    except OSError as exc:
        raise ScheduleError('cannot read schedule file %s: %s'
                            % (path, exc.strerror or exc)) from None
    except yaml.YAMLError as exc:
        raise ScheduleError('schedule file %s is not YAML: %s'
                            % (path, ' '.join(str(exc).split()))) from None
    try:
        return parse_events(data)
    except ScheduleError as exc:
        raise ScheduleError('schedule file %s: %s' % (path, exc)) from None
