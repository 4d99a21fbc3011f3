"""clouds.yaml and openrc for the lab's users."""

import json

from desktop_lab import layout as layout_mod

# cloud name -> (user, project)
CLOUDS = {
    'desktop-lab': ('admin', 'admin'),
    'desktop-lab-demo': ('demo', 'demo'),
    'desktop-lab-reader': ('reader', 'demo'),
}


def auth(lay, user, project):
    return {'auth_url': lay.keystone_url, 'username': user,
            'password': layout_mod.PASSWORD, 'project_name': project,
            'user_domain_name': 'Default', 'project_domain_name': 'Default'}


def admin_auth(lay):
    return auth(lay, 'admin', 'admin')


def clouds_yaml(lay):
    """clouds.yaml text (JSON is valid YAML, and needs no PyYAML here)."""
    clouds = {}
    for name, (user, project) in CLOUDS.items():
        clouds[name] = {
            'auth': auth(lay, user, project),
            'region_name': lay.regions[0]['name'],
            'identity_api_version': 3,
            'interface': 'public',
            'regions': [r['name'] for r in lay.regions],
        }
    return json.dumps({'clouds': clouds}, indent=2) + '\n'


def openrc(lay, region, cloud='desktop-lab'):
    user, project = CLOUDS[cloud]
    lines = ['export OS_AUTH_URL=%s' % lay.keystone_url,
             'export OS_IDENTITY_API_VERSION=3',
             'export OS_USERNAME=%s' % user,
             'export OS_PASSWORD=%s' % layout_mod.PASSWORD,
             'export OS_PROJECT_NAME=%s' % project,
             'export OS_USER_DOMAIN_NAME=Default',
             'export OS_PROJECT_DOMAIN_NAME=Default',
             'export OS_REGION_NAME=%s' % region]
    return '\n'.join(lines) + '\n'
