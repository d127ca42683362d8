# shellcheck shell=bash
# scripts/lib/ops.sh: the operator's commands: benchmarks (bench/) on a throwaway
# database, the portal load test (bench/load/), and backup / restore of a database
# (scripts/backup.py, docs/deployment.md "Backups").

# bench [SCRIPT...]: run benchmarks against a throwaway database with the
# suite installed (DSA_BENCH_DB, kept between runs; drop it to start over).
cmd_bench() {
    setup
    local db=${DSA_BENCH_DB:-dsa_bench} conf=$DSA_HOME/odoo-bench.conf s
    write_conf "$conf" "$DSA_TEST_HTTP_PORT" "^$db\$"
    db_exists "$db" || CONF=$conf install_db "$db" "$DSA_HOME/log/install-$db.log" --without-demo=all
    local scripts=("$@")
    [ ${#scripts[@]} -gt 0 ] || scripts=("$ROOT"/bench/bench_*.py)
    for s in "${scripts[@]}"; do
        say "benchmark $s"
        "$PY" "$s" --conf "$conf" --db "$db"
    done
}

# bench-screens: each role's main screens in Chromium (bench/screens/), on a copy of
# the test template served with every SQL query logged; the table goes to stdout
cmd_bench-screens() {
    setup
    ensure_tools_venv
    local base=${DSA_TEST_DB}_base db=${DSA_TEST_DB}_screens
    local conf=$DSA_HOME/odoo-screens.conf log=$DSA_HOME/log/screens-server.log rc=0
    db_exists "$base" || die "no $base database: run 'make test' once"
    write_conf "$conf" "$DSA_E2E_HTTP_PORT" "^${db}\$"
    db_drop "$db"
    db_copy "$base" "$db"
    check_port_free "$DSA_E2E_HTTP_PORT"
    : > "$log"
    trap 'proc_stop "screens-$db" || true' EXIT
    proc_start "screens-$db" "${ODOO[@]}" -c "$conf" -d "$db" --workers=0 \
        --max-cron-threads=0 --logfile="$log" --log-handler=odoo.sql_db:DEBUG
    "$PY" "$ROOT/scripts/wait_http.py" "http://127.0.0.1:$DSA_E2E_HTTP_PORT/web/login" 240 \
        || die "the screens server did not answer (log $log)"
    "$TOOLS_VENV/bin/python" "$ROOT/bench/screens/bench_screens.py" \
        --url "http://127.0.0.1:$DSA_E2E_HTTP_PORT" --db "$db" --log "$log" "$@" || rc=$?
    proc_stop "screens-$db" || true
    trap - EXIT
    db_drop "$db"
    return "$rc"
}

# load [run_load.py ARGS]: the portal load test (bench/load/, issue 17) on DSA_LOAD_DB,
# a copy of the test template (suite + demo data) enlarged to 2,000 portal customers
cmd_load() {
    setup
    ensure_tools_venv
    local db=${DSA_LOAD_DB:-load_db} port=${DSA_LOAD_HTTP_PORT:-8475} extra=()
    local base=${DSA_LOAD_TEMPLATE:-${DSA_TEST_DB}_base} conf=$DSA_HOME/odoo-load.conf
    write_conf "$conf" "$port" "^$db\$"
    if ! db_exists "$db"; then
        db_exists "$base" || die "no template database $base: run 'make test' first"
        db_copy "$base" "$db"
        extra=(--enlarge)
    fi
    "$TOOLS_VENV/bin/python" "$ROOT/bench/load/run_load.py" --conf "$conf" --db "$db" \
        --port "$port" "${extra[@]}" "$@"
}

# backup [-d DB] [-o FILE_OR_FOLDER]: Odoo's backup zip of DB (DSA_DB by default) plus
# checksums.sha256, into .local/backups/ by default; the server may keep running.
# restore -d NEW_DB ARCHIVE: check the archive, restore into a new database, verify.
# Both are scripts/backup.py (docs/deployment.md, "Backups"); no database manager.
cmd_backup() {
    setup
    local db=$DSA_DB out=$DSA_HOME/backups/
    while [ $# -gt 0 ]; do
        case "$1" in -d) db=$2; shift 2 ;; -o) out=$2; shift 2 ;; *) die "backup: unknown argument $1" ;; esac
    done
    mkdir -p "$DSA_HOME/backups"
    "$PY" "$ROOT/scripts/backup.py" -c "$CONF" backup -d "$db" -o "$out"
}

cmd_restore() {
    setup
    "$PY" "$ROOT/scripts/backup.py" -c "$CONF" restore "$@"
}

