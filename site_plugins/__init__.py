"""desktop-federation's site agent and its plugins.

One agent runs at each site region. It executes central's commands in the
site's own Nova, builds and caches templates, reports monitoring data and
keeps an outbox so that nothing is lost while the WAN is down. Back ends,
template builders and monitors are loaded through stevedore.

* ``conf``: the agent's options; ``cmd.agent``: ``desktop-site-agent``;
* ``service``: the parts wired together; ``manager``: what central's
  messages reach; ``resync``: catching up after a (re)connection;
* ``backends``: the site cloud (openstacksdk); ``executor``: commands;
  ``monitors``: the monitoring report; ``alarms``: raised and cleared;
* ``outbox``: the local SQLite outbox and its delivery to central;
  ``plugins``: stevedore loading.
"""
