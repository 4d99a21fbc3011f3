"""Rules of /v1/placement: the placer's dry run."""

from central_cloud.policies import base

rules = [
    base.rule('placement', 'explain', base.ADMIN_READER_OR_MEMBER,
              'Explain where the placer would put new desktops of a home '
              'site, template and flavor, and why: the candidate sites in '
              'order with their distance, free capacity and the reason '
              'each was kept or rejected. A dry run: nothing is claimed.',
              [('GET', '/v1/placement/explain')]),
]


def list_rules():
    return rules
