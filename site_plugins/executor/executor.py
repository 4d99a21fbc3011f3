"""Run one command and say how it ended."""

from oslo_log import log as logging

from central_cloud.protocol import fields
from site_plugins.backends import base
from site_plugins.executor import configure
from site_plugins.executor import create
from site_plugins.executor import results
from site_plugins.executor import server_actions

LOG = logging.getLogger(__name__)


class Executor(object):
    """Dispatches a validated command to its action.

    ``on_configure(applied)`` is told what a configure command changed,
    so it can be kept across restarts. ``stopping`` (an Event) ends the
    waits when the agent stops. ``templates`` (the template manager)
    runs ``build_template`` and builds a template a create lacks.
    """

    def __init__(self, backend, conf, site, on_configure=None,
                 stopping=None, templates=None):
        self.conf = conf
        self.site = site
        self.templates = templates
        self._create = create.Create(backend, conf, site, stopping,
                                     templates)
        self._server_action = server_actions.ServerAction(backend, conf,
                                                          site, stopping)
        self._on_configure = on_configure or (lambda applied: None)

    def run(self, command):
        """``(state, result)``: ``succeeded`` or ``failed``.

        Raises ``Interrupted`` when the agent stops, nothing for what the
        cloud or the command got wrong.
        """
        action = command['action']
        try:
            if action == 'create':
                result = self._create(command)
            elif action == 'configure':
                result = self._configure(command)
            elif action == fields.BUILD_TEMPLATE:
                result = self._build_template(command)
            else:
                result = self._server_action(command)
        except results.CommandFailed as exc:
            LOG.warning('Command %s (%s) failed: %s', command['id'], action,
                        exc)
            return results.FAILED, results.from_failure(exc)
        except base.CloudError as exc:
            LOG.warning('Command %s (%s) failed: %s', command['id'], action,
                        exc)
            return results.FAILED, results.failed(
                'The site cloud failed: %s' % exc, exc.fault)
        LOG.info('Command %s (%s) succeeded: %s', command['id'], action,
                 result['message'])
        return results.SUCCEEDED, result

    def _build_template(self, command):
        if self.templates is None:
            raise results.CommandFailed('Site %s has no template manager'
                                        % self.site)
        return self.templates.build_command(command)

    def _configure(self, command):
        applied = configure.apply(self.conf, command['params']['options'])
        self._on_configure(applied)
        return results.succeeded('Set %s' % ', '.join(
            '%s=%s' % item for item in sorted(applied.items())))
