#!/bin/bash
# A stand-in for the parts of devstack that devstack/plugin.sh, settings and
# lib/desktop-federation call: its functions (functions-common, inc/ini-config,
# lib/apache, lib/database, lib/keystone), and the system commands the plugin
# runs through them (sudo, rabbitmqctl, the openstack client, which).
#
# Each call is appended to $FAKE_DEVSTACK_LOG as one line: the name, then
# the arguments, tab-separated. Ini files are really edited (fake_ini.py),
# so a test can read the config each phase left behind; the project's own
# commands (desktop-central-manage, desktop-site-config) really run.
#
# Set by the test: FAKE_DEVSTACK_LOG, FAKE_DEVSTACK_ROOT (every path the
# plugin may write or delete is under it), FAKE_DEVSTACK_BIN (the virtualenv's
# bin directory), FAKE_COMPUTE_HOSTS, ENABLED_SERVICES.

_FAKE_INI="$(dirname "${BASH_SOURCE[0]}")/fake_ini.py"

function _fake_record {
    local IFS=$'\t'
    printf '%s\n' "$*" >> "$FAKE_DEVSTACK_LOG"
}

# Functions that only record their call: from functions-common
# (echo_summary, setup_develop, run_process, stop_process, wait_for_service),
# lib/keystone (create_service_user, get_or_create_service,
# get_or_create_endpoint) and lib/apache (remove_uwsgi_config).
for _fake_name in echo_summary setup_develop run_process stop_process \
        wait_for_service create_service_user get_or_create_service \
        get_or_create_endpoint remove_uwsgi_config; do
    eval "function $_fake_name { _fake_record $_fake_name \"\$@\"; }"
done

# functions-common
function die {
    _fake_record die "$@"
    shift
    echo "die: $*" >&2
    exit 1
}
function trueorfalse {
    local default=$1 value=${!2:-}
    case ${value:-$default} in
        1|yes|Yes|YES|true|True|TRUE|on|On|ON) echo True ;;
        *) echo False ;;
    esac
}
function enable_service {
    local service
    for service in "$@"; do
        ENABLED_SERVICES+=,$service
    done
    _fake_record enable_service "$@"
}
function disable_service {
    local service
    for service in "$@"; do
        ENABLED_SERVICES=,$ENABLED_SERVICES,
        ENABLED_SERVICES=${ENABLED_SERVICES//,$service,/,}
        ENABLED_SERVICES=${ENABLED_SERVICES#,}
        ENABLED_SERVICES=${ENABLED_SERVICES%,}
    done
    _fake_record disable_service "$@"
}
function is_service_enabled {
    local service
    for service in "$@"; do
        if [[ ,$ENABLED_SERVICES, == *,$service,* ]]; then
            return 0
        fi
    done
    return 1
}
function get_python_exec_prefix {
    echo "$FAKE_DEVSTACK_BIN"
}

# inc/ini-config
function iniset {
    _fake_record iniset "$@"
    python3 "$_FAKE_INI" set "$@"
}
function iniset_multiline {
    _fake_record iniset_multiline "$@"
    python3 "$_FAKE_INI" set-multi "$@"
}
function iniget {
    python3 "$_FAKE_INI" get "$@"
}
function iniget_multiline {
    python3 "$_FAKE_INI" get-multi "$@"
}

# lib/database: a SQLite file, so that the real db sync can run on it.
function database_connection_url {
    echo "sqlite:///$FAKE_DEVSTACK_ROOT/$1.sqlite"
}
function recreate_database {
    _fake_record recreate_database "$@"
    rm -f "$FAKE_DEVSTACK_ROOT/$1.sqlite"
}

# lib/apache: a uwsgi ini that names the app and where it listens.
function write_uwsgi_config {
    _fake_record write_uwsgi_config "$@"
    rm -f "$1"
    python3 "$_FAKE_INI" set "$1" uwsgi module "$2"
    python3 "$_FAKE_INI" set "$1" uwsgi http "$4"
}

# System commands. sudo runs only install and rm, and only under the root.
function sudo {
    _fake_record sudo "$@"
    local arg
    case $1 in
        install|rm)
            for arg in "${@:2}"; do
                if [[ $arg == /* && $arg != "$FAKE_DEVSTACK_ROOT"/* ]]; then
                    echo "fake sudo: $arg is outside the test root" >&2
                    return 1
                fi
            done
            "$@"
            ;;
    esac
}
function which {
    echo "/usr/local/bin/$1"
}
# The openstack client: nothing exists yet at central or in the region.
function openstack {
    _fake_record openstack "$@"
    local -a hosts
    read -r -a hosts <<< "$FAKE_COMPUTE_HOSTS"
    case " $* " in
        *" desktop site show "*|*" aggregate show "*) return 1 ;;
        *" compute service list "*) printf '%s\n' "${hosts[@]}" ;;
    esac
}
