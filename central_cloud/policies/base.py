"""The role rules that the resource rules build on.

* ``admin``: the Keystone role admin; may read and change anything.
* ``global_reader``: may read anything, in every project. Keystone's
  default implied roles (admin implies member, member implies reader)
  give every member the reader role too, so a global reader is a token
  with the reader role and without the member role: for example a
  monitoring account given only ``reader``.
* ``project_member``: the member role on the project that owns the
  target (a desktop); members see and act on their own desktops only.
"""

from oslo_policy import policy

PREFIX = 'desktop-federation:'

ADMIN = 'rule:admin'
GLOBAL_READER = 'rule:global_reader'
PROJECT_MEMBER = 'rule:project_member'
ANY_MEMBER = 'rule:any_member'

ADMIN_OR_READER = 'rule:admin_or_reader'
ADMIN_OR_OWNER = 'rule:admin_or_owner'
ANY_READER = 'rule:admin_or_reader_or_owner'
ADMIN_READER_OR_MEMBER = 'rule:admin_or_reader_or_member'

# Every rule is evaluated against project-scoped tokens.
SCOPE_TYPES = ['project']

rules = [
    policy.RuleDefault(
        'admin', 'role:admin',
        description='An administrator: may read and change anything.'),
    policy.RuleDefault(
        'global_reader', 'role:reader and not role:member',
        description='A reader of everything, in every project: a token '
                    'with the reader role but not the member role (every '
                    'member also holds reader through the implied roles).'),
    policy.RuleDefault(
        'project_member', 'role:member and project_id:%(project_id)s',
        description='A member of the project that owns the target.'),
    policy.RuleDefault(
        'any_member', 'role:member',
        description='A member of any project.'),
    policy.RuleDefault(
        'admin_or_reader', 'rule:admin or rule:global_reader',
        description='An administrator or a global reader.'),
    policy.RuleDefault(
        'admin_or_owner', 'rule:admin or rule:project_member',
        description='An administrator, or a member of the project that '
                    'owns the target.'),
    policy.RuleDefault(
        'admin_or_reader_or_owner',
        'rule:admin or rule:global_reader or rule:project_member',
        description='Anyone who may read the target: an administrator, a '
                    'global reader, or a member of its project.'),
    policy.RuleDefault(
        'admin_or_reader_or_member',
        'rule:admin or rule:global_reader or rule:any_member',
        description='An administrator, a global reader or a member of any '
                    'project.'),
]


def rule(resource, action, check_str, description, operations):
    """A documented rule named ``desktop-federation:<resource>:<action>``.

    ``operations`` is a list of (method, path) pairs.
    """
    return policy.DocumentedRuleDefault(
        name='%s%s:%s' % (PREFIX, resource, action),
        check_str=check_str,
        description=description,
        operations=[{'method': method, 'path': path}
                    for method, path in operations],
        scope_types=SCOPE_TYPES)


def list_rules():
    return rules
