"""The Horizon panels in a real headless Chromium, against the lab.

``tools/lab up`` serves Horizon with the desktop-federation panels; these
tests drive Debian's ``chromium`` through ``chromium-driver`` (selenium)
as a person would: sign in as the lab's admin, look at the site map and
a site's page, create a desktop through the form (after its placement
preview) and see it in the table. The desktop is deleted again through
central's REST API in a ``finally`` block.

Screenshots go to ``<lab>/artifacts/dashboard/``; their paths and each
page's render time are printed.
"""

import json
import os
import shutil
import tempfile
import time
import uuid

import pytest
from selenium.common import exceptions as se_exceptions
from selenium import webdriver
from selenium.webdriver.chrome import service as chrome_service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import ui

from desktop_lab import layout as layout_mod
from desktop_lab import regions

CHROMIUM = shutil.which('chromium') or '/usr/bin/chromium'
CHROMEDRIVER = shutil.which('chromedriver') or '/usr/bin/chromedriver'
FLAGS = ('--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
         '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync',
         '--window-size=1440,1000')
HOME_SITE = 'SiteC'
TEMPLATE = 'office'
FLAVOR = regions.FLAVORS[0][0]
WAIT = 60


@pytest.fixture(scope='module')
def horizon_url(lab):
    service = lab.state.get('services', {}).get('horizon')
    if not service or not service.get('port'):
        pytest.fail('the lab serves no Horizon; run "tools/lab up"')
    return 'http://%s:%d' % (layout_mod.HOST, service['port'])


@pytest.fixture(scope='module')
def artifacts(lab):
    """This run's screenshot folder, emptied of an earlier run's."""
    path = os.path.join(lab.dir, 'artifacts', 'dashboard')
    os.makedirs(path, exist_ok=True)
    for name in os.listdir(path):
        if name.endswith(('.png', '.json')):
            os.unlink(os.path.join(path, name))
    return path


@pytest.fixture(scope='module')
def say(request):
    """Print a line even when pytest captures the output."""
    plugins = request.config.pluginmanager
    reporter = plugins.get_plugin('terminalreporter')
    capture = plugins.get_plugin('capturemanager')

    def write(line):
        if reporter is None or capture is None:
            print('[dashboard] ' + line)
            return
        with capture.global_and_fixture_disabled():
            reporter.write_line('[dashboard] ' + line)
    return write


@pytest.fixture(scope='module')
def browser(horizon_url, say):
    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.access(path, os.X_OK):
            pytest.fail('%s is missing: "tools/lab prepare" installs '
                        "Debian's chromium and chromium-driver" % path)
    profile = tempfile.mkdtemp(prefix='dashboard-chromium-')
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS + ('--user-data-dir=' + profile,):
        options.add_argument(flag)
    started = time.monotonic()
    driver = webdriver.Chrome(
        options=options, service=chrome_service.Service(CHROMEDRIVER))
    driver.set_page_load_timeout(120)
    say('chromium started in %.1f s' % (time.monotonic() - started))
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope='module')
def signed_in(browser, horizon_url, say):
    """The browser, signed in to Horizon as the lab's admin."""
    browser.get(horizon_url + '/auth/login/')
    browser.find_element(By.ID, 'id_username').send_keys('admin')
    browser.find_element(By.ID, 'id_password').send_keys(
        layout_mod.PASSWORD)
    started = time.monotonic()
    browser.find_element(By.ID, 'loginBtn').click()
    ui.WebDriverWait(browser, WAIT).until(
        lambda d: '/auth/login' not in d.current_url)
    say('signed in as admin in %.2f s' % (time.monotonic() - started))
    return browser


def timed_get(browser, url, say, what):
    """Open a page; print how long the server and the browser took."""
    started = time.monotonic()
    browser.get(url)
    wall = time.monotonic() - started
    timing = browser.execute_script(
        "var n = performance.getEntriesByType('navigation')[0];"
        "return n ? {server: n.responseStart - n.requestStart,"
        " dom: n.domContentLoadedEventEnd, load: n.loadEventEnd} : null;")
    if timing:
        say('%s: server %.0f ms, DOM ready %.0f ms, loaded %.0f ms '
            '(wall %.2f s)' % (what, timing['server'], timing['dom'],
                               timing['load'], wall))
    else:
        say('%s: loaded in %.2f s' % (what, wall))
    return timing


def shot(browser, artifacts, say, name):
    path = os.path.join(artifacts, name + '.png')
    browser.save_screenshot(path)
    say('screenshot %s' % path)
    return path


def no_error_page(browser):
    text = browser.find_element(By.TAG_NAME, 'body').text
    assert 'Traceback' not in text
    assert 'Something went wrong' not in text, text[:500]


def test_overview_map_draws_every_site(lab, signed_in, horizon_url,
                                       artifacts, say):
    timed_get(signed_in, horizon_url + '/admin/desktop_overview/', say,
              'overview')
    no_error_page(signed_in)
    markers = signed_in.find_elements(
        By.CSS_SELECTOR, 'svg.site-map g.site-marker')
    clusters = signed_in.find_elements(
        By.CSS_SELECTOR, 'svg.site-map g.site-cluster')
    shot(signed_in, artifacts, say, 'overview')
    # Each site is a marker of its own or counted in one cluster (the
    # lab's central may hold simulated fleets besides the lab's regions).
    central = lab.central()
    registered = sum(central.get('/v1/fleet/summary').json()[
        'summary']['sites'].values())
    drawn = len(markers) + sum(int(c.get_attribute('data-count'))
                               for c in clusters)
    assert drawn == registered
    shown = {m.get_attribute('data-site') for m in markers}
    for name in shown:
        assert central.get('/v1/sites/%s' % name,
                           raise_exc=False).status_code == 200, name
    if not clusters:
        assert shown >= set(lab.region_names)
    # The background is drawn from the shipped outlines, not fetched.
    assert signed_in.find_elements(By.CSS_SELECTOR,
                                   'svg.site-map path.map-land')
    totals = signed_in.find_element(By.CSS_SELECTOR, '.total-sites').text
    assert totals.startswith(str(registered))


def test_site_page_shows_hosts_and_trend(lab, signed_in, horizon_url,
                                         artifacts, say):
    region = lab.region(HOME_SITE)
    timed_get(signed_in, horizon_url + '/admin/desktop_sites/%s/'
              % HOME_SITE, say, 'site %s' % HOME_SITE)
    no_error_page(signed_in)
    hosts = signed_in.find_elements(
        By.CSS_SELECTOR, 'table#hosts tbody tr[data-object-id]')
    shot(signed_in, artifacts, say, 'site-%s' % HOME_SITE.lower())
    assert len(hosts) == region['hosts']
    assert all(h.get_attribute('data-object-id').startswith(
        HOME_SITE.lower()) for h in hosts)
    chart = signed_in.find_element(By.CSS_SELECTOR, 'svg.trend-chart')
    points = int(chart.get_attribute('data-points'))
    series = chart.find_elements(By.CSS_SELECTOR, 'path.trend-series')
    # The lab's agents report every 10 s: a running lab has a history.
    assert points >= 2
    assert sorted(s.get_attribute('data-series') for s in series) == [
        'DISK_GB', 'MEMORY_MB', 'VCPU']


def _find_desktop(lab, name):
    found = lab.central().get('/v1/desktops', params={
        'site': HOME_SITE}).json()['desktops']
    return [d for d in found if d['name'] == name]


def _wait_for(browser, css, timeout=WAIT):
    return ui.WebDriverWait(browser, timeout).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, css))


def test_create_desktop_through_the_form(lab, signed_in, horizon_url,
                                         artifacts, say):
    lab.central()  # the template type exists
    name = 'dash-%s' % uuid.uuid4().hex[:8]
    try:
        timed_get(signed_in, horizon_url + '/admin/desktops/', say,
                  'desktops')
        no_error_page(signed_in)
        started = time.monotonic()
        signed_in.find_element(By.ID, 'desktops__action_create').click()
        form = _wait_for(signed_in, 'form.desktop-create-form')[0]
        ui.WebDriverWait(signed_in, WAIT).until(
            lambda d: form.find_element(By.ID, 'id_name').is_displayed())
        say('create form opened in %.2f s' % (time.monotonic() - started))
        ui.Select(form.find_element(By.ID, 'id_home_site')) \
            .select_by_value(HOME_SITE)
        ui.Select(form.find_element(By.ID, 'id_template_type')) \
            .select_by_value(TEMPLATE)
        flavor = form.find_element(By.ID, 'id_flavor')
        flavor.clear()
        flavor.send_keys(FLAVOR)
        ui.Select(form.find_element(By.ID, 'id_scope')) \
            .select_by_value('local')
        form.find_element(By.ID, 'id_name').send_keys(name)

        started = time.monotonic()
        form.find_element(By.CSS_SELECTOR,
                          '.placement-preview-button').click()
        explained = _wait_for(
            signed_in, '.placement-preview .placement-explain, '
            '.placement-preview .placement-error')[0]
        say('placement preview in %.2f s' % (time.monotonic() - started))
        shot(signed_in, artifacts, say, 'create-form-preview')
        assert 'placement-explain' in explained.get_attribute('class'), (
            explained.text)
        candidates = [c.get_attribute('data-site') for c in
                      explained.find_elements(By.CSS_SELECTOR,
                                              '.placement-candidate')]
        assert candidates and candidates[0] == HOME_SITE

        started = time.monotonic()
        form.find_element(By.CSS_SELECTOR,
                          'input[type=submit].btn-primary').click()
        row = 'table#desktops tr[data-display="%s"]' % name
        _wait_for(signed_in, row)
        say('desktop queued and listed in %.2f s'
            % (time.monotonic() - started))
        no_error_page(signed_in)
        shot(signed_in, artifacts, say, 'desktops-created')
        # The row refreshes itself while the desktop builds.
        text = ui.WebDriverWait(signed_in, WAIT, ignored_exceptions=(
            se_exceptions.StaleElementReferenceException,)).until(
            lambda d: d.find_element(By.CSS_SELECTOR, row).text)
        assert HOME_SITE in text
        assert _find_desktop(lab, name)
        with open(os.path.join(artifacts, 'created.json'), 'w') as f:
            json.dump({'name': name, 'row': text}, f)
    except (se_exceptions.WebDriverException, AssertionError):
        shot(signed_in, artifacts, say, 'create-failed')
        raise
    finally:
        api = lab.central()
        for desktop in _find_desktop(lab, name):
            resp = api.delete('/v1/desktops/%s' % desktop['id'],
                              raise_exc=False)
            assert resp.status_code in (202, 204, 404), resp.text
