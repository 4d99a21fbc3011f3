"""The lab's record of itself: topology, services started, phase times.

It is written after every change, so a half-started lab is always recorded
and ``tools/lab down`` can stop exactly what was started.
"""

import json
import os
import tempfile

STATE_FILE = 'state.json'


def path(lab_dir):
    return os.path.join(lab_dir, STATE_FILE)


def load(lab_dir):
    try:
        with open(path(lab_dir)) as f:
            return json.load(f)
    except (FileNotFoundError, ValueError):
        return None


def save(lab_dir, state):
    os.makedirs(lab_dir, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=lab_dir, prefix='.state.')
    with os.fdopen(fd, 'w') as f:
        json.dump(state, f, indent=1, sort_keys=True)
    os.replace(tmp, path(lab_dir))
