"""Write a site agent config file, so every installer writes the same one."""

import io


def _value(value):
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, (list, tuple)):
        return ','.join(str(v) for v in value)
    return str(value)


def render(site, region, cloud, transport_url, outbox_path,
           clouds_file=None, report_interval=None, desktop_network=None,
           upgrade_level=None, debug=False, log_file=None, extra=None):
    """The text of a ``desktop-site-agent.conf``.

    ``extra`` adds or overrides options: ``{group: {option: value}}``, e.g.
    ``{'oslo_messaging_rabbit': {'rabbit_interval_max': 5}}``. Options
    left as ``None`` are not written, so their defaults apply.
    """
    sections = {
        'DEFAULT': {'debug': debug or None, 'log_file': log_file},
        'site': {'name': site, 'region': region},
        'site_cloud': {'cloud': cloud, 'clouds_file': clouds_file},
        'central': {'transport_url': transport_url,
                    'upgrade_level': upgrade_level},
        'executor': {'desktop_network': desktop_network},
        'monitor': {'report_interval': report_interval},
        'outbox': {'path': outbox_path},
    }
    for group, options in (extra or {}).items():
        sections.setdefault(group, {}).update(options)
    out = io.StringIO()
    for group, options in sections.items():
        options = {k: v for k, v in options.items() if v is not None}
        if not options:
            continue
        out.write('[%s]\n' % group)
        for name, value in options.items():
            text = _value(value)
            if '\n' in text:
                raise ValueError('[%s] %s: a value cannot span lines'
                                 % (group, name))
            out.write('%s = %s\n' % (name, text))
        out.write('\n')
    return out.getvalue()
