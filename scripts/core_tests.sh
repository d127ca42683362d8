#!/usr/bin/env bash
# make core-tests: Odoo's own tests of the core apps the suite extends, without and
# with the suite, compared module by module (issue 29). An addon's data must not change
# what core's own tests rely on (the demo company once chose the chart of accounts).
#
#   1. baseline: a fresh database, `-i <CORE_MODULES> --test-enable`: the tests of every
#      module installed (the core apps and what they depend on: base, mail, product...);
#   2. suite: a fresh database, `-i <CORE_MODULES>,<DSA_MODULES> --test-enable`, running
#      the tests of the same modules only (the modules installed in the baseline; the
#      suite's own tests run in `make test`), on the same database with the suite's data;
#   3. a table per module: tests run, failures, errors on each side; exit status 1 when a
#      module does worse with the suite (more failures or errors, or fewer tests run),
#      2 when an installation broke.
# The two installations run one after the other (2 cores are enough). Environment:
#   CORE_MODULES           the core apps, comma or space separated (default: the list below)
#   DSA_MODULES            the suite (default: every addon, as scripts/dsa)
#   CORE_TESTS_DB          database prefix (default: ${DSA_TEST_DB:-dsa_test}_core)
#   CORE_TESTS_HTTP_PORT   port of the HttpCase tests (default: ${DSA_TEST_HTTP_PORT:-8169})
#   CORE_TESTS_TIMEOUT     seconds per installation (default: 7200)
#   CORE_TESTS_KEEP=1      keep the two databases (dropped otherwise)
#   CORE_TESTS_SIDES       'baseline suite' (default), or one of them to rerun it alone
#                          against the log of the other one kept from a previous run
# Logs: $DSA_HOME/log/core-tests-{baseline,suite}.log. Needs `make setup` done.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DSA_HOME=${DSA_HOME:-$ROOT/.local}
DSA_VENV=${DSA_VENV:-$ROOT/.venv}
DSA_PG_DIR=${DSA_PG_DIR:-$DSA_HOME/pg}
DSA_MODULES=${DSA_MODULES:-dsa_base,dsa_security,dsa_auth_device,dsa_tts,dsa_crm,dsa_pricing,dsa_accounting_bridge}
CORE_MODULES=${CORE_MODULES:-crm,sale_management,project,hr_timesheet,calendar,portal,account_invoicing,purchase}
CORE_MODULES=$(echo "$CORE_MODULES" | tr ' ' ',' | tr -s ',' | sed 's/^,//; s/,$//')
PREFIX=${CORE_TESTS_DB:-${DSA_TEST_DB:-dsa_test}_core}
PORT=${CORE_TESTS_HTTP_PORT:-${DSA_TEST_HTTP_PORT:-8169}}
LIMIT=${CORE_TESTS_TIMEOUT:-7200}
SIDES=${CORE_TESTS_SIDES:-baseline suite}
PY=$DSA_VENV/bin/python
LOGDIR=$DSA_HOME/log
CONF=$DSA_HOME/odoo-core-tests-$PREFIX.conf
export PGHOST=$DSA_PG_DIR/run PGPORT=${DSA_PG_PORT:-5432} PGUSER=odoo
export PGOPTIONS='-c client_min_messages=warning'   # no NOTICE for a database not there

say() { printf '\033[1m[core-tests %4ss]\033[0m %s\n' "$SECONDS" "$*" >&2; }
die() { printf '\033[1;31m[core-tests] error:\033[0m %s\n' "$*" >&2; exit 2; }

[ -x "$PY" ] || die "no virtualenv at $DSA_VENV: run 'make setup' first"
psql -d postgres -tAc 'SELECT 1' >/dev/null 2>&1 \
    || die "PostgreSQL is not running at $PGHOST: run 'make setup' first"
mkdir -p "$LOGDIR"

db_drop() {
    psql -q -d postgres -c "DROP DATABASE IF EXISTS \"$1\"" >/dev/null
    rm -rf "$DSA_HOME/data/filestore/$1"
}

# the server configuration of `make test`, with no dbfilter (the runner names the database)
"$PY" - "$ROOT/odoo.conf" "$CONF" <<EOF
import base64, configparser, os, sys
cp = configparser.ConfigParser(interpolation=None)
cp.read(sys.argv[1])
o = cp['options']
o['addons_path'] = '$ROOT/addons'
o['data_dir'] = '$DSA_HOME/data'
o['db_host'] = '$PGHOST'
o['db_port'] = '$PGPORT'
o['db_user'] = 'odoo'
o['db_password'] = 'False'
o['http_port'] = '$PORT'
o['dbfilter'] = ''
key = '$DSA_HOME/secret_key'
o['dsa_secret_key'] = (open(key).read().strip() if os.path.exists(key)
                       else base64.urlsafe_b64encode(os.urandom(32)).decode())
o['admin_passwd'] = base64.urlsafe_b64encode(os.urandom(24)).decode()
with open(sys.argv[2], 'w') as f:
    cp.write(f)
os.chmod(sys.argv[2], 0o600)
EOF

# run_side SIDE MODULES [ONLY]: a fresh database SIDE with MODULES and their tests;
# ONLY (comma separated) limits the tests run to those modules' (an Odoo launcher that
# skips the others' run_unit_tests: Odoo 11 has no --test-tags).
run_side() {
    local side=$1 modules=$2 only=${3:-} db=${PREFIX}_$1 log=$LOGDIR/core-tests-$1.log rc=0 t0=$SECONDS
    db_drop "$db"
    : > "$log"
    say "$side: -i $modules --test-enable on $db (log: $log)"
    CORE_TESTS_ONLY=$only timeout --kill-after=30 "$LIMIT" "$PY" - -c "$CONF" -d "$db" \
        -i "$modules" --test-enable --stop-after-init --log-level=test --logfile="$log" \
        <<'EOF' || rc=$?
import os
import sys

os.environ['ODOO_PRELOAD_ADDONS'] = 'no'   # as scripts/odoo-bin
sys.argv[0] = 'odoo-bin'
import odoo  # noqa: E402
from odoo.modules import module as odoo_module  # noqa: E402
from odoo.service import server  # noqa: E402

only = set(filter(None, os.environ.get('CORE_TESTS_ONLY', '').split(',')))
if only:
    run_unit_tests = odoo_module.run_unit_tests

    def run_only(module_name, dbname, position=odoo_module.runs_at_install):
        """The tests of the compared modules only."""
        if module_name not in only:
            return True
        return run_unit_tests(module_name, dbname, position)
    odoo_module.run_unit_tests = run_only
    server.run_unit_tests = run_only
odoo.cli.main()
EOF
    # Odoo exits 1 when a test failed: the log tells whether the installation itself ended
    if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
        die "$side: stopped after ${LIMIT}s (see $log)"
    fi
    # (the post-install tests run only on a registry loaded whole)
    if ! grep -q "odoo.service.server: All post-tested in" "$log" || grep -q "Failed to initialize database" "$log"; then
        tail -n 30 "$log" >&2; die "$side: the installation broke (exit status $rc, see $log)"
    fi
    if [ "$side" = baseline ]; then
        psql -d "$db" -tAc "SELECT name FROM ir_module_module WHERE state = 'installed' ORDER BY name" \
            | paste -sd, > "$LOGDIR/core-tests-baseline.modules"
    fi
    [ "${CORE_TESTS_KEEP:-0}" = 1 ] || db_drop "$db"
    say "$side: done in $((SECONDS - t0))s"
    echo "$((SECONDS - t0))" > "$LOGDIR/core-tests-$side.seconds"
}

for side in $SIDES; do
    case "$side" in
        baseline) run_side baseline "$CORE_MODULES" ;;
        suite)
            [ -s "$LOGDIR/core-tests-baseline.modules" ] || die "no baseline: run it first"
            run_side suite "$CORE_MODULES,$DSA_MODULES" "$(cat "$LOGDIR/core-tests-baseline.modules")" ;;
        *) die "unknown side $side (baseline or suite)" ;;
    esac
done

# the table: per module, tests run / failures / errors on each side
"$PY" - "$LOGDIR/core-tests-baseline.log" "$LOGDIR/core-tests-suite.log" \
       "$LOGDIR" "$CORE_MODULES" <<'EOF'
import collections
import os
import re
import sys

RAN = re.compile(r' odoo\.addons\.(\w+)\.tests\.[\w.]+: Ran (\d+) tests? in ')
BAD = re.compile(r' odoo\.modules\.module: Module (\w+): (\d+) failures, (\d+) errors')
TEST = re.compile(r': (FAIL|ERROR): (test\w*) \(odoo\.addons\.(\w+)\.[\w.]+\)')


def parse(path):
    """{module: [tests run, failures, errors]} and the set of failed tests."""
    stats = collections.defaultdict(lambda: [0, 0, 0])
    failed = set()
    with open(path, errors='replace') as log:
        for line in log:
            m = RAN.search(line)
            if m:
                stats[m.group(1)][0] += int(m.group(2))
            m = BAD.search(line)
            if m:
                stats[m.group(1)][1] += int(m.group(2))
                stats[m.group(1)][2] += int(m.group(3))
            m = TEST.search(line)
            if m:
                failed.add('%s %s.%s' % (m.group(1), m.group(3), m.group(2)))
    return stats, failed


base, base_failed = parse(sys.argv[1])
suite, suite_failed = parse(sys.argv[2])
worse = []
print('Odoo tests of %s and their dependencies, without / with the suite' % sys.argv[4])
print('| module | tests | failures | errors | with the suite: tests | failures | errors | |')
print('|---|---:|---:|---:|---:|---:|---:|---|')
for module in sorted(base):
    b, s = base[module], suite.get(module, [0, 0, 0])
    bad = s[1] > b[1] or s[2] > b[2] or s[0] < b[0]
    if bad:
        worse.append(module)
    print('| %s | %d | %d | %d | %d | %d | %d | %s |' % (
        module, b[0], b[1], b[2], s[0], s[1], s[2], 'WORSE' if bad else 'ok'))
total = [sum(v[i] for v in base.values()) for i in range(3)]
total_s = [sum(suite.get(m, [0, 0, 0])[i] for m in base) for i in range(3)]
print('| total | %d | %d | %d | %d | %d | %d | |' % tuple(total + total_s))
for side in ('baseline', 'suite'):
    seconds = os.path.join(sys.argv[3], 'core-tests-%s.seconds' % side)
    if os.path.exists(seconds):
        print('%s: installed and tested in %ss' % (side, open(seconds).read().strip()))
for test in sorted(suite_failed - base_failed):
    print('new with the suite: %s' % test)
for test in sorted(base_failed - suite_failed):
    print('only without the suite: %s' % test)
if worse:
    print('worse with the suite: %s' % ', '.join(worse))
    sys.exit(1)
print('no module does worse with the suite')
EOF
