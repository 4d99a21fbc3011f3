"""The default policy rules: documented, consistent, and what they allow."""

from oslo_context import context
from oslo_policy import generator
from oslo_policy import opts as policy_opts
from oslo_policy import policy as oslo_policy
import pytest

from central_cloud.api import errors
from central_cloud.api import policy
from central_cloud.conf import CONF
from central_cloud import policies
from tests.unit.api import fixtures

PREFIX = policies.base.PREFIX
METHODS = {'GET', 'POST', 'PUT', 'PATCH', 'DELETE'}


@pytest.fixture
def enforcer():
    config = fixtures.Config().start()
    policy.reset()
    yield policy.init()
    policy.reset()
    config.stop()


def api_rules():
    return [r for r in policies.list_rules() if r.name.startswith(PREFIX)]


def test_names_are_unique():
    names = [rule.name for rule in policies.list_rules()]
    assert len(names) == len(set(names))


def test_every_api_rule_is_documented():
    rules = api_rules()
    assert len(rules) >= 30
    for rule in rules:
        assert isinstance(rule, oslo_policy.DocumentedRuleDefault), rule.name
        assert rule.description.strip(), rule.name
        assert rule.operations, rule.name
        for operation in rule.operations:
            assert operation['method'] in METHODS, rule.name
            assert operation['path'].startswith('/v1/'), rule.name
        assert rule.scope_types == ['project']


def test_base_rules_are_described():
    for rule in policies.base.list_rules():
        assert rule.description.strip(), rule.name


def test_sample_generator_formats_every_rule():
    """Each rule formats as oslopolicy-sample-generator writes it."""
    for rule in policies.list_rules():
        text = generator._format_rule_default_yaml(rule)
        assert '"%s": "%s"' % (rule.name, rule.check_str) in text
        comments = ' '.join(line.lstrip('#').strip()
                            for line in text.splitlines())
        assert ' '.join(rule.description.split()) in comments


def test_rules_reference_only_defined_rules(enforcer):
    enforcer.load_rules()
    assert enforcer.check_rules(raise_on_violation=True)


def ctx(roles, project='project-a'):
    return context.RequestContext(roles=roles, project_id=project,
                                  user_id='someone')


ADMIN = ctx(['admin', 'member', 'reader'], 'admin-project')
READER = ctx(['reader'], 'ops-project')
MEMBER = ctx(['member', 'reader'])
OTHER = ctx(['member', 'reader'], 'project-b')
NOBODY = ctx([])
OWN = {'project_id': 'project-a'}


@pytest.mark.parametrize('rule, target, allowed', [
    # Admin changes anything; readers read anything; members their own.
    ('site:create', None, {ADMIN}),
    ('site:get_all', None, {ADMIN, READER, MEMBER, OTHER}),
    ('site:maintenance', None, {ADMIN}),
    ('template:get', None, {ADMIN, READER, MEMBER, OTHER}),
    ('template:delete', None, {ADMIN}),
    ('bundle:get_all', None, {ADMIN, READER}),
    ('bundle:create', None, {ADMIN}),
    ('desktop:get', OWN, {ADMIN, READER, MEMBER}),
    ('desktop:stop', OWN, {ADMIN, MEMBER}),
    ('desktop:delete', OWN, {ADMIN, MEMBER}),
    ('desktop:get_all_projects', None, {ADMIN, READER}),
    ('command:get', OWN, {ADMIN, READER, MEMBER}),
    ('command:get', {'project_id': None}, {ADMIN, READER}),
    ('alarm:acknowledge', None, {ADMIN}),
    ('alarm:get_all', None, {ADMIN, READER}),
    ('notice:create', None, {ADMIN}),
    ('monitoring:get_all', None, {ADMIN, READER}),
])
def test_who_is_allowed(enforcer, rule, target, allowed):
    for who in (ADMIN, READER, MEMBER, OTHER, NOBODY):
        expected = who in allowed
        assert policy.check(who, rule, target) is expected, (
            rule, who.roles, who.project_id)


def test_a_missing_project_never_matches(enforcer):
    """A token without a project is no member of an ownerless target.

    oslo.policy compares strings, and "None" equals "None".
    """
    unscoped = ctx(['member', 'reader'], project=None)
    assert not policy.check(unscoped, 'desktop:get', {'project_id': None})
    assert not policy.check(unscoped, 'desktop:get_all')


def test_a_policy_file_overrides_the_defaults(tmp_path):
    """Operators may, say, open the monitoring page to members."""
    path = tmp_path / 'policy.yaml'
    path.write_text('"%smonitoring:get_all": "rule:any_member"\n' % PREFIX)
    config = fixtures.Config().start()
    try:
        policy_opts.set_defaults(CONF)
        config.config(policy_file=str(path), group='oslo_policy')
        policy.reset()
        assert policy.check(MEMBER, 'monitoring:get_all')
        assert not policy.check(MEMBER, 'monitoring:get')
    finally:
        policy.reset()
        config.stop()


def test_authorize_raises_forbidden(enforcer):
    with pytest.raises(errors.Forbidden, match='site:create'):
        policy.authorize(READER, 'site:create')


def test_get_enforcer_for_the_oslopolicy_tools():
    try:
        enforcer = policy.get_enforcer()
        assert PREFIX + 'desktop:create' in enforcer.registered_rules
    finally:
        policy.reset()
        CONF.clear()
