"""Model helpers."""

from central_cloud.db import models


def test_to_dict_names_the_site(site, db):
    command = db.create_command('SiteA', 'ping')
    data = db.get_command(command.id).to_dict()
    assert data['site'] == 'SiteA'
    assert data['site_id'] == site.id
    assert set(data) >= {c.name for c in models.Command.__table__.columns}


def test_to_dict_without_a_site(db):
    notice = db.create_notice('t', 'b')
    assert 'site' not in notice.to_dict()
    assert notice.to_dict()['title'] == 't'


def test_enum_values_fit_their_columns():
    for values in (models.MANAGEMENT_STATES, models.AVAILABILITIES,
                   models.SITE_TEMPLATE_STATUSES, models.COMMAND_STATES,
                   models.ALARM_STATES):
        assert max(len(v) for v in values) <= models.ENUM_LENGTH
