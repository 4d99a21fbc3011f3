"""What the ``openstack desktop`` commands share.

* argparse types that turn a bad value into OpenStackClient's usage
  error, saying what is allowed;
* ``StructColumn`` for the API's lists and dicts (readable in a table,
  unchanged in JSON and YAML);
* ``Lister`` and ``ShowOne`` that can finish with some items failed: they
  print what worked, then each failure on stderr, and exit 1.
"""

import argparse
import json

from cliff import columns as cliff_columns
from osc_lib.command import command
from osc_lib import exceptions as osc_exceptions
from osc_lib import utils

from central_cloud.osc import exceptions


def client(cmd):
    """The REST client of the command's cloud and region."""
    return cmd.app.client_manager.desktop


# -- argument types --------------------------------------------------------

def number_in(minimum, maximum):
    """A float from ``minimum`` to ``maximum``."""
    def convert(value):
        try:
            number = float(value)
        except ValueError:
            number = None
        if number is None or not minimum <= number <= maximum:
            raise argparse.ArgumentTypeError(
                'expected a number from %s to %s, got %r'
                % (minimum, maximum, value))
        return number
    return convert


def whole_number(minimum=1, maximum=None):
    """An int of at least ``minimum`` (and at most ``maximum``)."""
    def convert(value):
        try:
            number = int(value)
        except ValueError:
            number = None
        if (number is None or number < minimum
                or (maximum is not None and number > maximum)):
            allowed = ('from %d to %d' % (minimum, maximum)
                       if maximum is not None else
                       'of at least %d' % minimum)
            raise argparse.ArgumentTypeError(
                'expected a whole number %s, got %r' % (allowed, value))
        return number
    return convert


def add_paging(parser, resource):
    parser.add_argument(
        '--limit', metavar='<num>', type=whole_number(),
        help='List at most <num> %s (default: all of them)' % resource)
    parser.add_argument(
        '--marker', metavar='<marker>',
        help='List only the %s after <marker> (the last one of the '
             'previous page)' % resource)


def add_long(parser):
    parser.add_argument('--long', action='store_true', default=False,
                        help='List every field the API returns')


def add_boolean(parser, name, help_true, help_false):
    """``--<name>`` / ``--no-<name>``; None when neither is given."""
    group = parser.add_mutually_exclusive_group()
    dest = name.replace('-', '_')
    group.add_argument('--%s' % name, dest=dest, action='store_true',
                       default=None, help=help_true)
    group.add_argument('--no-%s' % name, dest=dest, action='store_false',
                       help=help_false)


# -- output ----------------------------------------------------------------

def add_targets(parser, what):
    """``--target-site`` and ``--target-group``, both repeatable."""
    parser.add_argument('--target-site', metavar='<site>',
                        dest='target_sites', action='append',
                        help='Site that receives the %s (repeat for '
                             'several; default: every site)' % what)
    parser.add_argument('--target-group', metavar='<group>',
                        dest='target_groups', action='append',
                        help='Group of sites that receives the %s (repeat '
                             'for several)' % what)


def targets_of(parsed_args):
    """The API's ``targets`` from ``add_targets`` options, or None."""
    targets = {}
    if parsed_args.target_sites:
        targets['sites'] = parsed_args.target_sites
    if parsed_args.target_groups:
        targets['groups'] = parsed_args.target_groups
    return targets or None


def _scalar(value):
    """A value in one line: JSON for what is not a plain value."""
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True)
    return str(value)


class StructColumn(cliff_columns.FormattableColumn):
    """A list or dict of the API: readable in tables, as is in JSON."""

    def human_readable(self):
        value = self._value
        if value is None or value == '':
            return ''
        if isinstance(value, dict):
            return ', '.join('%s=%s' % (key, _scalar(value[key]))
                             for key in sorted(value))
        if isinstance(value, list):
            return '\n'.join(_scalar(item) if isinstance(item, dict)
                             else str(item) for item in value)
        return str(value)

    def machine_readable(self):
        return self._value


def rows(items, columns, formatters=None):
    """A Lister's ``(columns, rows)`` for the API's items."""
    return columns, [utils.get_dict_properties(
        item, columns, mixed_case_fields=columns, formatters=formatters)
        for item in items]


def fields_of(items, default):
    """Every field the API returned, in its order (``default`` if none).

    ``--long`` lists show these, so a field the API adds shows up.
    """
    fields = []
    for item in items:
        fields.extend(key for key in item if key not in fields)
    return tuple(fields) or tuple(default)


def listing(parsed_args, items, columns, fields, formatters=None):
    """A list command's output, in ``columns``.

    With ``--long``, every field returned (``fields`` when there are no
    items).
    """
    if parsed_args.long:
        columns = fields_of(items, fields)
    return rows(items, columns, formatters)


def one(item, columns=None, formatters=None):
    """A ShowOne's ``(columns, values)``.

    The columns are all the item's fields by default, in the API's order.
    """
    columns = tuple(columns or item)
    return columns, utils.get_dict_properties(
        item, columns, mixed_case_fields=columns, formatters=formatters)


# -- commands that may fail for some items ----------------------------------

def _failure(label, exc):
    """What failed for one item; lookups already name what they missed."""
    if isinstance(exc, (exceptions.NotFoundByName,
                        exceptions.NoUniqueMatch)):
        return str(exc)
    return '%s: %s' % (label, exc)


class _PartialFailure(object):
    """Run a step per item; report the failed ones after the output."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.failures = []

    def run(self, parsed_args):
        self.failures = []
        result = super().run(parsed_args)
        for failure in self.failures:
            self.app.stderr.write('%s\n' % failure)
        return 1 if self.failures else result

    def each(self, items, step, label=str):
        """``step(item)`` for every item; the results of those that worked.

        When every item fails, the error is raised instead (the API's
        own one for a single item), so nothing but the error is printed.
        """
        done, failed = [], []
        for item in items:
            try:
                done.append(step(item))
            except exceptions.ClientError as exc:
                failed.append((item, exc))
        if failed and not done:
            if len(failed) == 1:
                raise failed[0][1]
            raise osc_exceptions.CommandError('\n'.join(
                _failure(label(item), exc) for item, exc in failed))
        self.fail(*[_failure(label(item), exc) for item, exc in failed])
        return done

    def fail(self, *messages):
        """Make the command exit 1 after its output, with ``messages``."""
        self.failures.extend(messages)


class Lister(_PartialFailure, command.Lister):
    pass


class ShowOne(_PartialFailure, command.ShowOne):
    pass
