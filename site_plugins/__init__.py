"""desktop-federation's site agent and its plugins.

One agent runs at each site region. It executes central's commands in the
site's own Nova, builds and caches templates, reports monitoring data and
keeps an outbox so that nothing is lost while the WAN is down. Back ends,
template builders and monitors are loaded through stevedore.
"""
