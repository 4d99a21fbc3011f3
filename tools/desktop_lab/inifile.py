"""Write oslo.config and uWSGI ini files from dicts."""

import os

from desktop_lab import layout as layout_mod


def write(path, sections):
    """sections: {section: {key: value}}; a list value repeats the key."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    lines = []
    for section, opts in sections.items():
        lines.append('[%s]' % section)
        for key, value in opts.items():
            values = value if isinstance(value, list) else [value]
            for v in values:
                if isinstance(v, bool):
                    v = 'true' if v else 'false'
                lines.append('%s = %s' % (key, v))
        lines.append('')
    with open(path, 'w') as f:
        f.write('\n'.join(lines))
    return path


def keystone_auth(lay, user, region):
    """A keystoneauth password section for a service user."""
    return {
        'auth_type': 'password',
        'auth_url': lay.keystone_url,
        'username': user,
        'password': layout_mod.PASSWORD,
        'user_domain_name': 'Default',
        'project_name': 'service',
        'project_domain_name': 'Default',
        'region_name': region,
    }


def authtoken(lay, user, region):
    section = keystone_auth(lay, user, region)
    section['www_authenticate_uri'] = lay.keystone_url
    section['service_token_roles_required'] = True
    return section
