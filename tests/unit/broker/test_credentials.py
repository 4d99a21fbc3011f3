"""Credentials on a fake rabbitmqctl: create, rotate, revoke, URLs."""

import json
import os
import sys
import urllib.parse

import pytest

from central_cloud.broker import credentials
from central_cloud.broker import permissions
from central_cloud.broker import rabbitmqctl

FAKE = os.path.join(os.path.dirname(__file__), 'fake_rabbitmqctl.py')
URL = 'rabbit://central:secret@wan1:5671,wan2:5671/desktop?ssl=1'


@pytest.fixture
def state(tmp_path):
    return str(tmp_path / 'broker.json')


@pytest.fixture
def creds(state):
    return credentials.Credentials(
        rabbitmqctl.Rabbitmqctl([sys.executable, FAKE, state]), URL,
        'desktop-site-')


def _users(state):
    with open(state) as f:
        return json.load(f)['users']


def test_create_gives_the_site_its_own_user_and_permissions(creds, state):
    issued = creds.create('SiteA')
    user = _users(state)['desktop-site-SiteA']
    assert user['password'] == issued['password']
    wanted = permissions.site_permissions('SiteA')
    assert user['perms'] == ['desktop', wanted.configure, wanted.write,
                             wanted.read]
    assert user['topic'] == ['desktop', 'desktop', wanted.topic_write,
                             wanted.topic_read]
    parts = urllib.parse.urlsplit(issued['transport_url'])
    assert parts.netloc == ('desktop-site-SiteA:%s@wan1:5671,'
                            'desktop-site-SiteA:%s@wan2:5671'
                            % ((issued['password'],) * 2))
    assert (parts.path, parts.query) == ('/desktop', 'ssl=1')
    assert 'secret' not in issued['transport_url']


def test_create_twice_is_refused(creds):
    creds.create('SiteA')
    with pytest.raises(credentials.Exists, match='use "rotate"'):
        creds.create('SiteA')


def test_a_failed_grant_leaves_no_user(creds, state, monkeypatch):
    def refuse(*args):
        raise rabbitmqctl.BrokerError('refused')
    monkeypatch.setattr(creds.broker, 'set_permissions', refuse)
    with pytest.raises(rabbitmqctl.BrokerError):
        creds.create('SiteA')
    assert _users(state) == {}


def test_rotate_changes_the_password_only(creds, state):
    first = creds.create('SiteA')
    second = creds.rotate('SiteA')
    assert second['password'] != first['password']
    assert _users(state)['desktop-site-SiteA']['password'] == (
        second['password'])
    with open(state) as f:
        calls = [c[0] for c in json.load(f)['calls']]
    assert 'close_all_user_connections' not in calls
    creds.rotate('SiteA', close=True)
    with open(state) as f:
        assert json.load(f)['calls'][-1][0] == 'close_all_user_connections'


def test_rotate_and_revoke_need_a_user(creds):
    with pytest.raises(rabbitmqctl.NoSuchUser):
        creds.rotate('SiteA')
    with pytest.raises(rabbitmqctl.NoSuchUser):
        creds.revoke('SiteA')


def test_revoke_deletes_the_user_then_closes_its_connections(creds, state):
    creds.create('SiteA')
    creds.revoke('SiteA')
    assert _users(state) == {}
    with open(state) as f:
        calls = [c[0] for c in json.load(f)['calls']][-2:]
    assert calls == ['delete_user', 'close_all_user_connections']
    assert not creds.exists('SiteA')


def test_show_and_list(creds):
    creds.create('SiteB')
    creds.create('SiteA')
    assert creds.sites() == ['SiteA', 'SiteB']
    shown = creds.show('SiteA')
    assert shown['vhost'] == 'desktop'
    assert shown['permissions'][0]['read'] == (
        permissions.site_permissions('SiteA').read)


def test_passwords_never_reach_the_command_line(creds, state):
    issued = creds.create('SiteA')
    creds.rotate('SiteA')
    with open(state) as f:
        assert issued['password'] not in json.dumps(json.load(f)['calls'])


@pytest.mark.parametrize('url, vhost', [
    ('rabbit://h:5672/', '/'), ('rabbit://h:5672', '/'),
    ('rabbit://u:p@h:5672/desk%2Ftop', 'desk/top')])
def test_the_vhost_comes_from_the_url(url, vhost):
    creds = credentials.Credentials(None, url, 'p-')
    assert creds.vhost == vhost
    assert 'u:p@' not in creds.site_url


def test_a_missing_rabbitmqctl_is_a_broker_error(tmp_path):
    ctl = rabbitmqctl.Rabbitmqctl([str(tmp_path / 'nothing-here')])
    with pytest.raises(rabbitmqctl.BrokerError, match='command not found'):
        ctl.users()
    with pytest.raises(rabbitmqctl.BrokerError, match='no rabbitmqctl'):
        rabbitmqctl.Rabbitmqctl([])
