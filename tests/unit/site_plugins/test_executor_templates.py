"""The executor's template paths: build_template, and a create whose
template is missing."""

import pytest

from central_cloud.protocol import validation
from site_plugins.executor import executor
from site_plugins.templates import errors
from tests.unit.site_plugins import fakes
from tests.unit.site_plugins import test_executor


class Templates(object):
    """A template manager that records what it was asked."""

    def __init__(self, cloud, fail=None):
        self.cloud = cloud
        self.fail = fail
        self.asked = []

    def build_command(self, command):
        self.asked.append(('build', command['id']))
        if self.fail:
            raise self.fail
        return {'message': 'Template office version 2 built',
                'template': {'type': 'office', 'version': 2,
                             'image_id': '6e4d86f8-b784-48af-ae7a-'
                                         '01ce23785744'}}

    def for_create(self, template_type, command_id):
        self.asked.append(('create', template_type, command_id))
        if self.fail:
            raise self.fail
        image = fakes.image('template-%s' % template_type, template_type)
        self.cloud.images.append(image)
        return {'id': image.id}


BUILD = {'template_type': 'office', 'version': 2,
         'base_image': {'checksum': 'a' * 128}, 'bundles': []}


def _run(engine, command):
    validation.validate('command', command)
    state, result = engine.run(command)
    validation.validate('progress', {'command_id': command['id'],
                                     'state': state, 'result': result})
    return state, result


def test_build_template_runs_in_the_template_manager(backend, conf, cloud):
    templates = Templates(cloud)
    engine = executor.Executor(backend, conf, 'site-a', templates=templates)
    command = test_executor.command('build_template', **BUILD)
    state, result = _run(engine, command)
    assert state == 'succeeded'
    assert result['template']['version'] == 2
    assert templates.asked == [('build', command['id'])]


def test_a_failed_build_fails_the_command_with_the_reason(backend, conf,
                                                          cloud):
    engine = executor.Executor(backend, conf, 'site-a', templates=Templates(
        cloud, errors.BuildFailed('sha256_mismatch', 'File a failed '
                                  'verification: its sha256 is x')))
    state, result = _run(engine, test_executor.command('build_template',
                                                       **BUILD))
    assert state == 'failed'
    assert result['message'] == 'File a failed verification: its sha256 is x'


def test_without_a_template_manager_build_template_fails(backend, conf):
    engine = executor.Executor(backend, conf, 'site-a')
    state, result = _run(engine, test_executor.command('build_template',
                                                       **BUILD))
    assert state == 'failed'
    assert 'has no template manager' in result['message']


@pytest.fixture
def no_template(cloud):
    cloud.images[:] = [
        i for i in cloud.images
        if not i.properties.get('desktop_template_type')]
    return cloud


def test_a_create_whose_template_is_missing_builds_it_first(
        backend, conf, no_template):
    templates = Templates(no_template)
    engine = executor.Executor(backend, conf, 'site-a', templates=templates)
    command = test_executor.create_command(template_type='cad')
    state, result = _run(engine, command)
    assert state == 'succeeded', result
    assert templates.asked == [('create', 'cad', command['id'])]
    (server,) = no_template.servers.values()
    assert server.attrs['image_id'] == no_template.images[-1].id


def test_a_create_whose_template_exists_builds_nothing(backend, conf,
                                                       cloud):
    templates = Templates(cloud)
    engine = executor.Executor(backend, conf, 'site-a', templates=templates)
    state, _result = _run(engine, test_executor.create_command())
    assert state == 'succeeded' and templates.asked == []


def test_a_create_whose_build_fails_makes_no_server(backend, conf,
                                                    no_template):
    engine = executor.Executor(backend, conf, 'site-a', templates=Templates(
        no_template, errors.BuildFailed(
            'base_image_gone', "Base image x is no longer in central's "
            'Glance')))
    state, result = _run(engine, test_executor.create_command(
        template_type='cad'))
    assert state == 'failed'
    assert "no longer in central's Glance" in result['message']
    assert not no_template.servers
