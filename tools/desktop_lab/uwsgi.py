"""Serve a WSGI application with the lab's uWSGI."""

from desktop_lab import inifile
from desktop_lab import layout as layout_mod
from desktop_lab import procs


def serve(lab, name, port, wsgi, env, processes=1, threads=2,
          pythonpath=None, timeout=180, wait=True, options=None):
    """Start name under uWSGI on loopback:port; wait until it answers.

    ``options``: more uWSGI settings, over the shared ones. With
    wait=False, return a callable that waits.
    """
    lay = lab.layout
    opts = {
        'http-socket': '%s:%d' % (layout_mod.HOST, port),
        'wsgi': wsgi,
        'home': lay.venv,
        'master': True,
        'processes': processes,
        'threads': threads,
        'enable-threads': True,
        'lazy-apps': True,
        'need-app': True,
        'die-on-term': True,
        'vacuum': True,
        'buffer-size': 65535,
        'http-chunked-input': True,
        # glanceclient sends 1 MiB chunks (a snapshot upload, say): the
        # default limit of one chunked part (1 MiB) refuses them.
        'chunked-input-limit': 4 * 1024 * 1024,
        'http-raw-body': True,
        'add-header': 'Connection: close',
        'hook-master-start': 'unix_signal:15 gracefully_kill_them_all',
        'procname-prefix': 'lab-%s ' % name,
        'env': ['%s=%s' % kv for kv in sorted(env.items())],
    }
    if pythonpath:
        opts['pythonpath'] = pythonpath
    opts.update(options or {})
    ini = inifile.write(lay.etc_dir('uwsgi', name + '.ini'), {'uwsgi': opts})
    pid, reused = lab.start(name, [lay.bin('uwsgi'), '--ini', ini],
                            port=port)

    def waiter():
        procs.wait_http('http://%s:%d/' % (layout_mod.HOST, port), pid,
                        lay.log(name), name, timeout=timeout)
    if not wait:
        return waiter
    waiter()


def serve_region_api(lab, region, service, configure, sync_db, wsgi,
                     env_for, **kwargs):
    """Configure, migrate and start one region's API service.

    Returns a callable that waits until it answers.
    """
    lay = lab.layout
    name, etc, _, _ = configure(lay, region)
    sync_db(lay, region)
    return serve(lab, name, lay.port(region, service), wsgi, env_for(etc),
                 wait=False, **kwargs)
