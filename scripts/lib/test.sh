# shellcheck shell=bash
# scripts/lib/test.sh: the checks: lint (flake8, msgfmt, pylint-odoo), the pytest
# runner (`test`), Odoo's own runner (`native`) and the browser tests (`e2e`), each on
# a copy of the test template database <DSA_TEST_DB>_base.

cmd_lint() {
    [ -x "$DSA_VENV/bin/flake8" ] || ensure_venv
    say "flake8 addons/ tests/ bench/"
    "$DSA_VENV/bin/flake8" --config "$ROOT/.flake8" "$ROOT/addons" "$ROOT/tests" "$ROOT/bench"
    say "flake8: no warnings"
    # translations: a merge (union of both sides, .gitattributes) must leave valid files
    local po
    for po in "$ROOT"/addons/*/i18n/*.po "$ROOT"/addons/*/i18n/*.pot; do
        [ -e "$po" ] || continue
        msgfmt --check-format -o /dev/null "$po" || die "invalid translation file $po"
    done
    say "msgfmt: translation files valid"
    ensure_tools_venv
    say "pylint-odoo addons/ (.pylintrc; fails on error-level messages)"
    local rc=0 out=$DSA_HOME/log/pylint-odoo.txt
    (cd "$ROOT" && "$TOOLS_VENV/bin/pylint" --rcfile=.pylintrc addons/) > "$out" 2>&1 || rc=$?
    # warnings and conventions: counted here, listed in the log
    grep -oE ': [CRW][0-9]{4}: .*\(([a-z0-9-]+)\)$' "$out" | sed -E 's/.*\(([a-z0-9-]+)\)$/\1/' \
        | sort | uniq -c | sort -rn | sed 's/^/    /' >&2 || true
    # pylint's exit status is a bit mask: 1 fatal, 2 error, 4 warning, 8 refactor, 16 convention
    if [ $((rc & 3)) -ne 0 ]; then
        grep -E ': [EF][0-9]{4}: ' "$out" >&2 || tail -n 30 "$out" >&2
        die "pylint-odoo: error-level messages (full output in $out)"
    fi
    say "pylint-odoo: no error-level message (warnings above, listed in $out)"
}

# test [PYTEST ARGS]: lint, then a database with the suite installed from
# scratch (DSA_TEST_DB_base, kept as a template that the installation tests
# copy), a copy of it for the tests, and pytest over every tests/ folder, or
# over the paths given.  DSA_TEST_REUSE=1 upgrades the existing template
# instead of installing it again (for quick local iterations only).
cmd_test() {
    setup
    [ "${DSA_LINT:-1}" = 0 ] || cmd_lint
    write_conf "$TEST_CONF" "$DSA_TEST_HTTP_PORT" "^${DSA_TEST_DB}\$"
    local base=${DSA_TEST_DB}_base log=$DSA_HOME/log/install-${DSA_TEST_DB}.log
    db_drop "$DSA_TEST_DB"
    if [ "${DSA_TEST_REUSE:-0}" = 1 ] && db_exists "$base"; then
        say "upgrading $DSA_MODULES in $base (DSA_TEST_REUSE=1)"
        # -i queue_job: a dependency added to an installed addon is not installed by -u
        # when its module is new on disk (ACB-1, background imports); -i of an installed module does nothing
        "${ODOO[@]}" -c "$TEST_CONF" -d "$base" -i queue_job -u "$DSA_MODULES" \
            --stop-after-init --log-level=warn --logfile="$log" \
            || { tail -n 40 "$log" >&2; die "upgrade failed"; }
    else
        db_drop "$base"
        CONF=$TEST_CONF DSA_FAST_DB=1 install_demo_db "$base" "$log"
    fi
    db_copy "$base" "$DSA_TEST_DB"
    cd "$ROOT"
    local paths=() ignore=() p
    if [ $# -gt 0 ] && [ -e "$1" ]; then
        paths=()
    else
        for p in addons/*/tests tests; do
            [ -d "$p" ] || continue
            # the addons that native_run tests under Odoo's own runner run there, once
            if [ "${DSA_NATIVE:-1}" = 1 ] && \
               [[ ",$DSA_NATIVE_MODULES," == *",$(basename "$(dirname "$p")"),"* ]]; then
                continue
            fi
            paths+=("$p")
        done
        # the crash tests (about 12 minutes of real servers killed mid-way) have
        # their own target, make crash-tests, which CI runs after make test
        ignore+=(--ignore=tests/test_crash.py)
        # and the upgrade from the previous release (make upgrade-test, also in CI)
        ignore+=(--ignore=tests/test_upgrade.py)
    fi
    say "pytest on $DSA_TEST_DB"
    local rc=0
    DSA_TEST_CONF=$TEST_CONF DSA_TEST_BASE_DB=$base DSA_ROOT=$ROOT \
    "$PY" -m pytest -p no:cacheprovider --odoo-config="$TEST_CONF" \
        --odoo-database="$DSA_TEST_DB" --ignore=tests/e2e "${ignore[@]}" "${paths[@]}" "$@" || rc=$?
    # Odoo's own runner and the browser tests have their own databases, servers
    # and ports: they run side by side (one after the other took 3 + 4 minutes).
    # The native database is copied first: two copies of one template at once
    # are refused by PostgreSQL.
    local native_pid='' native_out=$DSA_HOME/log/native-run.out
    if [ "${DSA_NATIVE:-1}" = 1 ] && [ ${#paths[@]} -gt 0 ]; then
        native_prepare "$base"
        native_exec > "$native_out" 2>&1 &
        native_pid=$!
    fi
    if [ "${DSA_E2E:-1}" = 1 ] && [ ${#paths[@]} -gt 0 ]; then
        e2e_run "$base" || rc=1
    fi
    if [ -n "$native_pid" ]; then
        wait "$native_pid" || rc=1
        cat "$native_out" >&2
    fi
    return "$rc"
}

# native_run TEMPLATE_DB: the addons' tests under Odoo's own runner, the way
# integrators and Odoo CI run them (`--test-enable`, not pytest), for the addons
# whose tests go over HTTP and render PDFs (DSA_NATIVE_MODULES; the full `test`
# then leaves them out of pytest, so that they run once).  On a copy of
# the test template, `-i` of an installed addon reloads that addon alone (no
# cascade to the addons that depend on it) and runs its tests post install.
# The server sees every database of the cluster (no dbfilter), and
# web.base.url points at it: wkhtmltopdf fetches the report styles from the
# server under test.  A hang ends at DSA_NATIVE_TIMEOUT seconds with a clear
# failure.  DSA_NATIVE=0 skips it.
native_run() {
    native_prepare "$1"
    native_exec
}

# native_prepare TEMPLATE_DB: the runner's configuration and its copy of the template
native_prepare() {
    local template=$1 db=${DSA_TEST_DB}_native
    write_conf "$DSA_HOME/odoo-native-$db.conf" "$DSA_TEST_HTTP_PORT" ""
    db_drop "$db"
    db_copy "$template" "$db"
    psql -q -d "$db" -c "UPDATE ir_config_parameter SET value = 'http://127.0.0.1:$DSA_TEST_HTTP_PORT'
                         WHERE key = 'web.base.url'" >/dev/null
}

# native_exec: run the tests on the copy native_prepare made, then drop it
native_exec() {
    local db=${DSA_TEST_DB}_native rc=0 status
    local conf=$DSA_HOME/odoo-native-$db.conf log=$DSA_HOME/log/native-$db.log
    local modules=$DSA_NATIVE_MODULES limit=${DSA_NATIVE_TIMEOUT:-900}
    local fails=": (FAIL|ERROR): [A-Za-z_]|Module [a-z_]+: [0-9]+ failures| CRITICAL "
    say "Odoo's own test runner: -i $modules --test-enable on $db (log: $log, limit ${limit}s)"
    : > "$log"
    timeout --kill-after=30 "$limit" "${ODOO[@]}" -c "$conf" -d "$db" -i "$modules" \
        --test-enable --stop-after-init --log-level=test --logfile="$log" || rc=$?
    # Odoo exits non-zero when a test failed; its log names each failed test
    # (the server's own ERROR lines are also there for the refusals the tests expect)
    if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
        grep -E "running tests|: test_[a-z0-9_]+ \(" "$log" | tail -n 3 >&2
        say "native test run stopped after ${limit}s: a test hangs (last tests above; see $log)"
    elif [ "$rc" -ne 0 ] || grep -E "$fails" "$log" >/dev/null; then
        grep -E "$fails" "$log" | head -n 40 >&2
        say "native test run: failures (exit status $rc, see $log)"
        rc=1
    fi
    status=$(grep -cE "odoo\.addons\.dsa_[a-z_]+\.tests\.test_[a-z0-9_]+: Ran [0-9]+ test" "$log" || true)
    if [ "$rc" -eq 0 ] && [ "$status" -eq 0 ]; then
        say "native test run: no test ran (see $log)"; rc=1
    fi
    [ "$rc" -eq 0 ] && say "native test run: $(grep -oE 'Ran [0-9]+ test' "$log" \
        | awk '{n += $2} END {print n}') tests passed ($status files)"
    db_drop "$db"
    return "$rc"
}

# e2e_run TEMPLATE_DB [PYTEST ARGS]: a real Odoo server on a copy of the test
# database (demo data), and the browser tests in tests/e2e/ against it. The server
# is stopped by its process id (proc.sh) when the tests end, and when this script
# ends early (a failure, Ctrl-C); `scripts/dsa stop odoo` stops one left behind.
e2e_run() {
    local template=$1; shift
    local conf=$DSA_HOME/odoo-e2e-$DSA_E2E_DB.conf log=$DSA_HOME/log/e2e-server.log rc=0
    ensure_tools_venv
    write_conf "$conf" "$DSA_E2E_HTTP_PORT" "^${DSA_E2E_DB}\$"
    db_drop "$DSA_E2E_DB"
    db_copy "$template" "$DSA_E2E_DB"
    check_port_free "$DSA_E2E_HTTP_PORT"
    say "browser tests: Odoo on :$DSA_E2E_HTTP_PORT (database $DSA_E2E_DB, log $log)"
    trap 'proc_stop "e2e-$DSA_E2E_DB" || true' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    proc_start "e2e-$DSA_E2E_DB" "${ODOO[@]}" -c "$conf" -d "$DSA_E2E_DB" --workers=0 \
        --max-cron-threads=0 --logfile="$log"
    if ! "$PY" "$ROOT/scripts/wait_http.py" "http://127.0.0.1:$DSA_E2E_HTTP_PORT/web/login" 240; then
        tail -n 40 "$log" >&2; die "the e2e server did not answer"
    fi
    DSA_E2E_URL=http://127.0.0.1:$DSA_E2E_HTTP_PORT DSA_E2E_SHOTS=$DSA_HOME/e2e \
        timeout 1200 "$TOOLS_VENV/bin/python" -m pytest -c "$ROOT/tests/e2e/pytest.ini" \
        --rootdir "$ROOT/tests/e2e" --confcutdir "$ROOT/tests/e2e" "$ROOT/tests/e2e" \
        "$@" || rc=$?
    proc_stop "e2e-$DSA_E2E_DB" || true
    trap - EXIT INT TERM
    db_drop "$DSA_E2E_DB"
    say "browser tests done (screenshots in $DSA_HOME/e2e)"
    return "$rc"
}

# e2e [PYTEST ARGS]: only the browser tests, on the last test template database
cmd_e2e() {
    setup
    local base=${DSA_TEST_DB}_base
    write_conf "$TEST_CONF" "$DSA_TEST_HTTP_PORT" "^${DSA_TEST_DB}\$"
    db_exists "$base" || die "no $base database: run 'make test' once"
    e2e_run "$base" "$@"
}

# native: only the tests under Odoo's own runner, on the last test database template
cmd_native() {
    setup
    local base=${DSA_TEST_DB}_base
    db_exists "$base" || die "no $base database: run 'make test' once"
    native_run "$base"
}

