"""Monitors: what goes into the site's monitoring report (M12).

Each monitor (``base.Monitor``) is loaded by name from the
``desktop_federation.site.monitors`` stevedore namespace (``[monitor]
monitors``) and returns report sections plus the alarm conditions it
sees. ``hosts`` reads host states from Nova and capacity from Placement
(``usage`` holds the arithmetic); ``templates`` lists the templates in
Glance; ``flavors`` lists Nova's flavors and their sizes;
``report.Reporter`` merges them into one numbered report.
"""

from site_plugins import plugins

NAMESPACE = 'desktop_federation.site.monitors'

# In-tree monitors, used when the package metadata lacks the entry point.
BUILTIN = {'hosts': 'site_plugins.monitors.hosts:HostsMonitor',
           'templates': 'site_plugins.monitors.templates:TemplatesMonitor',
           'flavors': 'site_plugins.monitors.flavors:FlavorsMonitor'}


def load(names, backend, conf, site):
    """The monitors ``names``, in that order."""
    return [plugins.load(NAMESPACE, name, BUILTIN, backend, conf, site)
            for name in names]
