# Sourced by tools/run-tests. Needs VENV (the virtualenv to run pytest from).
#
# pytest_stage NAME ARGS...: run pytest with ARGS and return its exit code,
# except that pytest's exit code 5 ("no tests ran") becomes 1: a stage that
# collects nothing has proved nothing, and must fail the run.
pytest_stage() {
    local rc
    echo "== $1"
    shift
    "$VENV/bin/python" -m pytest -p no:cacheprovider "$@"
    rc=$?
    if [ "$rc" = 5 ]; then
        echo "== FAILED: no tests collected in: $*"
        rc=1
    fi
    return "$rc"
}
