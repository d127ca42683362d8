"""Browser tests: real Chromium (Debian's package) driven by Playwright against a
real Odoo server that `scripts/dsa e2e` starts on a copy of the test database
with demo data.

Every page a test opens is watched: an uncaught JavaScript error or a console
error fails the test. Screenshots of the key steps go to .local/e2e/<test>/.
"""
import contextlib
import os
import re
import shutil

import pytest
from playwright.sync_api import sync_playwright

BASE_URL = os.environ.get('DSA_E2E_URL', 'http://127.0.0.1:8369')
SHOTS = os.environ.get('DSA_E2E_SHOTS', os.path.join(
    os.path.dirname(__file__), '..', '..', '.local', 'e2e'))
# messages that are not errors of the page under test
IGNORED_CONSOLE = (
    re.compile(r'favicon\.ico'),
)


def _chromium():
    path = os.environ.get('DSA_CHROMIUM') or shutil.which('chromium')
    if not path:
        pytest.fail('chromium not found: install Debian\'s chromium package')
    return path


@pytest.fixture(scope='session')
def browser():
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=_chromium(),
                                     args=['--no-sandbox', '--disable-gpu'])
        yield browser
        browser.close()


class Session(object):
    """One browser context (one person) with its page, its JS errors and its
    screenshot folder."""

    def __init__(self, browser, name):
        self.context = browser.new_context(viewport={'width': 1440, 'height': 900},
                                           locale='en-US')
        self.page = self.context.new_page()
        self.page.set_default_timeout(60000)
        self.errors = []
        self.folder = os.path.join(SHOTS, name)
        shutil.rmtree(self.folder, ignore_errors=True)
        os.makedirs(self.folder)
        self.page.on('pageerror', lambda exc: self.errors.append('page error: %s' % exc))
        self.page.on('console', self._on_console)
        self.page.on('response', self._on_response)
        self.step = 0
        self.base_url = BASE_URL

    def _on_console(self, msg):
        # a failed resource is reported with its URL by _on_response
        if msg.type == 'error' and not msg.text.startswith('Failed to load resource') and \
                not any(p.search(msg.text) for p in IGNORED_CONSOLE):
            self.errors.append('console error: %s' % msg.text)

    @contextlib.contextmanager
    def expected_errors(self, pattern):
        """A step whose refusal the web client reports as an error (an
        AccessError dialog): errors matching ``pattern`` are expected there,
        and at least one must occur."""
        before = len(self.errors)
        yield
        new = self.errors[before:]
        del self.errors[before:]
        expected = [e for e in new if re.search(pattern, e)]
        assert expected, 'the expected error (%s) did not occur' % pattern
        self.errors.extend(e for e in new if e not in expected)

    def _on_response(self, response):
        if response.status >= 400 and response.url.startswith(BASE_URL):
            self.errors.append('HTTP %s on %s' % (response.status, response.url))

    def goto(self, path):
        response = self.page.goto(BASE_URL + path)
        self.page.wait_for_load_state('load')
        return response

    def login(self, login, password, redirect='/my'):
        self.goto('/web/login?redirect=%s' % redirect)
        self.page.fill('input[name=login]', login)
        self.page.fill('input[name=password]', password)
        self.page.click('form.oe_login_form button[type=submit]')
        self.page.wait_for_load_state('load')

    def shot(self, label):
        self.step += 1
        path = os.path.join(self.folder, '%02d-%s.png' % (self.step, label))
        self.page.screenshot(path=path, full_page=True)
        return path

    def close(self):
        self.context.close()


@pytest.fixture
def person(browser, request):
    """Factory of browser sessions; fails the test on any JS error."""
    sessions = []

    def make(label='user'):
        s = Session(browser, '%s-%s' % (request.node.name, label))
        sessions.append(s)
        return s
    yield make
    errors = [e for s in sessions for e in s.errors]
    for s in sessions:
        try:
            s.shot('last')  # what each person saw at the end, pass or fail
        except Exception:  # noqa: BLE001 - a closed page has nothing to show
            pass
        s.close()
    assert not errors, 'JavaScript errors in the browser:\n' + '\n'.join(errors)
