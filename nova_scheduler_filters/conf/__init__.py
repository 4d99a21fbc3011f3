"""Options of the scheduler plugins, registered on nova's configuration.

The plugins run inside nova-scheduler, so their ``[desktop_scheduler]``
options live in nova.conf: importing this package registers them on
``nova.conf.CONF``, the configuration nova-scheduler parses.
``opts.list_opts()`` feeds oslo-config-generator.
"""

import nova.conf

from nova_scheduler_filters.conf import desktop_scheduler

CONF = nova.conf.CONF

desktop_scheduler.register_opts(CONF)
