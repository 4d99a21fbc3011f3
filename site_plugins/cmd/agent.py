"""desktop-site-agent: the agent of one site region.

::

    desktop-site-agent [--config-file FILE] [--debug]

Exit codes: 0 after a clean stop (SIGTERM or SIGINT), 2 for a wrong
configuration, 1 when the site cannot be served (its cloud or its outbox
is unusable). Either error is one line on stderr, never a traceback.
"""

import signal
import sys

from oslo_config import cfg
from oslo_log import log as logging

from site_plugins import conf as site_conf
from site_plugins import service

CONF = site_conf.CONF
LOG = logging.getLogger(__name__)

EXIT_OK, EXIT_FAILED, EXIT_BAD_CONFIG = 0, 1, 2


def _fail(code, message):
    sys.stderr.write('%s: error: %s\n' % (site_conf.PROG,
                                          ' '.join(str(message).split())))
    return code


def _describe(exc):
    text = str(exc).strip()
    return text or type(exc).__name__


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    try:
        site_conf.parse_args(argv)
        logging.setup(CONF, site_conf.PROG)
        site_conf.check(CONF)
    except (cfg.Error, ValueError, site_conf.ConfigError) as exc:
        return _fail(EXIT_BAD_CONFIG, _describe(exc))
    agent = service.SiteAgent(CONF)
    try:
        agent.prepare()
    except (cfg.Error, ValueError) as exc:
        return _fail(EXIT_BAD_CONFIG, _describe(exc))
    except Exception as exc:
        LOG.debug('The site agent cannot start', exc_info=True)
        return _fail(EXIT_FAILED, _describe(exc))

    def _stop(signum, frame):
        LOG.info('Signal %d received', signum)
        agent.stopping.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    agent.start()
    agent.wait()
    agent.stop()
    if agent.failure:
        return _fail(EXIT_FAILED, agent.failure)
    return EXIT_OK


if __name__ == '__main__':
    sys.exit(main())
