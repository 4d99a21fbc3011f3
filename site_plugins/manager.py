"""What central's messages reach once the endpoint has validated them."""

from oslo_log import log as logging

LOG = logging.getLogger(__name__)


class SiteManager(object):
    """The site side of ``central_cloud.protocol.endpoints.SiteEndpoint``.

    ``execute`` hands a command to the runner (which dedupes by id and
    returns at once: a cast must not wait for Nova); ``push`` keeps
    business data; ``reject_command`` reports a command whose payload the
    endpoint refused as failed, with the reason.
    """

    def __init__(self, site, runner, records):
        self.site = site
        self.runner = runner
        self.records = records

    def execute(self, ctxt, command):
        if command['site'] != self.site:
            self.runner.reject(
                command['id'], command['action'],
                'Command %s is for site %s but reached site %s'
                % (command['id'], command['site'], self.site))
            return
        self.runner.submit(command)

    def push(self, ctxt, data):
        if self.records.keep_business_data(data):
            LOG.info('Kept %s %s version %d%s', data['kind'], data['id'],
                     data['version'],
                     ' (deleted)' if data.get('deleted') else '')
        else:
            LOG.info('Ignored %s %s version %d: a newer one is kept',
                     data['kind'], data['id'], data['version'])

    def reject_command(self, ctxt, command_id, reason):
        self.runner.reject(command_id, None, reason)
