"""tools/lab restart SERVICE: one service, stopped and started again.

Only the services a fault test breaks on purpose, or whose settings
change, can be restarted alone: central's API and engine, a site agent,
the two RabbitMQ nodes and Horizon (to load changed panels). Each is
started
exactly as ``tools/lab up`` starts it, on the config that ``up`` wrote, so
a restarted service is the one ``up`` would have made. A service that still
runs is first stopped by its recorded PID (its own stop signal, then
SIGKILL for what is left of its process group).
"""

import signal

from desktop_lab.control import Lab
from desktop_lab.errors import LabError
from desktop_lab import layout as layout_mod
from desktop_lab import procs
from desktop_lab import state as state_mod

STOP_TIMEOUT = 20


def starters(lay):
    """``{service name: start(lab)}`` of the services restart knows."""
    from desktop_lab import federation
    from desktop_lab import horizon
    from desktop_lab import lifecycle
    found = {
        horizon.SERVICE: horizon.start,
        'desktop-central-engine': federation.start_engine,
        'desktop-central-api': federation.start_api,
        'rabbit-wan': lambda lab: lifecycle.start_rabbit(lab, 'wan'),
        'rabbit-regions': lambda lab: lifecycle.start_rabbit(lab,
                                                             'regions'),
    }
    for reg in lay.regions:
        found[federation.agent_service(reg)] = (
            lambda lab, reg=reg: federation.start_agent(lab, reg))
    return found


def _stop(lab, name):
    svc = lab.state['services'].get(name) or {}
    pid = procs.read_pid(lab.layout.pidfile(name)) or svc.get('pid', 0)
    if procs.signal_group(pid, svc.get('stop_signal', signal.SIGTERM)):
        if not procs.wait_gone([pid], timeout=STOP_TIMEOUT):
            lab.say('%s (pid %d) did not stop within %d s; killing it'
                    % (name, pid, STOP_TIMEOUT))
        procs.kill_group(pid)
        lab.say('stopped %s (pid %d)' % (name, pid))


def restart(lab_dir, name):
    st = state_mod.load(lab_dir)
    if not st or not st.get('services'):
        raise LabError('the lab is not running; start it with "tools/lab '
                       'up"')
    lay = layout_mod.Layout(lab_dir, st['topology'])
    known = starters(lay)
    if name not in known:
        raise LabError('cannot restart %r alone; these can be: %s'
                       % (name, ', '.join(sorted(known))))
    lab = Lab(lay)
    _stop(lab, name)
    known[name](lab)
    lab.say('started %s (pid %d)' % (name, lab.running_pid(name)))
    return 0
