"""A client of central's REST API v1 on a keystoneauth session.

It knows nothing of OpenStackClient: give it a keystoneauth ``Session``
(with the region and interface to find the ``desktop-federation``
endpoint in the catalog, or the endpoint itself) or a ready
``keystoneauth1.adapter.Adapter``. Every method returns the API's JSON
(dicts and lists) and raises ``exceptions.APIError`` on an error answer;
a failed connection raises keystoneauth's own error.

Lists follow the API's ``next`` links: ``limit=None`` reads every page,
``limit=N`` stops after N items.

Bundle files travel as raw bytes: ``upload_bundle_file`` sends them with
their sha256 (central refuses bytes that do not match) and
``download_bundle_file`` writes them to a stream, checking the sha256
central states.
"""

import hashlib
import re
from urllib import parse

from keystoneauth1 import adapter as ks_adapter

from central_cloud.osc import exceptions

SERVICE_TYPE = 'desktop-federation'
API_VERSION = '1'
PREFIX = '/v1'
REQUEST_ID = 'X-OpenStack-Request-Id'
SHA_HEADER = 'X-Content-SHA256'
CHUNK_SIZE = 1024 * 1024

_UUID = re.compile('[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-'
                   '[0-9a-fA-F]{4}-[0-9a-fA-F]{12}')
_INTEGER = re.compile('[0-9]{1,10}')


def looks_like_uuid(value):
    return bool(_UUID.fullmatch(value or ''))


def _segment(value):
    """One URL path segment: nothing in it can become a separator."""
    return parse.quote(str(value), safe='')


def _query(filters):
    """Query parameters: None left out, booleans as true/false."""
    params = {}
    for key, value in filters.items():
        if value is None or value == []:
            continue
        if isinstance(value, bool):
            value = 'true' if value else 'false'
        params[key] = value
    return params


def sha256_of(stream, chunk_size=CHUNK_SIZE):
    """``(sha256 hex digest, size)`` of what a binary stream holds."""
    digest, size = hashlib.sha256(), 0
    for chunk in iter(lambda: stream.read(chunk_size), b''):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def _next_params(body):
    """The query of the page after this one, or None on the last page."""
    for link in body.get('links') or []:
        if link.get('rel') == 'next' and link.get('href'):
            return parse.parse_qs(parse.urlsplit(link['href']).query)
    return None


class Client(object):
    """central's REST API v1."""

    def __init__(self, session, endpoint=None, region_name=None,
                 interface='public', **adapter_kwargs):
        if isinstance(session, ks_adapter.Adapter):
            self.api = session
        else:
            self.api = ks_adapter.Adapter(
                session=session, service_type=SERVICE_TYPE,
                interface=interface, region_name=region_name,
                endpoint_override=endpoint, **adapter_kwargs)

    # -- HTTP --------------------------------------------------------------

    def _request(self, method, path, **kwargs):
        url = PREFIX + path
        resp = self.api.request(url, method, raise_exc=False, **kwargs)
        if resp.status_code >= 400:
            raise exceptions.from_response(resp, method=method, url=url)
        return resp

    def _get(self, path, **params):
        return self._request('GET', path, params=_query(params)).json()

    def _post(self, path, body):
        resp = self._request('POST', path, json=body)
        return resp.json() if resp.content else None

    def _delete(self, path):
        """``(status, body)``: 204 has no body, 202 has one."""
        resp = self._request('DELETE', path)
        return resp.status_code, (resp.json() if resp.content else None)

    def _list(self, path, key, limit=None, marker=None, **filters):
        params = _query(filters)
        if marker is not None:
            params['marker'] = marker
        items = []
        while True:
            if limit is not None:
                params['limit'] = limit - len(items)
            body = self._request('GET', path, params=params).json()
            items.extend(body.get(key) or [])
            if limit is not None and len(items) >= limit:
                return items[:limit]
            params = _next_params(body)
            if not params:
                return items

    # -- sites -------------------------------------------------------------

    def list_sites(self, limit=None, marker=None, **filters):
        """Sites, by group, region, availability, management_state.

        ``shared_pool`` (a boolean) filters too.
        """
        return self._list('/sites', 'sites', limit, marker, **filters)

    def get_site(self, name):
        return self._get('/sites/%s' % _segment(name))['site']

    def create_site(self, name, region, latitude, longitude, **settings):
        """Settings: group, reserve_ratio, shared_pool."""
        body = dict(_query(settings), name=name, region=region,
                    latitude=latitude, longitude=longitude)
        return self._post('/sites', body)['site']

    def update_site(self, name, **changes):
        """Change a site's settings; ``group=None`` clears its group.

        Changes: region, latitude, longitude, group, reserve_ratio,
        shared_pool.
        """
        return self._request('PATCH', '/sites/%s' % _segment(name),
                             json=changes).json()['site']

    def delete_site(self, name):
        self._delete('/sites/%s' % _segment(name))

    def site_action(self, name, action):
        """``manage``, ``unmanage`` or ``maintenance``; the site after."""
        return self._post('/sites/%s/action' % _segment(name),
                          {action: None})['site']

    # -- templates ---------------------------------------------------------

    def list_templates(self, limit=None, marker=None, **filters):
        """Filters: os."""
        return self._list('/templates', 'templates', limit, marker,
                          **filters)

    def get_template(self, type_name):
        return self._get('/templates/%s' % _segment(type_name))['template']

    def create_template(self, type_name, **fields):
        """Create a template type record.

        Fields: os, base_image_id, base_image_checksum, bundles (a list
        of ``{"name", "version"}``).
        """
        body = dict(_query(fields), type_name=type_name)
        return self._post('/templates', body)['template']

    def delete_template(self, type_name):
        self._delete('/templates/%s' % _segment(type_name))

    # -- bundles -----------------------------------------------------------

    def list_bundles(self, limit=None, marker=None, **filters):
        """Filters: name, version, template_type."""
        return self._list('/bundles', 'bundles', limit, marker, **filters)

    def get_bundle(self, bundle_id):
        return self._get('/bundles/%s' % _segment(bundle_id))['bundle']

    def find_bundle(self, name_or_id, version=None):
        """A bundle by id, or by name (and version when several share it)."""
        if version is None and _INTEGER.fullmatch(str(name_or_id)):
            try:
                return self.get_bundle(name_or_id)
            except exceptions.NotFound:
                pass
        found = self.list_bundles(name=name_or_id, version=version)
        kind = 'bundle' if version is None else 'bundle of version %s' % (
            version)
        return self._one(kind, name_or_id, found, 'id')

    def create_bundle(self, name, version, template_type, **fields):
        """Create a bundle record.

        Fields: files (``{"name", "sha256", "size"}`` each),
        install_commands, targets (``{"sites": [], "groups": []}``).
        """
        body = dict(_query(fields), name=name, version=version,
                    template_type=template_type)
        return self._post('/bundles', body)['bundle']

    def delete_bundle(self, bundle_id):
        self._delete('/bundles/%s' % _segment(bundle_id))

    def upload_bundle_file(self, bundle_id, name, data, sha256=None):
        """Store a file's bytes at central: the API's file entry.

        ``data``: bytes, or a binary file open for reading (streamed).
        ``sha256``: the bytes' digest, which central checks before it
        keeps them (a file the bundle declares is checked against the
        declared digest too). A name the bundle does not declare yet is
        added to it.
        """
        headers = {'Content-Type': 'application/octet-stream'}
        if sha256 is not None:
            headers[SHA_HEADER] = sha256
        resp = self._request(
            'PUT', '/bundles/%s/files/%s' % (_segment(bundle_id),
                                             _segment(name)),
            data=data, headers=headers)
        return resp.json()['file']

    def download_bundle_file(self, bundle_id, name, out,
                             chunk_size=CHUNK_SIZE):
        """Write a bundle file's bytes to ``out``: ``(sha256, size)``.

        Raises ``exceptions.DigestMismatch`` when the bytes do not have
        the sha256 central states for them (``out`` then holds them all
        the same: the caller discards them).
        """
        resp = self._request(
            'GET', '/bundles/%s/files/%s' % (_segment(bundle_id),
                                             _segment(name)),
            stream=True)
        digest, size = hashlib.sha256(), 0
        try:
            for chunk in resp.iter_content(chunk_size):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
        finally:
            resp.close()
        stated = (resp.headers.get(SHA_HEADER) or '').strip().lower()
        if stated and stated != digest.hexdigest():
            raise exceptions.DigestMismatch(name, stated, digest.hexdigest())
        return digest.hexdigest(), size

    # -- rollouts ----------------------------------------------------------

    def list_rollouts(self, limit=None, marker=None, **filters):
        """Filters: state, template_type."""
        return self._list('/rollouts', 'rollouts', limit, marker, **filters)

    def get_rollout(self, rollout_id):
        """A rollout with its per-site steps."""
        return self._get('/rollouts/%s' % _segment(rollout_id))['rollout']

    def create_rollout(self, template_type=None, bundle_id=None,
                       sites=None, groups=None, mode=None,
                       max_parallel_sites=None, stop_on_failure=None):
        """Push a template type, or a bundle, to sites: the new rollout.

        Give ``template_type`` or ``bundle_id``. Neither ``sites`` nor
        ``groups`` means every site (for a bundle, its own targets).
        """
        body = _query({'template_type': template_type,
                       'bundle_id': bundle_id, 'sites': sites,
                       'groups': groups, 'mode': mode,
                       'max_parallel_sites': max_parallel_sites})
        if stop_on_failure is not None:
            body['stop_on_failure'] = bool(stop_on_failure)
        return self._post('/rollouts', body)['rollout']

    def abort_rollout(self, rollout_id):
        """Start no more sites; steps already running still finish."""
        return self._post('/rollouts/%s/abort' % _segment(rollout_id),
                          None)['rollout']

    # -- desktops ----------------------------------------------------------

    def list_desktops(self, limit=None, marker=None, **filters):
        """Filters: site, state, template_type, owner, project."""
        return self._list('/desktops', 'desktops', limit, marker, **filters)

    def get_desktop(self, desktop_id):
        return self._get('/desktops/%s' % _segment(desktop_id))['desktop']

    def find_desktop(self, name_or_id):
        """A desktop by id, or by its name among those the caller sees."""
        if looks_like_uuid(name_or_id):
            try:
                return self.get_desktop(name_or_id)
            except exceptions.NotFound:
                pass
        found = [d for d in self.list_desktops()
                 if d.get('name') == name_or_id]
        return self._one('desktop', name_or_id, found, 'id')

    def create_desktops(self, home_site, template_type, flavor, name,
                        count=None, scope=None, owner=None):
        """Queue ``count`` desktops; each comes with its ``command_id``."""
        body = _query({'home_site': home_site,
                       'template_type': template_type, 'flavor': flavor,
                       'name': name, 'count': count, 'scope': scope,
                       'owner': owner})
        return self._post('/desktops', body)['desktops']

    def desktop_action(self, desktop_id, action):
        """``stop``, ``start``, ``suspend`` or ``resume``: the command."""
        return self._post('/desktops/%s/action' % _segment(desktop_id),
                          {action: None})['command']

    def delete_desktop(self, desktop_id):
        """Delete a desktop: ``(desktop, command)``.

        Both are None when the desktop is gone at once; the command is
        None while the desktop's create is still running.
        """
        status, body = self._delete('/desktops/%s' % _segment(desktop_id))
        if status == 204 or not body:
            return None, None
        return body.get('desktop'), body.get('command')

    # -- commands ----------------------------------------------------------

    def list_commands(self, limit=None, marker=None, **filters):
        """Filters: site, state, action, desktop."""
        return self._list('/commands', 'commands', limit, marker, **filters)

    def get_command(self, command_id):
        return self._get('/commands/%s' % _segment(command_id))['command']

    # -- alarms ------------------------------------------------------------

    def list_alarms(self, limit=None, marker=None, **filters):
        """Filters: site, state, severity, kind, acknowledged."""
        return self._list('/alarms', 'alarms', limit, marker, **filters)

    def get_alarm(self, alarm_id):
        return self._get('/alarms/%s' % _segment(alarm_id))['alarm']

    def acknowledge_alarm(self, alarm_id, acknowledged=True):
        return self._post('/alarms/%s/acknowledge' % _segment(alarm_id),
                          {'acknowledged': acknowledged})['alarm']

    # -- notices -----------------------------------------------------------

    def list_notices(self, limit=None, marker=None):
        return self._list('/notices', 'notices', limit, marker)

    def get_notice(self, notice_id):
        return self._get('/notices/%s' % _segment(notice_id))['notice']

    def create_notice(self, title, body, targets=None):
        request = {'title': title, 'body': body}
        if targets:
            request['targets'] = targets
        return self._post('/notices', request)['notice']

    # -- monitoring and placement -------------------------------------------

    def list_monitoring(self, limit=None, marker=None, **filters):
        """Every site with a summary of its latest report (or None).

        Filters: group, availability.
        """
        return self._list('/monitoring', 'sites', limit, marker, **filters)

    def get_fleet_summary(self, zoom=None, max_clusters=None):
        """The fleet in numbers, and its sites in map cells.

        Cells of ``zoom``, or coarser ones while there are more than
        ``max_clusters``.
        """
        return self._get('/fleet/summary', zoom=zoom,
                         max_clusters=max_clusters)['summary']

    def get_monitoring(self, site, history=None):
        """The site, its latest report's summary and its full body."""
        return self._get('/monitoring/%s' % _segment(site),
                         history=history)['site']

    def explain_placement(self, home_site, template_type, flavor,
                          count=None, scope=None):
        """Where the placer would put such desktops, and why."""
        return self._get('/placement/explain', home_site=home_site,
                         template_type=template_type, flavor=flavor,
                         count=count, scope=scope)['explain']

    # -- lookups -----------------------------------------------------------

    @staticmethod
    def _one(kind, value, found, id_field):
        if not found:
            raise exceptions.NotFoundByName(kind, value)
        if len(found) > 1:
            raise exceptions.NoUniqueMatch(kind, value,
                                           [f[id_field] for f in found])
        return found[0]
