"""tools/pytest-stage.sh: a test stage that collects nothing fails."""

import os
import subprocess
import sys
import textwrap

import fixtures
import testtools

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..',
                                    '..'))
STAGE = os.path.join(ROOT, 'tools', 'pytest-stage.sh')


class TestPytestStage(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.tmp = self.useFixture(fixtures.TempDir()).path
        # A virtualenv stand-in whose python is the one running this test.
        os.makedirs(os.path.join(self.tmp, 'venv', 'bin'))
        os.symlink(sys.executable,
                   os.path.join(self.tmp, 'venv', 'bin', 'python'))

    def _stage(self, test_source):
        path = os.path.join(self.tmp, 'test_sample.py')
        with open(path, 'w') as f:
            f.write(textwrap.dedent(test_source))
        script = 'source "$1"; pytest_stage sample "$2" -q'
        return subprocess.run(
            ['bash', '-c', script, 'stage', STAGE, path],
            env=dict(os.environ, VENV=os.path.join(self.tmp, 'venv')),
            cwd=self.tmp, capture_output=True, text=True, timeout=120)

    def test_passing_stage_exits_zero(self):
        result = self._stage('def test_ok():\n    assert True\n')
        self.assertEqual(0, result.returncode, result.stdout)

    def test_failing_stage_keeps_its_exit_code(self):
        result = self._stage('def test_bad():\n    assert False\n')
        self.assertEqual(1, result.returncode, result.stdout)

    def test_stage_that_collects_nothing_fails(self):
        result = self._stage('def helper():\n    pass\n')
        self.assertEqual(1, result.returncode, result.stdout)
        self.assertIn('no tests collected', result.stdout)
