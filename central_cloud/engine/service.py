"""The engine service: RPC server, report writer and periodic jobs.

``EngineService(conf).start()`` joins the engine group, starts the
report writer, serves ``CentralEndpoint`` on topic ``desktop-central``
(server ``[engine] host``) and starts the periodic jobs; ``stop()``
undoes it in reverse, so in-flight calls finish and queued reports are
stored before the process ends.
"""

import os

from oslo_log import log as logging

from central_cloud.engine import auditor
from central_cloud.engine import dispatcher
from central_cloud.engine import ingest
from central_cloud.engine import manager
from central_cloud.engine import notices
from central_cloud.engine import partition
from central_cloud.engine import periodic
from central_cloud.engine import redrive
from central_cloud.engine import rollouts
from central_cloud.engine import shortage
from central_cloud.engine import signatures
from central_cloud.engine import site_templates
from central_cloud.placement import placer
from central_cloud.protocol import endpoints
from central_cloud.protocol import rpc
from central_cloud.protocol import site_api
from central_cloud.protocol import topics
from central_cloud.protocol import versions

LOG = logging.getLogger(__name__)

NOTICES_MARKER = os.path.join('engine', 'notices-pushed')


class EngineService(object):

    def __init__(self, conf, transport=None):
        self.conf = conf
        engine = conf.engine
        cap = conf.upgrade_levels.site
        if cap:
            versions.resolve(cap)  # a bad cap fails here, not at a cast
        self.transport = transport or rpc.get_rpc_transport(conf)
        self._own_transport = transport is None
        self.signatures = signatures.Signatures(conf)
        self.site_api = site_api.SiteAPI(
            self.transport, version_cap=cap,
            cast_retry=engine.site_cast_retry,
            signer=self.signatures.signer)
        self.partition = partition.Partition(
            conf.coordination.backend_url, partition.member_id(engine.host))
        self.auditor = auditor.Auditor(
            self.site_api, self.partition,
            conf.monitoring.report_interval,
            conf.monitoring.offline_after_missed)
        self.batcher = ingest.ReportBatcher(
            batch_size=engine.ingest_batch_size,
            window=engine.ingest_batch_window,
            history_size=conf.monitoring.report_history_size,
            on_stored=self.auditor.on_stored)
        self.manager = manager.EngineManager(
            self.batcher, deliver_timeout=engine.deliver_timeout)
        self.placer = placer.Placer(conf=conf)
        self.dispatcher = dispatcher.Dispatcher(
            self.site_api, self.partition, engine.dispatch_batch_size,
            placer=self.placer, workers=engine.dispatch_workers)
        self.shortage = shortage.ShortageWatch(self.placer.view,
                                               self.partition, conf)
        self.redriver = redrive.Redriver(
            self.site_api, self.partition, engine.redrive_after,
            engine.max_attempts, engine.dispatch_batch_size)
        self.notices = notices.NoticePusher(
            self.site_api, self.partition,
            notices.Marker(os.path.join(conf.state_path, NOTICES_MARKER)))
        self.rollouts = rollouts.RolloutDriver(self.partition)
        self.site_templates = site_templates.TemplateStatusSync(
            self.partition)
        self.jobs = [
            periodic.PeriodicJob('coordination', self.partition.tick,
                                 conf.coordination.heartbeat_interval,
                                 conf.coordination.heartbeat_interval),
            periodic.PeriodicJob('dispatcher', self.dispatcher.run_once,
                                 engine.dispatch_interval),
            periodic.PeriodicJob('redrive', self.redriver.run_once,
                                 engine.redrive_interval,
                                 engine.redrive_interval),
            periodic.PeriodicJob('auditor', self.auditor.run_once,
                                 engine.audit_interval,
                                 engine.audit_interval),
            periodic.PeriodicJob('notices', self.notices.run_once,
                                 engine.notice_push_interval),
            # Rollouts start their next sites at the dispatcher's pace.
            periodic.PeriodicJob('rollouts', self.rollouts.run_once,
                                 engine.dispatch_interval),
            # The templates sites report, at the auditor's pace.
            periodic.PeriodicJob('site-templates',
                                 self.site_templates.run_once,
                                 engine.audit_interval),
        ]
        self.jobs.append(periodic.PeriodicJob(
            'shortage', self.shortage.run_once,
            conf.placement.shortage_check_interval,
            conf.placement.shortage_check_interval))
        self.rpc_server = rpc.get_rpc_server(
            self.transport, topics.CENTRAL_TOPIC,
            [endpoints.CentralEndpoint(
                self.manager, verifier=self.signatures.verifier,
                on_rejected=self.signatures.on_rejected)],
            server=engine.host)

    def start(self):
        self.partition.start()
        self.batcher.start()
        self.rpc_server.start()
        for job in self.jobs:
            job.start()
        LOG.info('Engine %s serving topic %s (RPC API %s, sites capped at '
                 '%s)', self.conf.engine.host, topics.CENTRAL_TOPIC,
                 versions.CURRENT, self.conf.upgrade_levels.site or 'none')

    def stop(self):
        LOG.info('Engine %s stopping', self.conf.engine.host)
        for job in self.jobs:
            job.stop()
        # No new messages; the calls in flight finish (they may wait for
        # the report writer, which still runs).
        self.rpc_server.stop()
        self.rpc_server.wait()
        self.batcher.stop()
        for job in self.jobs:
            job.join(30)
        self.dispatcher.stop()
        self.partition.stop()
        if self._own_transport:
            self.transport.cleanup()
        LOG.info('Engine %s stopped', self.conf.engine.host)
