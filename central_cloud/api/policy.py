"""The oslo.policy enforcer of the API.

Its defaults are ``central_cloud.policies``; a policy file named by
``[oslo_policy] policy_file`` overrides them.
"""

from oslo_policy import policy

from central_cloud.api import errors
import central_cloud.conf
from central_cloud import policies

CONF = central_cloud.conf.CONF

_ENFORCER = None


def init(conf=None):
    """The enforcer, created on first use."""
    global _ENFORCER
    if _ENFORCER is None:
        _ENFORCER = policy.Enforcer(conf or CONF)
        _ENFORCER.register_defaults(policies.list_rules())
    return _ENFORCER


def reset():
    """Forget the enforcer (tests, or after a config change)."""
    global _ENFORCER
    if _ENFORCER is not None:
        _ENFORCER.clear()
    _ENFORCER = None


def get_enforcer():
    """The enforcer for the oslopolicy-* tools (``oslo.policy.enforcer``)."""
    central_cloud.conf.parse_args([], prog='desktop-central-api')
    return init()


def check(ctx, name, target=None):
    """Whether rule ``name`` allows ``ctx`` on ``target``."""
    target = target if target is not None else {
        'project_id': ctx.project_id}
    # A missing value must not match a token without one ("None" equals
    # "None" in a check string), so unknown owners are left out.
    target = {key: value for key, value in target.items()
              if value is not None}
    try:
        return init().authorize(policies.base.PREFIX + name, target, ctx)
    except policy.InvalidScope:
        return False


def authorize(ctx, name, target=None):
    """Raise Forbidden (403) unless rule ``name`` allows ``ctx``."""
    if not check(ctx, name, target):
        raise errors.Forbidden('policy does not allow %s%s'
                               % (policies.base.PREFIX, name))
