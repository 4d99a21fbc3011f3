"""configure: change the agent's own settings from central.

Only options marked ``mutable`` may change; central names them as
``group.option`` (``monitor.report_interval``), or just ``option`` when
the name is unique among them. What was set is kept in the outbox
database and set again when the agent starts.
"""

from site_plugins.conf import opts as conf_opts
from site_plugins.executor import results


def mutable_options():
    """``{'group.option': (group, opt)}`` for every mutable option."""
    found = {}
    for group, options in conf_opts.list_opts():
        group_name = getattr(group, 'name', group)
        for opt in options:
            if opt.mutable:
                found['%s.%s' % (group_name, opt.dest)] = (group_name, opt)
    return found


def resolve(name):
    options = mutable_options()
    if name in options:
        return options[name]
    short = [key for key in options if key.split('.', 1)[1] == name]
    if len(short) == 1:
        return options[short[0]]
    raise results.CommandFailed(
        'Option %r cannot be changed at this site (it can change: %s)'
        % (name, ', '.join(sorted(options))))


def apply(conf, options):
    """Set ``options`` as overrides; returns ``{'group.option': value}``.

    Every option is checked before any is set: a bad one fails the whole
    command and changes nothing. ``None`` goes back to the config file.
    """
    planned = []
    for name, value in sorted(options.items()):
        group, opt = resolve(name)
        try:
            parsed = None if value is None else opt.type(value)
        except (TypeError, ValueError) as exc:
            raise results.CommandFailed('Option %s.%s: %s'
                                        % (group, opt.dest, exc)) from None
        planned.append((group, opt.dest, parsed))
    for group, opt, value in planned:
        if value is None:
            conf.clear_override(opt, group=group)
        else:
            conf.set_override(opt, value, group=group)
    return {'%s.%s' % (group, opt): value for group, opt, value in planned}
