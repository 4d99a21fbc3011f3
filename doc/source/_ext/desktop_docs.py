"""Directives that document the code from the code itself.

``api-routes`` lists every route of central's REST API with the policy
rules that guard it (their names and descriptions); a route that no
documented rule names is a build warning. ``command-help`` includes a
command's ``--help`` output. Both read the installed package, so the
pages cannot drift from it.
"""

import collections
import subprocess

from docutils import nodes
from docutils.parsers.rst import Directive


def _rules_by_operation():
    from central_cloud import policies

    found = collections.defaultdict(list)
    for rule in policies.list_rules():
        for operation in getattr(rule, 'operations', None) or []:
            found[(operation['method'].upper(), operation['path'])].append(
                rule)
    return found


class APIRoutes(Directive):
    """A table of (method, path, what it does) of central's API v1."""

    def run(self):
        from central_cloud.api import app

        table = nodes.table()
        group = nodes.tgroup(cols=3)
        table += group
        for width in (8, 35, 57):
            group += nodes.colspec(colwidth=width)
        head, body = nodes.thead(), nodes.tbody()
        group += head
        group += body
        head += self._row(('Method', 'Path', 'Policy rule: what it does'))
        rules = _rules_by_operation()
        messages = []
        for template, method, _handler in app.build_router().routes():
            guards = rules.get((method, template))
            if not guards:
                messages.append(self.state.document.reporter.warning(
                    'route %s %s has no documented policy rule'
                    % (method, template), line=self.lineno))
            body += self._row((method, template, ' '.join(
                '%s: %s' % (rule.name, rule.description)
                for rule in guards or [])))
        return [table] + messages

    @staticmethod
    def _row(cells):
        row = nodes.row()
        for text in cells:
            entry = nodes.entry()
            entry += nodes.paragraph(text=text)
            row += entry
        return row


class CommandHelp(Directive):
    """The ``--help`` text of a console script, run at build time."""

    required_arguments = 1
    final_argument_whitespace = True

    def run(self):
        argv = self.arguments[0].split() + ['--help']
        try:
            result = subprocess.run(argv, capture_output=True, text=True,
                                    timeout=120)
        except OSError as exc:
            raise self.error('cannot run %s: %s' % (argv[0], exc))
        if result.returncode != 0:
            raise self.error('%s exited with %d: %s' % (
                ' '.join(argv), result.returncode, result.stderr[-500:]))
        return [nodes.literal_block(text=result.stdout)]


def setup(app):
    app.add_directive('api-routes', APIRoutes)
    app.add_directive('command-help', CommandHelp)
    return {'parallel_read_safe': True, 'version': '1.0'}
