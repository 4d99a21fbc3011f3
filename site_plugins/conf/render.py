"""Write a site agent config file, so every installer writes the same one.

``sections()`` turns what an installer knows (the site, its cloud, the WAN
bus, the outbox) into ``{group: {option: value}}``; ``render()`` makes the
text. ``desktop-site-config agent`` prints it, and the lab and the devstack
plugin both write the agent's file through that command.
"""

from central_cloud.cmd import configfile

# The oslo.config namespaces of the agent's options.
NAMESPACES = ('desktop_site_agent', 'oslo.log', 'oslo.messaging')


def sections(site, region, cloud, transport_url, outbox_path,
             clouds_file=None, report_interval=None, desktop_network=None,
             upgrade_level=None, debug=False, log_file=None,
             central_region=None):
    """``{group: {option: value}}``; None values are not written.

    ``central_region`` is the region of central's Glance and API, where
    the agent fetches what it needs to build templates.
    """
    return {
        'DEFAULT': {'debug': debug or None, 'log_file': log_file},
        'site': {'name': site, 'region': region},
        'site_cloud': {'cloud': cloud, 'clouds_file': clouds_file},
        'central': {'transport_url': transport_url,
                    'upgrade_level': upgrade_level},
        'executor': {'desktop_network': desktop_network},
        'monitor': {'report_interval': report_interval},
        'outbox': {'path': outbox_path},
        'templates': {'central_region': central_region},
    }


def render(site, region, cloud, transport_url, outbox_path,
           clouds_file=None, report_interval=None, desktop_network=None,
           upgrade_level=None, debug=False, log_file=None, extra=None):
    """The text of a ``desktop-site-agent.conf``.

    ``extra`` adds or overrides options: ``{group: {option: value}}``, e.g.
    ``{'oslo_messaging_rabbit': {'rabbit_interval_max': 5}}``. Options
    left as ``None`` are not written, so their defaults apply.
    """
    result = sections(site, region, cloud, transport_url, outbox_path,
                      clouds_file=clouds_file,
                      report_interval=report_interval,
                      desktop_network=desktop_network,
                      upgrade_level=upgrade_level, debug=debug,
                      log_file=log_file)
    for group, options in (extra or {}).items():
        result.setdefault(group, {}).update(options)
    return configfile.ini_text(result)
