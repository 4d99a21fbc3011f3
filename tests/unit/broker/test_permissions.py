"""What a site's broker user may touch, checked name by name.

RabbitMQ matches the regexes with PCRE; these use only what Python's
``re`` reads the same way (anchors, groups, alternation, ``\\.``, ``.+``).
"""

import re

import pytest

from central_cloud.broker import permissions

SITE = 'Site.A'


def _matches(regex, name):
    return re.search(regex, name) is not None


OWN = {
    'configure': ['desktop', 'desktop-site', 'desktop-site.Site.A',
                  'desktop-site_fanout',
                  'desktop-site_fanout_Site.A:desktop-site-agent:1',
                  'reply_Site.A:desktop-site-agent:2'],
    'write': ['desktop', 'desktop-site', 'desktop-site.Site.A',
              'desktop-site_fanout_Site.A:desktop-site-agent:1'],
}
OWN['read'] = OWN['configure']

OTHERS = [
    'desktop-site.SiteB', 'desktop-site.Site.AB', 'desktop-site.Site',
    'desktop-site.Site.A.B', 'desktop-site.Site_A',
    'desktop-site_fanout_Site.AB:desktop-site-agent:1',
    'desktop-site_fanout_Site:desktop-site-agent:1',
    'reply_Site.AB:desktop-site-agent:1', 'reply_Site:x:1',
    'reply_0123456789abcdef0123456789abcdef', 'desktop-central',
    'desktop-central.host1', 'desktop-central_fanout', 'amq.topic',
    'desktop-site.Site.A.extra', 'xdesktop', 'desktopx']


@pytest.mark.parametrize('kind', ['configure', 'write', 'read'])
def test_a_site_reaches_its_own_names(kind):
    regex = getattr(permissions.site_permissions(SITE), kind)
    for name in OWN[kind]:
        assert _matches(regex, name), (kind, name)


@pytest.mark.parametrize('kind', ['configure', 'write', 'read'])
@pytest.mark.parametrize('name', OTHERS)
def test_a_site_reaches_no_other_sites_name(kind, name):
    assert not _matches(getattr(permissions.site_permissions(SITE), kind),
                        name)


@pytest.mark.parametrize('name', [
    'amq.default', 'desktop-site_fanout',
    'reply_Site.A:desktop-site-agent:2'])
def test_a_site_cannot_publish_through_these(name):
    assert not _matches(permissions.site_permissions(SITE).write, name)


def test_topic_permissions_publish_to_central_and_bind_own_keys():
    perms = permissions.site_permissions(SITE)
    assert perms.topic_exchange == 'desktop'
    assert _matches(perms.topic_write, 'desktop-central')
    for key in ('desktop-central.host1', 'desktop-site.Site.A',
                'desktop-site.SiteB', '#', 'desktop-centralx'):
        assert not _matches(perms.topic_write, key), key
    for key in ('desktop-site', 'desktop-site.Site.A'):
        assert _matches(perms.topic_read, key), key
    for key in ('desktop-site.SiteB', 'desktop-site.#', '#',
                'desktop-site.Site.AB', 'desktop-central'):
        assert not _matches(perms.topic_read, key), key


def test_the_command_queue_is_the_one_central_sends_to():
    assert permissions.command_queue('SiteB') == 'desktop-site.SiteB'
    assert _matches(permissions.site_permissions('SiteB').read,
                    permissions.command_queue('SiteB'))


@pytest.mark.parametrize('bad', [
    '', '.hidden', '-x', 'a' * 64, 'Site A', 'Site:A', 'Site/A', 'Sité',
    'a*', 'a|b', None, 5, 'a\n'])
def test_names_that_cannot_be_a_site_are_refused(bad):
    with pytest.raises(permissions.InvalidSiteName) as raised:
        permissions.site_permissions(bad)
    assert 'up to 63 letters' in str(raised.value)


def test_central_gets_every_name():
    assert permissions.CENTRAL.configure == '.*'
    assert permissions.CENTRAL.topic_exchange is None


def test_user_names_carry_the_prefix():
    assert permissions.user_name('desktop-site-', 'SiteA') == (
        'desktop-site-SiteA')
