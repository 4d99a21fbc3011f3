#!/bin/bash
# plugin.sh - devstack plugin of desktop-federation
#
# Called by stack.sh, unstack.sh and clean.sh as
# ``source plugin.sh <mode> [phase]``. DESKTOP_FEDERATION_ROLE (see
# settings) says whether this node is central or a site.

# Save trace setting
_XTRACE_DESKTOP_PLUGIN=$(set +o | grep xtrace)
set -o xtrace

# shellcheck source=devstack/lib/desktop-federation
source "$(dirname "${BASH_SOURCE[0]}")/lib/desktop-federation"

if is_service_enabled desktop-central-api desktop-central-engine \
        desktop-site-agent; then
    check_desktop_role

    if [[ "$1" == "stack" && "$2" == "pre-install" ]]; then
        # The Debian packages come from files/debs.
        echo_summary "desktop-federation: $DESKTOP_FEDERATION_ROLE node"

    elif [[ "$1" == "stack" && "$2" == "install" ]]; then
        echo_summary "Installing desktop-federation"
        install_desktop_federation

    elif [[ "$1" == "stack" && "$2" == "post-config" ]]; then
        if is_desktop_central; then
            echo_summary "Configuring desktop-federation central"
            configure_desktop_central
            create_desktop_wan_credentials
            if is_service_enabled key; then
                create_desktop_accounts
            fi
            init_desktop_central
            configure_desktop_horizon
        fi
        if is_service_enabled desktop-site-agent; then
            echo_summary "Configuring the desktop-federation site agent"
            configure_desktop_site_agent
            configure_desktop_nova_scheduler
        fi

    elif [[ "$1" == "stack" && "$2" == "extra" ]]; then
        if is_desktop_central; then
            echo_summary "Starting desktop-federation central"
            start_desktop_central
        fi
        if is_service_enabled desktop-site-agent; then
            echo_summary "Starting the desktop-federation site agent"
            register_desktop_site
            create_desktop_aggregate
            start_desktop_site_agent
        fi

    elif [[ "$1" == "stack" && "$2" == "test-config" ]]; then
        if is_service_enabled tempest; then
            iniset "$TEMPEST_CONFIG" service_available desktop_federation \
                True
        fi
    fi

    if [[ "$1" == "unstack" ]]; then
        stop_desktop_federation
    fi

    if [[ "$1" == "clean" ]]; then
        # clean.sh has called unstack.sh first.
        cleanup_desktop_federation
    fi
fi

# Restore xtrace
$_XTRACE_DESKTOP_PLUGIN
