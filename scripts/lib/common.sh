# shellcheck shell=bash
# scripts/lib/common.sh: the settings of scripts/dsa (every DSA_* variable and its
# default, the paths derived from them) and the messages. Sourced first by
# scripts/dsa, which sets ROOT (the project root) before.
#
# Everything the script creates lives under the project (.venv/ and .local/, both
# ignored by git). Every path and port can be overridden by an environment
# variable (docs/development.md, "Overrides").

DSA_HOME=${DSA_HOME:-$ROOT/.local}              # state: cluster, filestore, node, logs, pid files
DSA_VENV=${DSA_VENV:-$ROOT/.venv}               # Python 3.6 virtualenv
DSA_DB=${DSA_DB:-dsa}                           # database served by `run`
DSA_TEST_DB=${DSA_TEST_DB:-dsa_test}            # throwaway database of `test`
DSA_HTTP_PORT=${DSA_HTTP_PORT:-8069}            # Odoo HTTP port of `run`
DSA_TEST_HTTP_PORT=${DSA_TEST_HTTP_PORT:-8169}  # Odoo HTTP port of the tests
DSA_PG_PORT=${DSA_PG_PORT:-5432}                # cluster port (Unix socket only, no TCP)
DSA_PG_DIR=${DSA_PG_DIR:-$DSA_HOME/pg}          # cluster data and socket
DSA_MODULES=${DSA_MODULES:-dsa_base,dsa_security,dsa_auth_device,dsa_tts,dsa_crm,dsa_pricing,dsa_accounting_bridge}
# the demo databases of `run` and `test` are an Italian company: the chart of accounts
# (its currency, EUR, becomes the company's) and the languages they load ('' for none;
# the first one is the default of new partners and the administrator's: English)
DSA_L10N=${DSA_L10N-l10n_it}
DSA_LANG=${DSA_LANG-en_US,it_IT}
# addons whose tests `test` runs under Odoo's own runner instead of pytest (HTTP, PDFs)
DSA_NATIVE_MODULES=${DSA_NATIVE_MODULES:-dsa_auth_device,dsa_pricing}
DSA_E2E_DB=${DSA_E2E_DB:-${DSA_TEST_DB}_e2e}    # database of the browser tests' server
DSA_E2E_HTTP_PORT=${DSA_E2E_HTTP_PORT:-8369}    # its HTTP port
# Read where they are used: DSA_PYTHON, DSA_E2E_PYTHON (venv.sh); DSA_PG_BIN (pg.sh);
# DSA_INSTALL_MODULES, DSA_FAST_DB (odoo.sh); DSA_LINT, DSA_NATIVE, DSA_E2E,
# DSA_TEST_REUSE, DSA_NATIVE_TIMEOUT (test.sh); DSA_BENCH_DB, DSA_LOAD_DB,
# DSA_LOAD_HTTP_PORT, DSA_LOAD_TEMPLATE (ops.sh).

PY=$DSA_VENV/bin/python
ODOO=("$PY" "$ROOT/scripts/odoo-bin")
CONF=$DSA_HOME/odoo.conf
TEST_CONF=$DSA_HOME/odoo-test-$DSA_TEST_DB.conf   # one per test database: parallel runs
TOOLS_VENV=$DSA_HOME/tools-venv                   # modern Python: Playwright, pylint-odoo
PID_DIR=$DSA_HOME/pid                             # pid files of the servers started here

say() { printf '\033[1m[dsa %4ss]\033[0m %s\n' "$SECONDS" "$*" >&2; }
die() { printf '\033[1;31m[dsa] error:\033[0m %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }
