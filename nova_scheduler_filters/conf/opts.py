"""List the scheduler plugins' options for oslo-config-generator.

Registered under the ``oslo.config.opts`` entry point; the generator calls
``list_opts()`` and gets ``(group, [options])`` pairs.
"""

from nova_scheduler_filters.conf import desktop_scheduler


def list_opts():
    return sorted(desktop_scheduler.list_opts().items(),
                  key=lambda item: item[0].name)
