# shellcheck shell=bash
# scripts/lib/odoo.sh: the Odoo server of the suite: its configuration file, the
# set-up every command starts with, the demo database, and the commands setup, run,
# upgrade, stop, shell.

# secret_key: the key that encrypts plant access keys (TTS-3), one per machine.
secret_key() {
    local f=$DSA_HOME/secret_key
    if [ ! -s "$f" ]; then
        (umask 077; "$PY" -c 'import base64,os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())' > "$f")
    fi
    cat "$f"
}

# admin_passwd: the database-manager master password: random, one per machine,
# never committed.
admin_passwd() {
    local f=$DSA_HOME/admin_passwd
    if [ ! -s "$f" ]; then
        (umask 077; "$PY" -c 'import secrets; print(secrets.token_urlsafe(24))' > "$f")
    fi
    cat "$f"
}

# write_conf FILE HTTP_PORT DBFILTER: the committed odoo.conf plus the
# machine-specific values (paths, socket, ports, secret key, master password).
write_conf() {
    "$PY" - "$ROOT/odoo.conf" "$1" <<EOS
import configparser, os, sys
cp = configparser.ConfigParser(interpolation=None)
cp.read(sys.argv[1])
o = cp['options']
o['addons_path'] = '$ROOT/addons'
o['data_dir'] = '$DSA_HOME/data'
o['db_host'] = '$PGHOST'
o['db_port'] = '$PGPORT'
o['db_user'] = 'odoo'
o['db_password'] = 'False'
o['http_port'] = '$2'
o['dbfilter'] = '$3'
o['dsa_secret_key'] = '$(secret_key)'
o.setdefault('admin_passwd', '$(admin_passwd)')
with open(sys.argv[2], 'w') as f:
    cp.write(f)
os.chmod(sys.argv[2], 0o600)  # it holds the secret key and the master password
EOS
}

# check_port_free PORT: dies with a clear message when something listens on PORT.
check_port_free() {
    "$PY" - "$1" <<'EOS' || die "port $1 is already in use (another Odoo running?). Stop it, or pick another port: DSA_HTTP_PORT=8070 make run"
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(('0.0.0.0', int(sys.argv[1])))
except OSError:
    sys.exit(1)
EOS
}

# install_db DB LOGFILE [extra odoo args]: fresh database with the suite and demo data
# (DSA_INSTALL_MODULES: what to install, the suite by default)
install_db() {
    local db=$1 log=$2 modules=${DSA_INSTALL_MODULES:-$DSA_MODULES}; shift 2
    say "creating database $db with $modules (log: $log)"
    : > "$log"
    if [ "${DSA_FAST_DB:-0}" = 1 ]; then
        # a throwaway database: created here (Odoo fills an empty one) to commit fast
        psql -q -d postgres -c "CREATE DATABASE \"$db\" ENCODING 'unicode' TEMPLATE template0" >/dev/null
        db_fast "$db"
    fi
    if ! "${ODOO[@]}" -c "$CONF" -d "$db" -i "$modules" --stop-after-init \
            --log-level=warn --logfile="$log" "$@"; then
        tail -n 40 "$log" >&2; db_drop "$db"
        die "installing $modules into $db failed (database dropped)"
    fi
    if grep -E " (ERROR|CRITICAL) " "$log" >/dev/null; then
        grep -E -A 15 " (ERROR|CRITICAL) " "$log" | head -n 60 >&2
        db_drop "$db"
        die "errors while installing into $db (see $log)"
    fi
}

# install_demo_db DB LOGFILE: the demo database of `run` and `test`. DSA_L10N comes in
# with the suite and DSA_LANG is loaded before it: the chart of accounts is set on the
# demo company before any accounting entry (so its currency becomes EUR), and the demo
# data gives Italian to the demo users. The suite itself does not depend on l10n_it.
install_demo_db() {
    local args=() modules=$DSA_MODULES
    [ -z "$DSA_L10N" ] || modules=$DSA_L10N,$DSA_MODULES
    [ -z "$DSA_LANG" ] || args+=("--load-language=$DSA_LANG")
    DSA_INSTALL_MODULES=$modules install_db "$1" "$2" ${args[@]+"${args[@]}"}
}

# setup: what every command needs, installed when missing (packages.sh, venv.sh),
# the cluster started (pg.sh) and the configuration of `run` written.
setup() {
    mkdir -p "$DSA_HOME/log"
    ensure_apt_packages
    ensure_venv
    ensure_venv_nodeps
    ensure_lessc
    pg_start
    write_conf "$CONF" "$DSA_HTTP_PORT" "^$DSA_DB\$"
}

cmd_setup() { setup; say "set-up done"; }

# run [ODOO ARGS]: serve DSA_DB (created with demo data the first time) on
# DSA_HTTP_PORT. The server replaces this shell (exec): same process id, recorded in
# $PID_DIR/run-DSA_DB.pid for `stop odoo`.
cmd_run() {
    local pid
    setup
    if pid=$(proc_pid "run-$DSA_DB"); then
        die "Odoo already serves '$DSA_DB' (pid $pid): stop it with 'scripts/dsa stop odoo'"
    fi
    if ! db_exists "$DSA_DB"; then
        install_demo_db "$DSA_DB" "$DSA_HOME/log/install-$DSA_DB.log"
    fi
    check_port_free "$DSA_HTTP_PORT"
    say "serving http://localhost:$DSA_HTTP_PORT  (database $DSA_DB, login admin / admin)"
    proc_record "run-$DSA_DB" $$
    exec "${ODOO[@]}" -c "$CONF" -d "$DSA_DB" "$@"
}

cmd_upgrade() {
    setup
    # addons new in this release first, alone: updated together with the addons that
    # now depend on them, Odoo 11 installs them but logs "Unmet dependencies" errors
    # (tests/test_upgrade.py); -i leaves an installed addon as it is
    "${ODOO[@]}" -c "$CONF" -d "$DSA_DB" -i queue_job,dsa_base --stop-after-init "$@"
    "${ODOO[@]}" -c "$CONF" -d "$DSA_DB" -u "$DSA_MODULES" --stop-after-init "$@"
}

# odoo_stop: stop, by process id, the Odoo servers started here for this
# configuration: `run` of DSA_DB, and a browser tests' server of DSA_E2E_DB left
# behind by an interrupted run. Other databases' and other checkouts' servers stay.
odoo_stop() {
    local name pid stopped=0
    for name in "run-$DSA_DB" "e2e-$DSA_E2E_DB"; do
        if pid=$(proc_pid "$name"); then
            proc_stop "$name" && say "Odoo stopped (pid $pid, $name)"
            stopped=1
        else
            rm -f "$PID_DIR/$name.pid"
        fi
    done
    [ "$stopped" = 1 ] || say "Odoo is not running (no server of '$DSA_DB' started by scripts/dsa)"
}

# stop [odoo|pg]: Odoo and the private cluster; `odoo` or `pg` stops only that one
# (`stop odoo` leaves a cluster that other checkouts or tests use running).
cmd_stop() {
    case "${1:-all}" in
        odoo) odoo_stop ;;
        pg) pg_stop ;;
        all) odoo_stop; pg_stop ;;
        *) die "stop: unknown argument '$1' (odoo, pg, or nothing for both)" ;;
    esac
}

cmd_shell() { setup; exec "${ODOO[@]}" shell -c "$CONF" -d "$DSA_DB" "$@"; }
