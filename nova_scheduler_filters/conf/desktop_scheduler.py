"""[desktop_scheduler]: the reserve of lenders and the template weight."""

from oslo_config import cfg

desktop_scheduler_group = cfg.OptGroup(
    'desktop_scheduler',
    title='Desktop scheduler plugin options',
    help='Options of DesktopReserveFilter and DesktopTemplateWeigher, the '
         'desktop-federation plugins loaded by nova-scheduler.')

desktop_scheduler_opts = [
    cfg.FloatOpt('reserve_ratio',
                 default=0.0,
                 min=0.0,
                 max=1.0,
                 help='Share of each host\'s capacity (VCPU, RAM and disk, '
                      'with the allocation ratios applied) that a borrowed '
                      'desktop, one booted with the scheduler hint '
                      '``desktop_origin_site``, must leave free. '
                      'DesktopReserveFilter refuses a host where such a '
                      'desktop would eat into this reserve. The host '
                      'aggregate metadata key ``desktop_reserve_ratio`` '
                      'overrides it; with several aggregates the largest '
                      'value wins. 0, the default, lets borrowed desktops '
                      'use the whole host, like a site\'s default reserve '
                      'ratio at central; 1 keeps them off it. Keep it equal '
                      'to the site\'s reserve ratio at central, so that the '
                      'placer and this filter agree.'),
    cfg.FloatOpt('template_weight_multiplier',
                 default=1.0,
                 help='Multiplier of DesktopTemplateWeigher. A host in an '
                      'aggregate whose ``desktop_cached_templates`` metadata '
                      'lists the requested template type (scheduler hint '
                      '``desktop_template_type``) weighs 1.0 times this, '
                      'any other host 0. Raise it to make the pre-cached '
                      'template count more than the spread of free RAM, '
                      'CPU and disk; a negative value avoids such hosts. '
                      'The host aggregate metadata key '
                      '``desktop_template_weight_multiplier`` overrides it.'),
]


def register_opts(conf):
    conf.register_group(desktop_scheduler_group)
    conf.register_opts(desktop_scheduler_opts, group=desktop_scheduler_group)


def list_opts():
    return {desktop_scheduler_group: desktop_scheduler_opts}
