#!/usr/bin/env bash
# make upgrade-test: upgrades with data (issue 29, tests/test_upgrade.py). Builds a demo
# database with the previous release's code (git archive of DSA_UPGRADE_FROM, 608fed4 by
# default), uses it, upgrades it with the current code as `make upgrade` does, and checks
# that nothing is lost or changed. Long (two installations): not part of `make test`;
# .ci/run runs it after `make test`.
#
# DSA_UPGRADE_CONF=file  an Odoo configuration to use as it is (otherwise `scripts/dsa
#                        setup` writes .local/odoo.conf and starts the private cluster)
# DSA_UPGRADE_KEEP=1     keep the previous release's database (dsa_release_<commit>) and
#                        the upgraded copy (dsa_upgrade_from_<commit>)
# DSA_UPGRADE_REUSE=1    start from the kept dsa_release_<commit> (no install, no use):
#                        for quick iterations on the upgrade itself
set -euo pipefail
cd "$(dirname "$0")/.."
DSA_HOME=${DSA_HOME:-$PWD/.local}
DSA_VENV=${DSA_VENV:-$PWD/.venv}
if [ -z "${DSA_UPGRADE_CONF:-}" ]; then
    scripts/dsa setup
    DSA_UPGRADE_CONF=$DSA_HOME/odoo.conf
fi
# the previous release is taken out of git: a shallow clone may not have it
git cat-file -e "${DSA_UPGRADE_FROM:-608fed4}^{commit}" 2>/dev/null \
    || git fetch -q --unshallow 2>/dev/null || git fetch -q origin "${DSA_UPGRADE_FROM:-608fed4}"
start=$(date +%s)
# plain pytest: no test database to load (-p no:odoo), no HTTP server (--noconftest)
DSA_UPGRADE_TEST=1 DSA_UPGRADE_CONF=$DSA_UPGRADE_CONF \
    "$DSA_VENV/bin/python" -m pytest -p no:odoo --noconftest -s -v tests/test_upgrade.py "$@"
echo "upgrade-test: $(( $(date +%s) - start )) s (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
