"""The Glance, Nova and central API calls, on a fake connection."""

import json

import pytest

from site_plugins.backends import base
from site_plugins.templates import cloud
from site_plugins import wan


class Response(object):
    def __init__(self, status, body=None, content=None):
        self.status_code = status
        self.content = (content if content is not None
                        else json.dumps(body or {}).encode())
        self.headers = {}
        self.text = self.content.decode(errors='replace')
        self.reason = 'x'
        self.url = 'http://x'

    def json(self):
        return json.loads(self.content)

    def iter_content(self, size):
        return iter([self.content])


class Adapter(object):
    """Answers GETs from ``pages`` (path -> Response); records calls."""

    def __init__(self, pages):
        self.pages = pages
        self.calls = []

    def get(self, path, params=None, **kwargs):
        self.calls.append(('GET', path, params, kwargs))
        return self.pages.get(path, Response(404, {}))

    def post(self, path, json=None, **kwargs):
        self.calls.append(('POST', path, json, kwargs))
        return self.pages.get(('POST', path), Response(202, content=b''))

    def put(self, path, data=None, headers=None):
        self.calls.append(('PUT', path, data.read(), headers))
        return Response(204, content=b'')

    def delete(self, path):
        self.calls.append(('DELETE', path))
        return Response(204, content=b'')


class Conn(object):
    def __init__(self, image=None, compute=None):
        self.image = image
        self.compute = compute


RAW = {'id': 'i1', 'name': 'base', 'status': 'active',
       'checksum': 'm' * 32, 'os_hash_value': 's' * 128, 'size': 3,
       'disk_format': 'raw', 'container_format': 'bare', 'min_disk': None,
       'visibility': 'shared', 'desktop_template_type': 'office'}


def test_image_dict_separates_properties():
    image = cloud.image_dict(RAW)
    assert image['checksum'] == 's' * 128 and image['md5'] == 'm' * 32
    assert image['min_disk'] == 0
    assert image['properties'] == {'desktop_template_type': 'office'}


def test_checksum_filter_picks_the_field():
    assert cloud.checksum_filter('a' * 32) == {'checksum': 'a' * 32}
    assert cloud.checksum_filter('a' * 128) == {'os_hash_value': 'a' * 128}


def test_sized_stream_reads_and_counts():
    seen = []
    stream = cloud.SizedStream([b'abc', b'de', b'f'], 6, seen.append)
    assert len(stream) == 6
    assert stream.read(4) == b'abcd'
    assert stream.read() == b'ef'
    assert stream.read(1) == b''
    assert seen == [3, 2, 1]


def test_site_images_follow_the_next_links():
    image = Adapter({
        '/images': Response(200, {'images': [RAW],
                                  'next': '/v2/images?marker=i1'}),
        '/images?marker=i1': Response(200, {'images': [dict(RAW,
                                                            id='i2')]})})
    site = cloud.SiteCloud(Conn(image=image))
    found = site.images({'status': 'active'})
    assert [i['id'] for i in found] == ['i1', 'i2']
    assert image.calls[0][2] == {'status': 'active', 'limit': cloud.PAGE}


def test_site_get_image_is_none_when_gone_and_errors_translate():
    image = Adapter({'/images/i1': Response(500, {'message': 'boom'})})
    site = cloud.SiteCloud(Conn(image=image))
    assert site.get_image('nope') is None
    with pytest.raises(base.CloudError):
        site.get_image('i1')


def test_site_glance_download_and_upload_requests():
    image = Adapter({})
    site = cloud.SiteCloud(Conn(image=image))
    site.glance_download('t1', 's1', 'Central', 'public')
    site.upload('t1', cloud.SizedStream([b'xy'], 2))
    assert image.calls[0] == ('POST', '/images/t1/import', {'method': {
        'name': 'glance-download', 'glance_image_id': 's1',
        'glance_region': 'Central', 'glance_service_interface': 'public'}},
        {})
    assert image.calls[1][:3] == ('PUT', '/images/t1/file', b'xy')


def test_precache_uses_microversion_2_81():
    compute = Adapter({})
    cloud.SiteCloud(Conn(compute=compute)).precache(5, ['a', 'b'])
    assert compute.calls == [('POST', '/os-aggregates/5/images',
                              {'cache': [{'id': 'a'}, {'id': 'b'}]},
                              {'microversion': '2.81'})]


def test_lazy_connections_are_made_once():
    made = []
    lazy = cloud.Lazy(lambda: made.append(1) or object())
    assert lazy.get() is lazy.get()
    assert made == [1]


def _central(pages, counter):
    central = cloud.CentralCloud(object(), 'Central', 'public', counter)
    api = Adapter(pages)
    central._api = cloud.Lazy(lambda: api)
    central._conn = cloud.Lazy(lambda: Conn(image=Adapter(pages)))
    return central, api


def test_central_counts_what_it_receives():
    counter = wan.WanCounter()
    body = {'template': {'type_name': 'office'}}
    central, api = _central({
        '/v1/templates/office': Response(200, body),
        '/images/i1': Response(200, RAW)}, counter)
    assert central.api_get('/v1/templates/office') == body
    assert central.get_image('i1')['id'] == 'i1'
    assert central.api_get('/v1/templates/gone') is None
    counts = counter.snapshot()
    assert counts['rpc'] == len(json.dumps(body)) + len(json.dumps({}))
    assert counts['image_data'] == len(json.dumps(RAW))


def test_central_api_errors_name_the_request():
    central, _api = _central({'/v1/templates/x': Response(
        403, {'error': {'message': 'Policy forbids it'}})},
        wan.WanCounter())
    with pytest.raises(base.CloudError) as info:
        central.api_get('/v1/templates/x')
    assert "answered 403 to GET /v1/templates/x: Policy forbids it" in str(
        info.value)


def test_central_blob_chunks():
    central, api = _central({'/v1/blobs/ab': Response(200, content=b'b')},
                            wan.WanCounter())
    assert list(central.blob_chunks('ab')) == [b'b']
    assert central.blob_chunks('cd') is None


def test_central_takes_a_plain_session_too():
    session = object()
    central = cloud.CentralCloud(session, 'Central', 'public',
                                 wan.WanCounter())
    assert central.api.session is session
