"""The central service's config file, so every installer writes the same one.

``sections()`` turns what an installer knows (the WAN bus, the database,
Keystone, the API address) into ``{group: {option: value}}`` for
``desktop-central.conf``, which the API and the engine share.
``desktop-central-manage config generate`` prints it; the lab and the
devstack plugin both write their file through that command.
"""

# The oslo.config namespaces of central's options, as in
# etc/desktop-central/desktop-central-config-generator.conf.
NAMESPACES = ('central_cloud', 'oslo.log', 'oslo.messaging', 'oslo.policy',
              'oslo.middleware', 'keystonemiddleware.auth_token')
AUTH_GROUPS = ('keystone_authtoken',)

# Seconds a validated token stays in keystonemiddleware's cache, where a
# revoked token keeps working (its default is 300).
TOKEN_CACHE_TIME = 10


def keystone_authtoken(auth_url, username, password, project_name='service',
                       user_domain_name='Default',
                       project_domain_name='Default', region_name=None,
                       www_authenticate_uri=None):
    """The ``[keystone_authtoken]`` section for a password service user."""
    return {
        'auth_type': 'password',
        'auth_url': auth_url,
        'username': username,
        'password': password,
        'user_domain_name': user_domain_name,
        'project_name': project_name,
        'project_domain_name': project_domain_name,
        'region_name': region_name,
        'www_authenticate_uri': www_authenticate_uri or auth_url,
        'service_token_roles_required': True,
        'token_cache_time': TOKEN_CACHE_TIME,
    }


def sections(transport_url, database_connection, state_path=None,
             bind_host=None, bind_port=None, auth_strategy=None,
             keystone=None, report_interval=None, offline_after_missed=None):
    """``{group: {option: value}}`` of ``desktop-central.conf``.

    ``keystone`` is a ``keystone_authtoken()`` dict, or None for no
    ``[keystone_authtoken]`` (with ``auth_strategy = noauth``). Values left
    as None are not written, so the option's default applies.
    """
    return {
        'DEFAULT': {'transport_url': transport_url,
                    'state_path': state_path},
        'database': {'connection': database_connection},
        'api': {'bind_host': bind_host, 'bind_port': bind_port,
                'auth_strategy': auth_strategy},
        'keystone_authtoken': dict(keystone or {}),
        'monitoring': {'report_interval': report_interval,
                       'offline_after_missed': offline_after_missed},
    }
