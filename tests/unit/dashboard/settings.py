"""Django settings of the dashboard's unit tests (manila-ui's pattern).

Horizon's own test settings, with the desktop-federation panels enabled
from their enabled files.
"""

from openstack_dashboard.test.settings import *  # noqa: F401,F403,H303

from central_cloud.dashboard import plugin

# Horizon's test settings define both.
plugin.enable(HORIZON_CONFIG, INSTALLED_APPS)  # noqa: F405

# The other unit tests share this process: leave logging as they set it.
LOGGING_CONFIG = None
