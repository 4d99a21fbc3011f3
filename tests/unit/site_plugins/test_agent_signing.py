"""The agent signs what it sends and checks what central sends."""

import os

import pytest

from central_cloud.protocol import endpoints
from central_cloud.protocol import rpc
from central_cloud.protocol import signing
from central_cloud.protocol import site_api
from central_cloud.protocol import topics
from site_plugins.backends import sdk
from site_plugins import service
from site_plugins import signing as site_signing
from tests.unit.site_plugins import conftest
from tests.unit.site_plugins import test_agent
from tests.unit.site_plugins import test_courier

KEY_ID, SECRET = 'k1', 'the-secret-of-site-a'


@pytest.fixture
def keyed_conf(conf, tmp_path):
    key_file = tmp_path / 'signing.key'
    key_file.write_text(SECRET + '\n')
    os.chmod(key_file, 0o600)
    conf.set_override('key_id', KEY_ID, group='signing')
    conf.set_override('key_file', str(key_file), group='signing')
    conf.set_override('require_from_central', True, group='signing')
    return conf


@pytest.fixture
def keys():
    return signing.StaticKeys(conftest.SITE, KEY_ID, SECRET)


@pytest.fixture
def central(transport, keys):
    """A central that accepts only messages signed with the site's key."""
    manager = test_courier.FakeCentral()
    rejected = []
    server = rpc.get_rpc_server(
        transport, topics.CENTRAL_TOPIC,
        [endpoints.CentralEndpoint(manager,
                                   verifier=signing.Verifier(keys),
                                   on_rejected=rejected.append)],
        server='engine-1')
    server.start()
    manager.rejected = rejected
    yield manager
    server.stop()
    server.wait()


@pytest.fixture
def agent(keyed_conf, cloud, transport, central):
    site = service.SiteAgent(keyed_conf, backend=sdk.OpenStackSDKBackend(
        keyed_conf, connection=cloud), transport=transport)
    site.prepare()
    site.start()
    yield site
    site.stop()


def test_signed_both_ways(agent, central, cloud, transport, keys):
    wrong = site_api.SiteAPI(transport, signer=signing.CentralSigner(
        signing.StaticKeys(conftest.SITE, KEY_ID, 'a guess')))
    forged = test_agent._create('forged')
    wrong.execute({}, conftest.SITE, forged)
    unsigned = test_agent._create('unsigned')
    site_api.SiteAPI(transport).execute({}, conftest.SITE, unsigned)
    api = site_api.SiteAPI(transport, signer=signing.CentralSigner(keys))
    command = test_agent._create()
    api.execute({}, conftest.SITE, command)
    state, result = test_agent._final(central, command['id'])
    assert state == 'succeeded'
    # What the agent sent was accepted: its outbox drains.
    assert test_courier._wait(lambda: len(agent.outbox) == 0)
    assert central.rejected == []
    # Central's forged and unsigned commands never ran.
    assert [s.name for s in cloud.servers.values()] == ['desk']
    assert not test_agent._progress(central, forged['id'])
    assert not test_agent._progress(central, unsigned['id'])


def test_read_secret(tmp_path):
    path = tmp_path / 'key'
    path.write_text(' abc \n')
    os.chmod(path, 0o400)
    assert site_signing.read_secret(str(path)) == 'abc'
    os.chmod(path, 0o640)
    with pytest.raises(site_signing.KeyFileError, match='mode 640'):
        site_signing.read_secret(str(path))
    os.chmod(path, 0o600)
    path.write_text('a\nb\n')
    with pytest.raises(site_signing.KeyFileError, match='on one line'):
        site_signing.read_secret(str(path))
    path.write_text('')
    with pytest.raises(site_signing.KeyFileError, match='on one line'):
        site_signing.read_secret(str(path))
    with pytest.raises(site_signing.KeyFileError, match='cannot read'):
        site_signing.read_secret(str(tmp_path / 'missing'))
