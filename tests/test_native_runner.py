"""The suite's tests under Odoo's own runner (`odoo -i ... --test-enable`).

Odoo runs a test *at install* by default: inside ``Registry.new()``, which
holds the registry lock while the addons load.  Any request to the Odoo server
then waits for that lock - the HTTP pages of a test and the stylesheets that
wkhtmltopdf fetches for a PDF - and the test waits for them: a hang, not a
failure.  The registry is also incomplete at that time (the addons loaded
after this one are missing).  So every test case of the suite that uses the
database runs *post install*, as it does under pytest: on the full registry,
lock released.
"""
import glob
import os
import socket
import time
import unittest

import pytest

import odoo
from odoo.modules.module import (get_test_modules, runs_at_install, runs_post_install,
                                 unwrap_suite)
from odoo.tests.common import BaseCase, TransactionCase

from odoo.addons.dsa_base.tests.pdf import wkhtmltopdf_watchdog

ADDONS = ('dsa_accounting_bridge', 'dsa_auth_device', 'dsa_base', 'dsa_crm', 'dsa_crm_tts',
          'dsa_pricing', 'dsa_security', 'dsa_tts')


def _odoo_tests(addon):
    for module in get_test_modules(addon):
        for test in unwrap_suite(unittest.TestLoader().loadTestsFromModule(module)):
            if isinstance(test, BaseCase):
                yield test


@pytest.mark.parametrize('addon', ADDONS)
def test_every_test_runs_post_install(addon):
    tests = list(_odoo_tests(addon))
    at_install = sorted({test.id() for test in tests if runs_at_install(test)})
    assert not at_install, 'at install (decorate the class with @at_install(False) ' \
        '@post_install(True)): %s' % at_install
    assert all(runs_post_install(test) for test in tests)


def test_the_suite_has_odoo_tests():
    # the check above must see the tests it checks
    counts = {addon: len(list(_odoo_tests(addon))) for addon in ADDONS}
    assert all(counts[a] > 0 for a in ADDONS if a != 'dsa_security'), counts


class TestPdfWatchdog(TransactionCase):
    """A wkhtmltopdf that waits on a server which never answers - what happens
    at install under Odoo's runner - is killed and fails the test clearly."""

    def test_hanging_wkhtmltopdf_fails_clearly(self):
        server = socket.socket()
        server.bind(('127.0.0.1', 0))
        server.listen(5)   # connections are queued, never answered
        self.addCleanup(server.close)
        html = ('<html><head><link rel="stylesheet" href="http://127.0.0.1:%d/style.css"/>'
                '</head><body>Waiting</body></html>' % server.getsockname()[1]).encode()
        report = self.env.ref('sale.action_report_saleorder')
        started = time.time()
        with self.assertRaisesRegex(AssertionError, 'wkhtmltopdf ran longer than 3 s'):
            with wkhtmltopdf_watchdog(timeout=3):
                report._run_wkhtmltopdf([html])
        self.assertLess(time.time() - started, 60)


@pytest.mark.parametrize('addon', ADDONS)
def test_every_test_file_is_seen_by_odoo(addon):
    """Odoo's runner runs only the test modules that tests/__init__.py imports
    (pytest finds files by name): a file left out there is never run by it."""
    folder = os.path.join(os.path.dirname(odoo.modules.module.get_module_path(addon)),
                          addon, 'tests')
    with_tests = set()
    for path in glob.glob(os.path.join(folder, 'test_*.py')):
        with open(path) as f:
            if 'def test_' in f.read():
                with_tests.add(os.path.basename(path)[:-3])
    seen = {module.__name__.rsplit('.', 1)[1] for module in get_test_modules(addon)}
    assert with_tests <= seen, 'not imported in %s/tests/__init__.py: %s' % (
        addon, sorted(with_tests - seen))
