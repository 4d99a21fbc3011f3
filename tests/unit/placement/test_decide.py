"""The placement rules: home, nearest with room, shared pool, failure."""

import pytest

from central_cloud.placement import decide
from tests.unit.placement import samples as s

FULL = [s.host('x-1', used=(4, 0, 0)), s.host('x-2', used=(4, 0, 0))]


def lab(reports=None, **site_values):
    """The lab's four regions: Central (the pool), SiteA, SiteB, SiteC."""
    rows = [s.row('Central', s.PARIS, site_id=1, shared_pool=True),
            s.row('SiteA', s.BRUSSELS, site_id=2),
            s.row('SiteB', s.AMSTERDAM, site_id=3),
            s.row('SiteC', s.LYON, site_id=4)]
    for row in rows:
        row.update(site_values.get(row['name'], {}))
    return s.make_view(rows, reports)


def first(view, flavor='medium', home='SiteA', **values):
    req = decide.request(home, 'office', flavor, **values)
    size = decide.home_size(view, req)
    for role, km, site, _size in decide.candidates(view, req, size):
        return role, site.name
    return None


def explain(view, flavor='medium', home='SiteA', **values):
    return decide.explain(view, decide.request(home, 'office', flavor,
                                               **values))


def reasons(result):
    return {c['site']: c['reason'] for c in result['candidates']}


def test_the_home_site_first():
    assert first(lab()) == ('home', 'SiteA')


def test_a_full_home_borrows_from_the_nearest_site_with_room():
    view = lab({'SiteA': s.report('SiteA', FULL)})
    assert first(view) == ('lender', 'SiteB')  # 173 km, not Lyon's 567
    view = lab({'SiteA': s.report('SiteA', FULL),
                'SiteB': s.report('SiteB', FULL)})
    assert first(view) == ('lender', 'SiteC')


def test_all_sites_full_goes_to_the_shared_pool_then_fails():
    reports = {name: s.report(name, FULL)
               for name in ('SiteA', 'SiteB', 'SiteC')}
    assert first(lab(reports)) == ('pool', 'Central')
    reports['Central'] = s.report('Central', FULL)
    view = lab(reports)
    assert first(view) is None
    req = decide.request('SiteA', 'office', 'medium')
    text = decide.failure(view, req, decide.home_size(view, req))
    assert text.startswith('no site can take a desktop of flavor medium '
                           '(2 VCPU, 2048 MB RAM, 20 GB disk) for home '
                           'site SiteA (scope any): SiteA (home): no '
                           'compute host that is up has room')
    for name in ('SiteB: ', 'SiteC: ', 'Central (shared pool): '):
        assert name in text


def test_equally_near_sites_prefer_the_one_holding_the_template():
    rows = [s.row('Home', s.BRUSSELS, site_id=1),
            s.row('Alpha', s.AMSTERDAM, site_id=2),
            s.row('Beta', (s.AMSTERDAM[0], s.AMSTERDAM[1] + 0.001),
                  site_id=3)]
    reports = {'Home': s.report('Home', FULL),
               'Alpha': s.report('Alpha', templates=()),
               'Beta': s.report('Beta')}
    view = s.make_view(rows, reports)
    assert first(view, home='Home') == ('lender', 'Beta')
    view.set_templates({'Alpha': {'office'}})
    assert first(view, home='Home') == ('lender', 'Alpha')  # then by name


def test_equally_near_means_near_the_nearest_site_that_can_take_it():
    # Alpha and Beta are 0.6 and 1.2 km farther than Refused: Beta is
    # within 1 km of Alpha, the nearest site that can take the desktop;
    # Refused, which refused it before, does not start the window of
    # equally near sites.
    rows = [s.row('Home', s.BRUSSELS, site_id=1),
            s.row('Refused', s.AMSTERDAM, site_id=2),
            s.row('Alpha', (s.AMSTERDAM[0] + 0.0054, s.AMSTERDAM[1]),
                  site_id=3),
            s.row('Beta', (s.AMSTERDAM[0] + 0.0108, s.AMSTERDAM[1]),
                  site_id=4)]
    reports = {'Home': s.report('Home', FULL),
               'Alpha': s.report('Alpha', templates=()),
               'Beta': s.report('Beta')}
    view = s.make_view(rows, reports)
    assert first(view, home='Home') == ('lender', 'Refused')
    assert first(view, home='Home', exclude=['Refused']) == ('lender',
                                                             'Beta')


def test_a_lender_offering_the_flavor_smaller_than_the_home_is_found():
    bigger = [dict(f, vcpus=8) if f['name'] == 'medium' else f
              for f in s.FLAVORS]
    view = lab({'SiteA': s.report('SiteA', FULL, flavors=bigger),
                'SiteB': s.report('SiteB', [s.host('b-1', vcpus=2)])})
    assert first(view) == ('lender', 'SiteB')


def test_a_nearer_site_wins_over_a_farther_one_holding_the_template():
    view = lab({'SiteA': s.report('SiteA', FULL),
                'SiteB': s.report('SiteB', templates=())})
    assert first(view) == ('lender', 'SiteB')


@pytest.mark.parametrize('values, reason', [
    ({'availability': 'offline'}, 'offline'),
    ({'management_state': 'unmanaged'}, 'unmanaged'),
    ({'management_state': 'maintenance'}, 'in maintenance'),
])
def test_sites_that_cannot_take_desktops_are_skipped(values, reason):
    view = lab({'SiteA': s.report('SiteA', FULL)}, SiteB=values)
    assert first(view) == ('lender', 'SiteC')
    assert reasons(explain(view))['SiteB'].startswith(reason)


def test_a_site_without_a_report_or_up_hosts_is_skipped():
    view = lab({'SiteA': s.report('SiteA', FULL), 'SiteB': None})
    assert first(view) == ('lender', 'SiteC')
    assert reasons(explain(view))['SiteB'] == 'no monitoring report yet'
    down = [s.host('b-1', state='down')]
    view = lab({'SiteA': s.report('SiteA', FULL),
                'SiteB': s.report('SiteB', down)})
    assert reasons(explain(view))['SiteB'] == 'no compute host is up'


def test_an_offline_home_borrows():
    view = lab(SiteA={'availability': 'offline'})
    assert first(view) == ('lender', 'SiteB')


def test_a_lender_lends_only_above_its_reserve():
    # SiteB has 3 of 4 VCPU free per host: a 50% reserve keeps 2.
    hosts = [s.host('b-1', used=(1, 0, 0)), s.host('b-2', used=(1, 0, 0))]
    view = lab({'SiteA': s.report('SiteA', FULL),
                'SiteB': s.report('SiteB', hosts)},
               SiteB={'reserve_ratio': 0.5})
    assert first(view) == ('lender', 'SiteC')
    assert first(view, flavor='small') == ('lender', 'SiteB')
    result = explain(view)
    assert reasons(result)['SiteB'].endswith('above its 50% reserve')
    [site_b] = [c for c in result['candidates'] if c['site'] == 'SiteB']
    assert site_b['free_vcpus'] == 2  # 1 per host above the reserve
    # The home site's own reserve does not apply to its own desktops.
    view = lab({'SiteA': s.report('SiteA', hosts)},
               SiteA={'reserve_ratio': 0.5})
    assert first(view) == ('home', 'SiteA')


def test_scope_local_never_borrows():
    view = lab({'SiteA': s.report('SiteA', FULL)})
    assert first(view, scope='local') is None
    result = explain(view, scope='local')
    assert [c['site'] for c in result['candidates']] == ['SiteA']
    assert 'scope local: no other site may take them' in \
        result['candidates'][0]['reason']
    assert result['placements'] == []


def test_scope_group_borrows_within_the_group_only():
    groups = {'SiteA': {'group': 'north'}, 'SiteB': {'group': 'east'},
              'SiteC': {'group': 'north'}, 'Central': {'group': 'north'}}
    view = lab({'SiteA': s.report('SiteA', FULL)}, **groups)
    assert first(view, scope='group') == ('lender', 'SiteC')
    assert first(view, scope='any') == ('lender', 'SiteB')
    # No shared pool for scope group.
    view = lab({'SiteA': s.report('SiteA', FULL),
                'SiteC': s.report('SiteC', FULL)}, **groups)
    assert first(view, scope='group') is None
    assert first(view, scope='any') == ('lender', 'SiteB')
    # A home site without a group borrows from nobody in scope group.
    view = lab({'SiteA': s.report('SiteA', FULL)})
    assert first(view, scope='group') is None


def test_effective_scope():
    policy = {'labs': 'local', 'paris': 'group'}
    assert decide.effective_scope(None, None, policy) == 'any'
    assert decide.effective_scope(None, None, policy, 'group') == 'group'
    assert decide.effective_scope('any', 'labs', policy) == 'local'
    assert decide.effective_scope('local', 'paris', policy) == 'local'
    assert decide.effective_scope(None, 'paris', policy) == 'group'
    assert decide.effective_scope('any', 'other', policy) == 'any'


def test_a_site_without_coordinates_is_never_given_a_distance():
    rows = [s.row('SiteA', s.BRUSSELS, site_id=1),
            s.row('Nowhere', None, site_id=2),
            s.row('SiteC', s.LYON, site_id=3)]
    view = s.make_view(rows, {'SiteA': s.report('SiteA', FULL)})
    assert first(view) == ('lender', 'SiteC')
    [nowhere] = [c for c in explain(view)['candidates']
                 if c['site'] == 'Nowhere']
    assert nowhere['distance_km'] is None and not nowhere['kept']
    assert nowhere['reason'] == 'has no coordinates: skipped for borrowing'


def test_a_home_site_without_coordinates_goes_to_the_pool():
    rows = [s.row('Pool', s.PARIS, site_id=1, shared_pool=True),
            s.row('SiteA', None, site_id=2),
            s.row('SiteB', s.AMSTERDAM, site_id=3)]
    view = s.make_view(rows, {'SiteA': s.report('SiteA', FULL)})
    assert first(view) == ('pool', 'Pool')
    result = explain(view)
    assert result['candidates'][0]['reason'].endswith(
        'the home site has no coordinates, so no site can lend to it by '
        'distance')
    assert result['candidates'][-1]['distance_km'] is None


def test_sites_that_refused_the_desktop_are_not_tried_again():
    view = lab({'SiteA': s.report('SiteA', FULL)})
    assert first(view, exclude=['SiteB']) == ('lender', 'SiteC')
    assert first(view, exclude=['SiteA', 'SiteB', 'SiteC']) == (
        'pool', 'Central')
    assert reasons(explain(view, exclude=['SiteB']))['SiteB'].startswith(
        'refused this desktop before')


def test_flavors_a_lender_does_not_offer_or_offers_at_another_size():
    view = lab({'SiteA': s.report('SiteA', FULL),
                'SiteB': s.report('SiteB', flavors=s.FLAVORS[:1])})
    assert first(view) == ('lender', 'SiteC')
    assert reasons(explain(view))['SiteB'] == 'does not offer flavor medium'
    # A site that does not report flavors is judged at the home's size.
    view = lab({'SiteA': s.report('SiteA', FULL),
                'SiteB': s.report('SiteB', flavors=None)})
    assert first(view) == ('lender', 'SiteB')
    bigger = [dict(f, vcpus=8) if f['name'] == 'medium' else f
              for f in s.FLAVORS]
    view = lab({'SiteA': s.report('SiteA', FULL),
                'SiteB': s.report('SiteB', flavors=bigger)})
    assert first(view) == ('lender', 'SiteC')


def test_an_unknown_flavor():
    with pytest.raises(decide.UnknownFlavor):
        first(lab(), flavor='huge')
    # Known from another site's report when the home does not report.
    view = lab({'SiteA': s.report('SiteA', flavors=None)})
    assert first(view) == ('home', 'SiteA')


def test_claims_count_and_a_count_spreads_over_candidates():
    # SiteA has room for 2 mediums per host: 4 in all.
    view = lab()
    result = explain(view, count=7)
    assert result['placements'] == [
        {'site': 'SiteA', 'count': 4, 'origin_site': None},
        {'site': 'SiteB', 'count': 3, 'origin_site': 'SiteA'}]
    assert [c['kept'] for c in result['candidates']] == [True, True]
    assert result['request'] == {'home_site': 'SiteA',
                                 'template_type': 'office',
                                 'flavor': 'medium', 'count': 7,
                                 'scope': 'any'}
    # The dry run wrote nothing: claims only come from set_claims.
    assert first(view) == ('home', 'SiteA')
    view.set_claims([('SiteA', 'sitea-1', 4, 0, 0),
                     ('SiteA', 'sitea-2', 3, 0, 0)])
    assert first(view) == ('lender', 'SiteB')
    view.add_claim('SiteB', 'siteb-1', (4, 0, 0))
    view.add_claim('SiteB', 'siteb-2', (4, 0, 0))
    assert first(view) == ('lender', 'SiteC')


def test_explain_lists_candidates_in_order_with_their_numbers():
    view = lab({'SiteA': s.report('SiteA', FULL)})
    result = explain(view, count=1)
    assert [c['site'] for c in result['candidates']] == ['SiteA', 'SiteB']
    home, lender = result['candidates']
    assert home == {'site': 'SiteA', 'distance_km': 0.0, 'free_vcpus': 0,
                    'free_memory_mb': 16384, 'free_disk_gb': 160,
                    'holds_template': True, 'kept': False,
                    'reason': 'no compute host that is up has room for '
                              'medium (2 VCPU, 2048 MB RAM, 20 GB disk)'}
    assert lender['distance_km'] == pytest.approx(173, abs=1)
    assert lender['kept'] and lender['reason'] == (
        'nearest site with room, holds template office: takes 1 '
        'desktop(s) on siteb-1')


def test_explain_stops_listing_rejections_at_its_limit():
    rows = [s.row('Home', (50.0, 4.0), site_id=1)]
    reports = {'Home': s.report('Home', FULL)}
    for n in range(120):
        name = 'S%03d' % n
        rows.append(s.row(name, (50.0 + 0.05 * (n + 1), 4.0),
                          site_id=n + 2))
        reports[name] = s.report(name, FULL if n < 100 else None)
    view = s.make_view(rows, reports)
    result = decide.explain(view, decide.request('Home', 'office',
                                                 'medium'), limit=10)
    names = [c['site'] for c in result['candidates']]
    assert names[:10] == ['Home'] + ['S%03d' % n for n in range(9)]
    assert names[10:] == ['S100'] and result['candidates'][-1]['kept']
