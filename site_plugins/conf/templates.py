"""[templates]: how the agent builds, caches and pre-caches templates."""

from oslo_config import cfg

templates_group = cfg.OptGroup(
    'templates',
    title='Template builds',
    help="How the site builds a missing template (M11): the base image "
         "comes from central's Glance unless the site holds its checksum, "
         'bundle files come from central by sha256, a builder server runs '
         'the install commands and is snapshotted, and the template is '
         "pre-cached on the site's desktop hosts.")

templates_opts = [
    cfg.StrOpt('central_region',
               help="The region of central's Glance and REST API, reached "
                    "with the [site_cloud] credentials. Required to build "
                    'templates.'),
    cfg.StrOpt('image_copy',
               default='auto',
               choices=[('auto', "glance-download when the site's Glance "
                                 'offers it, else stream'),
                        ('glance-download', "the site's Glance imports "
                                            "the image from central's"),
                        ('stream', 'the agent copies the bytes')],
               help="How a base image comes from central's Glance."),
    cfg.StrOpt('builder',
               default='snapshot',
               help='The template builder, by its entry point name in the '
                    'desktop_federation.site.template_builders namespace.'),
    cfg.StrOpt('builder_flavor',
               help='The flavor (name or id) of builder servers. Default: '
                    "the smallest flavor that fits the base image's "
                    'minimum disk and memory.'),
    cfg.StrOpt('builder_network',
               help='The network (name or id) builder servers are attached '
                    'to, e.g. to reach a package mirror. Default: none.'),
    cfg.StrOpt('builder_done_state',
               default='SHUTOFF',
               choices=[('SHUTOFF', 'the install script powers the '
                                    'builder off when it is done'),
                        ('ACTIVE', 'the hypervisor has run the user data '
                                   'once the server is ACTIVE')],
               help='The builder state that means the install commands '
                    'have finished; the builder is snapshotted then.'),
    cfg.IntOpt('build_timeout',
               default=3600,
               min=1,
               help='Seconds one build step (base image copy, builder '
                    'run, snapshot) may take before the build fails.'),
    cfg.IntOpt('max_embedded_files_kb',
               default=32,
               min=0,
               max=40,
               help='Bundle files whose total size is at most this many '
                    'KiB travel inside the builder\'s user data; larger '
                    'sets are left to the install commands.'),
    cfg.StrOpt('desktop_aggregate',
               default='desktop-hosts',
               help='The host aggregate of the desktop hosts: templates '
                    'are pre-cached on it, and its metadata '
                    'desktop_cached_templates lists them.'),
    cfg.BoolOpt('create_aggregate',
                default=True,
                help='Create desktop_aggregate with every compute host '
                     'when it does not exist.'),
    cfg.StrOpt('file_cache_dir',
               help='Where verified bundle files are kept, by sha256. '
                    'Default: bundle-files/<site name> beside the outbox '
                    'file.'),
]


def register_opts(conf):
    conf.register_group(templates_group)
    conf.register_opts(templates_opts, group=templates_group)


def list_opts():
    return {templates_group: templates_opts}
