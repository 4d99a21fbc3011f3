"""The documentation builds without a warning from the code it reads."""

import os
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


def test_docs_build_cleanly(tmp_path):
    bin_dir = os.path.dirname(sys.executable)
    env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ['PATH'])
    result = subprocess.run(
        [sys.executable, '-m', 'sphinx', '-W', '-q', '-b', 'html',
         '-d', str(tmp_path / 'doctrees'), os.path.join(ROOT, 'doc', 'source'),
         str(tmp_path / 'html')],
        capture_output=True, text=True, env=env, timeout=600, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-3000:]
    api = (tmp_path / 'html' / 'api' / 'index.html').read_text()
    assert '/v1/desktops/{desktop_id}/action' in api
    assert 'desktop-federation:desktop:create' in api
    shutil.rmtree(tmp_path / 'html')
