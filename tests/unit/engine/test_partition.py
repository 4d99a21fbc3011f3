"""Engines share the sites through a tooz hash ring."""

import pytest
from tooz import coordination

from central_cloud.engine import partition

SITES = ['Site%d' % n for n in range(200)]


def _engine(url, host):
    engine = partition.Partition(url, partition.member_id(host))
    engine.start()
    return engine


def test_without_a_backend_an_engine_owns_everything():
    engine = partition.Partition('', b'engine-1')
    engine.start()
    assert all(engine.owns(site) for site in SITES)
    engine.tick()
    engine.stop()


def test_two_engines_split_the_sites_then_one_takes_over(tmp_path):
    url = 'file://%s' % (tmp_path / 'coordination')
    first = _engine(url, 'engine-1')
    second = _engine(url, 'engine-2')
    try:
        first.tick()  # learns that the second joined
        assert len(first.members()) == len(second.members()) == 2
        owners = [(first.owns(site), second.owns(site)) for site in SITES]
        assert all(a != b for a, b in owners)  # exactly one owner each
        shares = sum(a for a, _b in owners)
        assert 40 < shares < 160, shares
        second.stop()
        first.tick()
        assert all(first.owns(site) for site in SITES)
    finally:
        first.stop()
        second.stop()


def test_a_bad_backend_url_fails_at_start():
    engine = partition.Partition('nosuchdriver://x', b'engine-1')
    with pytest.raises(coordination.ToozError) as info:
        engine.start()
    assert 'cannot use nosuchdriver://x' in str(info.value)


def test_a_failing_backend_keeps_the_engine_working(tmp_path, caplog):
    blocker = tmp_path / 'file'
    blocker.write_text('not a folder')
    engine = partition.Partition('file://%s/coordination' % blocker,
                                 b'engine-1')
    engine.start()
    assert 'Coordination backend failed' in caplog.text
    assert engine.owns('SiteA')
    engine.stop()
