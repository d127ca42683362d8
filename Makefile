# The commands of the DSA suite. Each target calls scripts/dsa, which does the
# whole set-up itself (venv, wheels, PostgreSQL cluster, lessc) on a fresh machine.
.PHONY: help setup run stop stop-odoo upgrade backup restore test e2e native lint shell psql bench bench-screens core-tests crash-tests upgrade-test

help:
	@scripts/dsa help

setup:    ## venv, wheels, system packages, private PostgreSQL cluster
	@scripts/dsa setup

run:      ## serve the suite with demo data on http://localhost:8069 (admin / admin)
	@scripts/dsa run

stop:     ## stop Odoo and the private PostgreSQL cluster (by process id)
	@scripts/dsa stop

stop-odoo: ## stop only the Odoo server of make run; the PostgreSQL cluster keeps running
	@scripts/dsa stop odoo

upgrade:  ## update the suite's modules in the served database
	@scripts/dsa upgrade

backup:   ## Odoo's backup zip (+ checksums) of the served database, or DB=name; BACKUP=file or folder
	@scripts/dsa backup $(if $(DB),-d "$(DB)") $(if $(BACKUP),-o "$(BACKUP)")

restore:  ## check BACKUP=archive.zip, restore it into the new database DB=name, verify it
	@test -n "$(BACKUP)" -a -n "$(DB)" || { echo "usage: make restore BACKUP=archive.zip DB=new_name"; exit 2; }
	@scripts/dsa restore -d "$(DB)" "$(BACKUP)"

test:     ## lint, fresh database with the four addons, every test (pytest, Odoo's runner, browser)
	@scripts/dsa test

e2e:      ## browser tests only (tests/e2e) on the last test database
	@scripts/dsa e2e

native:   ## the HTTP and PDF addons' tests under Odoo's own runner, on the last test database
	@scripts/dsa native

crash-tests: ## SIGKILL the server mid-way through an import, a billing run, the preventive cron, a signature (tests/test_crash.py, ~12 min), on the last test template of make test
	@db=$${DSA_TEST_DB:-dsa_test}; home=$${DSA_HOME:-.local}; conf=$$home/odoo-test-$$db.conf; \
	test -f "$$conf" || { echo "no $$conf: run make test first"; exit 2; }; \
	DSA_TEST_CONF="$$conf" DSA_TEST_BASE_DB="$${db}_base" DSA_ROOT="$(CURDIR)" \
	"$${DSA_VENV:-.venv}/bin/python" -m pytest -p no:cacheprovider --odoo-config="$$conf" \
	    --odoo-database="$$db" tests/test_crash.py

core-tests: ## Odoo's own tests of the core apps without / with the suite; fails when one does worse (CORE_MODULES=...)
	@scripts/dsa setup && scripts/core_tests.sh

upgrade-test: ## a demo database of the previous release (608fed4), used, upgraded to this code: nothing lost
	@scripts/upgrade_test.sh

lint:
	@scripts/dsa lint

shell:
	@scripts/dsa shell

psql:
	@scripts/dsa psql

bench:    ## benchmarks under bench/ (figures in bench/README.md)
	@scripts/dsa bench

bench-screens: ## each role's main screens in Chromium on the demo: time until ready, SQL queries
	@scripts/dsa bench-screens
