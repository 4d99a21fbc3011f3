"""Build the WSGI application of desktop-central-api.

The pipeline, outside in: request id (``X-OpenStack-Request-Id`` on
every answer) -> fault wrapper (a JSON 500, never a traceback) -> size
limits of the query string and headers (414, 431) -> version
document at ``/`` and ``/v1`` (no auth) ->
authentication (``[api] auth_strategy``) -> request context -> router
(``/v1/...``).
"""

from oslo_middleware import request_id

from central_cloud.api import auth
from central_cloud.api.controllers import alarms
from central_cloud.api.controllers import bundles
from central_cloud.api.controllers import commands
from central_cloud.api.controllers import desktops
from central_cloud.api.controllers import documents
from central_cloud.api.controllers import fleet
from central_cloud.api.controllers import monitoring
from central_cloud.api.controllers import notices
from central_cloud.api.controllers import placement
from central_cloud.api.controllers import rollouts
from central_cloud.api.controllers import sites
from central_cloud.api.controllers import templates
from central_cloud.api import errors
from central_cloud.api import limits
from central_cloud.api import openapi
from central_cloud.api import router
from central_cloud.api import versions
import central_cloud.conf

CONF = central_cloud.conf.CONF


def build_router():
    """The v1 URL map."""
    r = router.Router()
    site = sites.SitesController()
    r.add('/v1/sites', GET=site.index, POST=site.create)
    r.add('/v1/sites/{site_name}', GET=site.show, PATCH=site.update,
          DELETE=site.delete)
    r.add('/v1/sites/{site_name}/action', POST=site.action)

    template = templates.TemplatesController()
    r.add('/v1/templates', GET=template.index, POST=template.create)
    r.add('/v1/templates/{type_name}', GET=template.show,
          PATCH=template.update, DELETE=template.delete)

    bundle = bundles.BundlesController()
    r.add('/v1/bundles', GET=bundle.index, POST=bundle.create)
    r.add('/v1/bundles/{bundle_id}', GET=bundle.show, DELETE=bundle.delete)
    r.add('/v1/bundles/{bundle_id}/files/{name}', GET=bundle.get_file,
          PUT=bundle.upload_file)
    r.add('/v1/blobs/{digest}', GET=bundles.BlobsController().show)

    rollout = rollouts.RolloutsController()
    r.add('/v1/rollouts', GET=rollout.index, POST=rollout.create)
    r.add('/v1/rollouts/{rollout_id}', GET=rollout.show)
    r.add('/v1/rollouts/{rollout_id}/abort', POST=rollout.abort)

    desktop = desktops.DesktopsController()
    r.add('/v1/desktops', GET=desktop.index, POST=desktop.create)
    r.add('/v1/desktops/{desktop_id}', GET=desktop.show,
          DELETE=desktop.delete)
    r.add('/v1/desktops/{desktop_id}/action', POST=desktop.action)

    command = commands.CommandsController()
    r.add('/v1/commands', GET=command.index)
    r.add('/v1/commands/{command_id}', GET=command.show)

    alarm = alarms.AlarmsController()
    r.add('/v1/alarms', GET=alarm.index)
    r.add('/v1/alarms/{alarm_id}', GET=alarm.show)
    r.add('/v1/alarms/{alarm_id}/acknowledge', POST=alarm.acknowledge)

    notice = notices.NoticesController()
    r.add('/v1/notices', GET=notice.index, POST=notice.create)
    r.add('/v1/notices/{notice_id}', GET=notice.show)

    monitor = monitoring.MonitoringController()
    r.add('/v1/monitoring', GET=monitor.index)
    r.add('/v1/monitoring/{site_name}', GET=monitor.show)

    r.add('/v1/fleet/summary', GET=fleet.FleetController().summary)

    r.add('/v1/placement/explain',
          GET=placement.PlacementController().explain)
    r.add(openapi.PATH, GET=documents.DocumentController(r).show)
    return r


def setup_app(conf=None):
    """The whole WSGI application, configured from ``conf``."""
    conf = conf or CONF
    app = auth.wrap(build_router(), conf)
    app = versions.VersionsApp(app)
    app = limits.LimitsMiddleware(app)
    app = errors.FaultWrapper(app)
    return request_id.RequestId(app)
