"""Templates on the lab (M9-M11): built at the site, cached, little WAN.

Each test makes its own base image in central's Glance (random bytes, so
no site holds its checksum unless the test puts it there), its own
bundle and template type, and removes all of it afterwards: desktops,
template and base images at the sites, the template type's entry in the
desktop aggregate's metadata.
"""

import hashlib
import os
import time
import uuid

import pytest

WAIT = 300
BASE_SIZE = 2 * 1024 * 1024
AGGREGATE = 'desktop-hosts'
CACHED = 'desktop_cached_templates'


@pytest.fixture(scope='module')
def central(lab):
    return lab.central()


class Template(object):
    """A template type at central: base image, bundle, file; cleaned."""

    def __init__(self, lab, central, install_commands=('sh ./setup.sh',)):
        self.lab = lab
        self.central = central
        self.name = 'tpl-%s' % uuid.uuid4().hex[:10]
        self.data = os.urandom(BASE_SIZE)
        self.glance = lab.connect('Central').image
        self.base = self.glance.create_image(
            name=self.name + '-base', data=self.data, disk_format='raw',
            container_format='bare', visibility='public', wait=True,
            allow_duplicates=True)
        self.checksum = hashlib.sha512(self.data).hexdigest()
        self.file = b'#!/bin/sh\necho installing %s\n' % self.name.encode()
        self.sha256 = hashlib.sha256(self.file).hexdigest()
        # A bundle names its template type, and a template its bundles:
        # the type first, then the bundle, then the template's bundles.
        self._post('/v1/templates', {
            'type_name': self.name, 'os': 'lab',
            'base_image_id': self.base.id,
            'base_image_checksum': self.checksum})
        self.bundle = self._post('/v1/bundles', {
            'name': self.name + '-app', 'version': '1.0',
            'template_type': self.name,
            'files': [{'name': 'setup.sh', 'sha256': self.sha256,
                       'size': len(self.file)}],
            'install_commands': list(install_commands)})['bundle']
        resp = central.put(
            '/v1/bundles/%d/files/setup.sh' % self.bundle['id'],
            data=self.file, raise_exc=False,
            headers={'Content-Type': 'application/octet-stream',
                     'X-Content-SHA256': self.sha256})
        assert resp.status_code == 201, resp.text
        resp = central.patch(
            '/v1/templates/%s' % self.name, raise_exc=False,
            json={'bundles': [{'name': self.name + '-app',
                               'version': '1.0'}]})
        assert resp.status_code == 200, resp.text
        self.template = resp.json()['template']
        self.desktops = []

    def _post(self, path, body):
        resp = self.central.post(path, json=body, raise_exc=False)
        assert resp.status_code in (201, 202), resp.text
        return resp.json()

    def site_images(self, region):
        """This test's images at ``region``: templates and base copies."""
        found = []
        for image in self.lab.connect(region).image.images():
            props = image.properties or {}
            if props.get('desktop_template_type') == self.name or \
                    props.get('desktop_base_source') == self.base.id or \
                    image.name.startswith(self.name):
                found.append(image)
        return found

    def cleanup(self, regions):
        for desktop_id in self.desktops:
            self.central.delete('/v1/desktops/%s' % desktop_id,
                                raise_exc=False)
        deadline = time.monotonic() + WAIT
        for desktop_id in self.desktops:
            while time.monotonic() < deadline and self.central.get(
                    '/v1/desktops/%s' % desktop_id,
                    raise_exc=False).status_code != 404:
                time.sleep(1)
        self.central.delete('/v1/templates/%s' % self.name,
                            raise_exc=False)
        self.central.delete('/v1/bundles/%d' % self.bundle['id'],
                            raise_exc=False)
        for region in regions:
            conn = self.lab.connect(region)
            for image in self.site_images(region):
                conn.image.delete_image(image, ignore_missing=True)
            _forget_cached(conn, self.name)
        self.glance.delete_image(self.base, ignore_missing=True)


def _forget_cached(conn, template_type):
    for aggregate in conn.compute.aggregates():
        if aggregate.name != AGGREGATE:
            continue
        cached = [t for t in (aggregate.metadata or {}).get(
            CACHED, '').split(',') if t and t != template_type]
        conn.compute.set_aggregate_metadata(
            aggregate, {CACHED: ','.join(cached) or None})


def _wait(what, check, timeout=WAIT, interval=1.0):
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail('%s: not within %d s' % (what, timeout))
        time.sleep(interval)


def _command(central, command_id):
    return central.get('/v1/commands/%s' % command_id).json()['command']


def _final_command(central, command_id):
    def done():
        command = _command(central, command_id)
        return command if command['state'] in ('succeeded',
                                               'failed') else None
    return _wait('command %s' % command_id, done)


def _report(central, site):
    return central.get('/v1/monitoring/%s' % site).json()['site']['body']


def _report_after(central, site, seq):
    """The first report of ``site`` newer than ``seq``."""
    def newer():
        body = _report(central, site)
        return body if body and body['seq'] > seq else None
    return _wait('a report of %s after %d' % (site, seq), newer)


def _wan(central, site):
    body = _report(central, site)
    return body['seq'], body['wan_bytes']


def _rollout(central, rollout_id, states=('succeeded', 'failed',
                                          'aborted')):
    def ended():
        body = central.get('/v1/rollouts/%s' % rollout_id).json()['rollout']
        return body if body['state'] in states else None
    return _wait('rollout %s' % rollout_id, ended)


def _log_has(path, text):
    with open(path, errors='replace') as f:
        return any(text in line for line in f)


def test_m11_flow_at_a_site_without_the_template(lab, central):
    """Desktops of a template the site lacks: built, cached, reported."""
    site = 'SiteA'
    tpl = Template(lab, central)
    try:
        seq, before = _wan(central, site)
        resp = central.post('/v1/desktops', json={
            'home_site': site, 'template_type': tpl.name, 'scope': 'local',
            'flavor': 'desktop.small', 'count': 2, 'name': tpl.name})
        assert resp.status_code == 202, resp.text
        created = resp.json()['desktops']
        tpl.desktops = [d['id'] for d in created]
        for desktop in created:
            command = _final_command(central, desktop['command_id'])
            assert command['state'] == 'succeeded', command
            assert command['site'] == site, command

        # 2. The template is built at the site from its base image.
        conn = lab.connect(site)
        templates = [i for i in tpl.site_images(site)
                     if (i.properties or {}).get('desktop_template_type')]
        assert len(templates) == 1, templates
        image = templates[0]
        props = image.properties
        assert props['desktop_template_version'] == str(
            tpl.template['version'])
        assert props['desktop_base_checksum'] == tpl.checksum
        assert image.status == 'active' and image.size > BASE_SIZE
        copies = [i for i in tpl.site_images(site)
                  if (i.properties or {}).get('desktop_base_source')
                  == tpl.base.id and not (i.properties or {}).get(
                      'desktop_template_type')]
        assert [c.hash_value for c in copies] == [tpl.checksum]
        # No builder server is left behind.
        assert not [s for s in conn.compute.servers()
                    if s.name.startswith('desktop-builder-' + tpl.name)]

        # 3. Pre-cached on the desktop hosts: aggregate metadata, Nova.
        aggregate = next(a for a in conn.compute.aggregates()
                         if a.name == AGGREGATE)
        assert tpl.name in aggregate.metadata[CACHED].split(',')
        assert aggregate.hosts
        assert _log_has(lab.log('%s-nova-api' % site.lower()),
                        'POST /v2.1/os-aggregates/%s/images' % aggregate.id)
        for host in aggregate.hosts:
            log = lab.log('%s-nova-compute-%s' % (
                site.lower(), host.split('-')[-1]))
            _wait('%s caches the template' % host,
                  lambda log=log: _log_has(log, 'cached image %s'
                                           % image.id), timeout=60)

        # 4. The desktops run the template.
        for desktop in created:
            body = central.get('/v1/desktops/%s' % desktop['id']).json()[
                'desktop']
            server = conn.compute.get_server(body['server_uuid'])
            assert server.status == 'ACTIVE'
            assert server.image['id'] == image.id

        # 5. The site reports the template type, and the bytes it got.
        def reported_template():
            body = _report(central, site)
            if body['seq'] > seq and any(t['type'] == tpl.name
                                         for t in body['templates']):
                return body
            return None
        report = _wait('the template in a report', reported_template)
        reported = [t for t in report['templates'] if t['type'] == tpl.name]
        assert reported == [{'type': tpl.name,
                             'version': tpl.template['version'],
                             'image_id': image.id,
                             'checksum': image.hash_value}]
        after = report['wan_bytes']
        # The base image came over the WAN, once.
        assert BASE_SIZE <= after['image_data'] - before['image_data'] < \
            2 * BASE_SIZE
        assert after['bundle_files'] - before['bundle_files'] >= len(
            tpl.file)
    finally:
        tpl.cleanup([site])


def test_a_site_that_holds_the_base_image_gets_no_image_data(lab, central):
    """Built at a site that has the base checksum: no image bytes."""
    site = 'SiteB'
    tpl = Template(lab, central)
    conn = lab.connect(site)
    own = conn.image.create_image(
        name=tpl.name + '-local-base', data=tpl.data, disk_format='raw',
        container_format='bare', wait=True, allow_duplicates=True)
    try:
        seq, before = _wan(central, site)
        resp = central.post('/v1/rollouts', json={
            'template_type': tpl.name, 'sites': [site]})
        assert resp.status_code == 202, resp.text
        rollout = _rollout(central, resp.json()['rollout']['id'])
        assert rollout['state'] == 'succeeded', rollout
        (step,) = rollout['steps']
        assert 'already at the site' in step['details'], step
        # The build used the site's own copy; nothing was copied.
        assert not [i for i in tpl.site_images(site)
                    if (i.properties or {}).get('desktop_base_source')]
        template = [i for i in tpl.site_images(site)
                    if (i.properties or {}).get('desktop_template_type')]
        assert len(template) == 1
        # The counts of a report made after the build.
        built_seq = _report(central, site)['seq']
        after = _report_after(central, site, max(seq, built_seq))[
            'wan_bytes']
        # The counts are the site's: other tests may build small templates
        # there meanwhile, but none of the base image's bytes came.
        assert after['image_data'] - before['image_data'] < BASE_SIZE // 4, (
            before, after)
        assert after['bundle_files'] - before['bundle_files'] >= len(
            tpl.file)
        shown = central.get('/v1/templates/%s' % tpl.name).json()
        assert shown['template']['version'] == tpl.template['version']
    finally:
        conn.image.delete_image(own, ignore_missing=True)
        tpl.cleanup([site])


def test_serial_rollout_stops_at_the_first_failing_site(lab, central):
    """max_parallel_sites=1 and stop_on_failure: SiteB never starts."""
    tpl = Template(lab, central)
    # Central no longer has the base image: every build must fail.
    tpl.glance.delete_image(tpl.base)
    held = {site: {i.id for i in lab.connect(site).image.images()}
            for site in ('SiteA', 'SiteB')}
    try:
        resp = central.post('/v1/rollouts', json={
            'template_type': tpl.name, 'sites': ['SiteA', 'SiteB'],
            'max_parallel_sites': 1, 'stop_on_failure': True})
        assert resp.status_code == 202, resp.text
        created = resp.json()['rollout']
        assert [s['state'] for s in created['steps']] == ['waiting',
                                                          'waiting']
        rollout = _rollout(central, created['id'])
        assert rollout['state'] == 'failed', rollout
        first, second = rollout['steps']
        assert (first['site'], first['state']) == ('SiteA', 'failed')
        assert "no longer in central's Glance" in first['details'], first
        assert first['started_at'] and first['finished_at']
        assert (second['site'], second['state']) == ('SiteB', 'skipped')
        assert second['command_id'] is None
        assert 'SiteA failed' in second['details']
        # The failure raised an alarm at central, for that template.
        _wait('the template alarm of SiteA', lambda: [
            a for a in central.get('/v1/alarms', params={
                'site': 'SiteA', 'kind': 'template_build_failed',
                'limit': 1000}).json()['alarms']
            if tpl.name in a['message']])
        # Existing templates and images of the sites are untouched.
        for site, images in held.items():
            now = {i.id for i in lab.connect(site).image.images()}
            assert images <= now, site
        # The site's template status records the failure.
        failed = central.get('/v1/rollouts', params={
            'template_type': tpl.name}).json()['rollouts']
        assert [r['id'] for r in failed] == [rollout['id']]
    finally:
        tpl.cleanup(['SiteA', 'SiteB'])


def test_a_rollout_to_unknown_sites_is_refused(central):
    resp = central.post('/v1/rollouts', raise_exc=False, json={
        'template_type': 'office', 'sites': ['SiteA', 'Atlantis',
                                             'Mu']})
    assert resp.status_code == 400, resp.text
    message = resp.json()['error']['message']
    assert 'Atlantis' in message and 'Mu' in message, message
