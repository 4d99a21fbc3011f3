"""Default policy rules of the REST API (oslo.policy).

``base`` holds the role rules that every resource rule builds on; each
other module holds the rules of one resource, named
``desktop-federation:<resource>:<action>``. ``list_rules()`` gathers them
for the enforcer and for ``oslopolicy-sample-generator --namespace
desktop-federation``.
"""

import itertools

from central_cloud.policies import alarms
from central_cloud.policies import base
from central_cloud.policies import bundles
from central_cloud.policies import commands
from central_cloud.policies import desktops
from central_cloud.policies import fleet
from central_cloud.policies import monitoring
from central_cloud.policies import notices
from central_cloud.policies import openapi
from central_cloud.policies import placement
from central_cloud.policies import rollouts
from central_cloud.policies import sites
from central_cloud.policies import templates

_MODULES = (base, sites, templates, bundles, desktops, commands, alarms,
            notices, monitoring, rollouts, placement, openapi, fleet)


def list_rules():
    return list(itertools.chain.from_iterable(
        module.list_rules() for module in _MODULES))
