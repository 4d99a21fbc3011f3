"""The devstack plugin's shell code parses and is lint-clean.

``bash -n``, shellcheck (Debian's ``shellcheck`` package, which the lab's
bootstrap installs) and bashate (PyPI, in test-requirements.txt), with
every bashate warning counted as an error. The stand-in for devstack
under tests/ is held to the same rules.
"""

import os
import shutil
import subprocess
import sys

import pytest

from tests.unit.devstack import runner

SCRIPTS = [os.path.join('devstack', name) for name in (
    'plugin.sh', 'settings', os.path.join('lib', 'desktop-federation'))]
SCRIPTS.append(os.path.relpath(runner.FAKE, runner.REPO))


def _run(argv):
    proc = subprocess.run(argv, cwd=runner.REPO, capture_output=True,
                          text=True, timeout=120)
    return proc.returncode, proc.stdout + proc.stderr


def test_every_shell_file_of_the_plugin_is_checked():
    found = []
    for top, _dirs, files in os.walk(runner.DEVSTACK):
        for name in files:
            path = os.path.relpath(os.path.join(top, name), runner.REPO)
            with open(os.path.join(runner.REPO, path), 'rb') as f:
                if f.readline().startswith(b'#!/bin/bash'):
                    found.append(path)
    assert sorted(found) == sorted(SCRIPTS[:-1])


@pytest.mark.parametrize('script', SCRIPTS)
def test_bash_parses(script):
    code, output = _run(['bash', '-n', script])
    assert code == 0, output


def test_shellcheck_is_clean():
    if not shutil.which('shellcheck'):
        pytest.fail('shellcheck is not installed: apt-get install '
                    'shellcheck (tools/lab prepare installs it)')
    # -x follows plugin.sh's "source" of lib/desktop-federation.
    code, output = _run(['shellcheck', '-x'] + SCRIPTS)
    assert code == 0, output


def test_bashate_is_clean():
    code, output = _run([sys.executable, '-m', 'bashate.bashate', '-v',
                         '--error', 'E*'] + SCRIPTS)
    assert code == 0, output
