"""Console scripts of the site agent (``desktop-site-agent``)."""

import warnings

# eventlet, which some libraries import without the agent using it, warns
# at import time; the agent runs on plain threads.
warnings.filterwarnings('ignore', message=r'\s*Eventlet is deprecated')
