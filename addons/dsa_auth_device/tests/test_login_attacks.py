"""Attacks on the login doors (issue 23): concurrent guesses, password
spraying over XML-RPC, redirections off the site after a login.

Every attack runs over real HTTP / XML-RPC against the test server, as an
anonymous visitor or as a real (non-administrator) user."""
import contextlib
import re
import threading
import time
import xmlrpc.client
from concurrent.futures import ThreadPoolExecutor, wait
from unittest import mock

import requests
from werkzeug import urls

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tests.common import HOST, HttpCase, at_install, get_db_name, post_install

from .common import TIMEOUT, LoginCase, url as _url

THROTTLE_KEYS = ('throttle_max_per_login', 'throttle_max_per_ip', 'throttle_window_minutes')


class LoginDoors(object):
    """Helpers: one call through each door that checks a password."""

    def _xmlrpc(self, service):
        # one proxy per call: ServerProxy is not thread-safe
        return xmlrpc.client.ServerProxy(_url('/xmlrpc/2/%s' % service))

    def _xmlrpc_authenticate(self, login, password):
        return self._xmlrpc('common').authenticate(get_db_name(), login, password, {})

    def _xmlrpc_execute(self, uid, password):
        """True when the object door let the call through."""
        try:
            self._xmlrpc('object').execute_kw(get_db_name(), uid, password,
                                              'res.partner', 'search_count', [[]])
        except xmlrpc.client.Fault:
            return False
        return True

    def _jsonrpc(self, service, method, args):
        return requests.post(_url('/jsonrpc'), timeout=TIMEOUT, json={
            'jsonrpc': '2.0', 'method': 'call', 'params': {
                'service': service, 'method': method, 'args': args}}).json()

    def _jsonrpc_login(self, login, password):
        return self._jsonrpc('common', 'login', [get_db_name(), login, password]).get('result')

    def _jsonrpc_execute(self, uid, password):
        return 'result' in self._jsonrpc('object', 'execute', [
            get_db_name(), uid, password, 'res.partner', 'search_count', []])

    def _session_authenticate(self, login, password):
        resp = requests.post(_url('/web/session/authenticate'), timeout=TIMEOUT, json={
            'jsonrpc': '2.0', 'method': 'call', 'params': {
                'db': get_db_name(), 'login': login, 'password': password}})
        return (resp.json().get('result') or {}).get('uid')

    def _form_login(self, browser, login, password, redirect=''):
        """GET the login page for a real CSRF token, then POST the form; the
        answer is not followed."""
        page = browser.get(self._page('/web/login'), timeout=TIMEOUT)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        return browser.post(_url('/web/login'), timeout=TIMEOUT, allow_redirects=False, data={
            'login': login, 'password': password, 'csrf_token': csrf, 'redirect': redirect})

    def _web_login_uid(self, login, password):
        browser = requests.Session()
        self._form_login(browser, login, password)
        resp = browser.post(_url('/web/session/get_session_info'), timeout=TIMEOUT,
                            json={'jsonrpc': '2.0', 'method': 'call', 'params': {}})
        return (resp.json().get('result') or {}).get('uid')


@at_install(False)
@post_install(True)
class TestConcurrentGuesses(LoginDoors, HttpCase):
    """30 guesses at once. The test server must really run them in parallel,
    each request in its own cursor: no registry test mode here, so the victim
    is created and committed in setUpClass, and removed in tearDownClass."""

    registry_test_mode = False
    LIMIT = 5
    LOGIN = 'h4_burst_victim'
    PASSWORD = 'burst-right-pw'

    @classmethod
    @contextlib.contextmanager
    def _committed_env(cls):
        with odoo.registry(get_db_name()).cursor() as cr:
            yield api.Environment(cr, SUPERUSER_ID, {})

    @classmethod
    def setUpClass(cls):
        super(TestConcurrentGuesses, cls).setUpClass()
        with cls._committed_env() as env:
            params = env['ir.config_parameter']
            cls._saved_params = {
                key: params.get_param('dsa_auth_device.%s' % key) for key in THROTTLE_KEYS}
            params.set_param('dsa_auth_device.throttle_max_per_login', str(cls.LIMIT))
            params.set_param('dsa_auth_device.throttle_max_per_ip', '1000')
            params.set_param('dsa_auth_device.throttle_window_minutes', '15')
            cls.victim_id = env['res.users'].with_context(no_reset_password=True).create({
                'name': 'Burst Victim', 'login': cls.LOGIN, 'password': cls.PASSWORD,
                'groups_id': [(6, 0, [env.ref('base.group_user').id])]}).id
            assert env['res.users'].browse(cls.victim_id)._dsa_device_policy() == 'none'

    @classmethod
    def tearDownClass(cls):
        with cls._committed_env() as env:
            env['dsa.auth.attempt'].search([('login', '=', cls.LOGIN)]).unlink()
            victim = env['res.users'].browse(cls.victim_id)
            partner = victim.partner_id
            env['res.users.log'].search([('create_uid', '=', victim.id)]).unlink()
            victim.unlink()
            partner.unlink()
            for key, value in cls._saved_params.items():
                env['ir.config_parameter'].set_param('dsa_auth_device.%s' % key, value)
        super(TestConcurrentGuesses, cls).tearDownClass()

    def tearDown(self):
        with self._committed_env() as env:
            env['dsa.auth.attempt'].search([('login', '=', self.LOGIN)]).unlink()
        super(TestConcurrentGuesses, self).tearDown()

    @contextlib.contextmanager
    def _counted_password_checks(self):
        """Count the victim's password checks, each made slow (0.5 s) so that
        the guesses of the burst overlap as they would on a loaded server."""
        Users = self.registry['res.users']
        original = Users.check_credentials
        lock = threading.Lock()
        checks = []
        victim_id = self.victim_id

        def check_credentials(user, password):
            if user.env.uid == victim_id:
                with lock:
                    checks.append(password)
                time.sleep(0.5)
            return original(user, password)
        with mock.patch.object(Users, 'check_credentials', check_credentials):
            yield checks

    def _burst(self, guess, right):
        """29 wrong passwords at once, then, once the limit's worth of them are
        being checked (or are over), the right one: 30 parallel calls.

        Concurrent reservations may refuse more than needed (a refused one is
        counted until it is removed): if the burst left fewer than the limit
        checked, wrong guesses are added one by one until the limit is
        reached, so that the right password always comes after it."""
        with self._counted_password_checks() as checks, \
                ThreadPoolExecutor(max_workers=30) as pool:
            wrong = [pool.submit(guess, 'wrong-%s' % i) for i in range(29)]
            deadline = time.time() + 120
            while len(checks) < self.LIMIT and time.time() < deadline:
                if all(f.done() for f in wrong):
                    wrong.append(pool.submit(guess, 'wrong-%s' % len(wrong)))
                    wrong[-1].result()
                time.sleep(0.01)
            late = pool.submit(guess, self.PASSWORD)
            wait(wrong + [late], timeout=TIMEOUT)
            results = [f.result() for f in wrong]
            right_result = late.result()
        with self._committed_env() as env:
            rows = env['dsa.auth.attempt'].search_read(
                [('login', '=', self.LOGIN)], ['ip_address'])
        self.assertFalse(any(results), 'a wrong password was accepted')
        self.assertLessEqual(len(checks), self.LIMIT,
                             '%s passwords checked against a limit of %s'
                             % (len(checks), self.LIMIT))
        self.assertNotIn(self.PASSWORD, checks)
        self.assertLessEqual(len(rows), self.LIMIT)
        self.assertEqual({row['ip_address'] for row in rows}, {'127.0.0.1'})
        self.assertFalse(right_result, 'the right password logged in after the limit')
        # once the window has passed, the right password works again
        with self._committed_env() as env:
            env['dsa.auth.attempt'].search([('login', '=', self.LOGIN)]).write(
                {'date': '2000-01-01 00:00:00'})
        self.assertEqual(guess(self.PASSWORD), right)
        return len(checks), right_result

    def test_parallel_guesses_over_xmlrpc_authenticate(self):
        checked, right_result = self._burst(
            lambda password: self._xmlrpc_authenticate(self.LOGIN, password),
            right=self.victim_id)
        self.assertLessEqual(checked, self.LIMIT)
        self.assertFalse(right_result, 'the right password logged in after the limit')

    def test_parallel_guesses_over_xmlrpc_object(self):
        """execute_kw sends uid and password on every call (res.users.check)."""
        checked, right_result = self._burst(
            lambda password: self._xmlrpc_execute(self.victim_id, password), right=True)
        self.assertLessEqual(checked, self.LIMIT)
        self.assertFalse(right_result, 'the right password was accepted after the limit')


@at_install(False)
@post_install(True)
class TestPasswordDoors(LoginDoors, LoginCase):
    """Each door that checks a password counts by login and by address; the
    per-address limit holds over XML-RPC too (password spraying)."""

    def setUp(self):
        super(TestPasswordDoors, self).setUp()
        with self._env() as env:
            Users = env['res.users'].with_context(no_reset_password=True)
            employee = env.ref('base.group_user').id
            self.victim_id = Users.create({
                'name': 'Spray Victim', 'login': 'spray_victim', 'password': 'victim-pw',
                'groups_id': [(6, 0, [employee])]}).id
            self.other_id = Users.create({
                'name': 'Spray Other', 'login': 'spray_other', 'password': 'other-pw',
                'groups_id': [(6, 0, [employee])]}).id

    def _set_limits(self, per_login, per_ip):
        with self._env() as env:
            env['ir.config_parameter'].set_param(
                'dsa_auth_device.throttle_max_per_login', str(per_login))
            env['ir.config_parameter'].set_param(
                'dsa_auth_device.throttle_max_per_ip', str(per_ip))

    def _attempts(self):
        with self._env() as env:
            return [(a['login'], a['ip_address']) for a in env['dsa.auth.attempt'].search_read(
                [], ['login', 'ip_address'], order='id')]

    def test_every_door_counts_login_and_address(self):
        self._set_limits(100, 100)
        self._form_login(requests.Session(), 'spray_web', 'guess')
        self._session_authenticate('spray_session', 'guess')
        self._xmlrpc_authenticate('spray_xmlrpc', 'guess')
        self._jsonrpc_login('spray_jsonrpc', 'guess')
        self.assertFalse(self._xmlrpc_execute(self.victim_id, 'guess-1'))
        self.assertFalse(self._jsonrpc_execute(self.victim_id, 'guess-2'))
        self.assertEqual(self._attempts(), [
            ('spray_web', '127.0.0.1'), ('spray_session', '127.0.0.1'),
            ('spray_xmlrpc', '127.0.0.1'), ('spray_jsonrpc', '127.0.0.1'),
            ('spray_victim', '127.0.0.1'), ('spray_victim', '127.0.0.1')])

    def test_spraying_over_xmlrpc_refused_after_ip_limit(self):
        self._set_limits(100, 4)
        for i in range(4):
            self.assertFalse(self._xmlrpc_authenticate('sprayed%s' % i, 'Summer2024!'))
        # the right password of yet another login, from the same address: refused
        # at every door, the same way as a wrong one
        self.assertFalse(self._xmlrpc_authenticate('spray_victim', 'victim-pw'))
        self.assertFalse(self._xmlrpc_execute(self.other_id, 'other-pw'))
        self.assertFalse(self._jsonrpc_login('spray_victim', 'victim-pw'))
        self.assertFalse(self._session_authenticate('spray_victim', 'victim-pw'))
        self.assertFalse(self._web_login_uid('spray_victim', 'victim-pw'))
        # refusals unchecked are not failures: the window is not extended
        self.assertEqual(self._attempts(), [('sprayed%s' % i, '127.0.0.1') for i in range(4)])

    def test_object_door_throttled_per_login(self):
        """Guessing through execute_kw (uid + password on every call) is
        throttled like a login; a password already verified keeps working."""
        self._set_limits(3, 100)
        self.assertTrue(self._xmlrpc_execute(self.other_id, 'other-pw'))
        for i in range(3):
            self.assertFalse(self._xmlrpc_execute(self.victim_id, 'guess-%s' % i))
        self.assertFalse(self._xmlrpc_execute(self.victim_id, 'victim-pw'))
        self.assertFalse(self._jsonrpc_execute(self.victim_id, 'victim-pw'))
        self.assertFalse(self._xmlrpc_authenticate('spray_victim', 'victim-pw'))
        # another user is not affected, nor a password verified before
        self.assertTrue(self._xmlrpc_execute(self.other_id, 'other-pw'))
        self.assertEqual(self._xmlrpc_authenticate('spray_other', 'other-pw'), self.other_id)


OFF_SITE = [
    'https://elsewhere.example/',
    'http://elsewhere.example/web',
    '//elsewhere.example',
    '/\\elsewhere.example',
    '\\\\elsewhere.example',
    '/\t/elsewhere.example',
    ' //elsewhere.example',
    'https:elsewhere.example',
    'elsewhere.example/web',
    'javascript:alert(document.domain)',
    'data:text/html,<script>alert(1)</script>',
]
FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:102.0) Gecko/20100101 Firefox/102.0'


@at_install(False)
@post_install(True)
class TestLocalRedirects(LoginDoors, LoginCase):
    """After a login (or any page taking ``redirect``), the browser is sent
    to a page of this site only: a real user, real login form, real CSRF."""

    def setUp(self):
        super(TestLocalRedirects, self).setUp()
        with self._env() as env:
            Users = env['res.users'].with_context(no_reset_password=True)
            self.user_id = Users.create({
                'name': 'Redirect User', 'login': 'redir_user', 'password': 'redir-pw',
                'groups_id': [(6, 0, [env.ref('base.group_user').id])]}).id
            self.portal_id = Users.create({
                'name': 'Redirect Customer', 'login': 'redir_portal', 'password': 'portal-pw',
                'email': 'redir_portal@example.com',
                'groups_id': [(6, 0, [env.ref('base.group_portal').id])]}).id
            self.country_id = env.ref('base.it').id
            env['ir.config_parameter'].set_param('dsa_auth_device.throttle_max_per_ip', '1000')

    def _target(self, resp):
        """Where the answer sends the browser: the Location header, or the
        script of Odoo's redirect page (browsers other than Firefox)."""
        if resp.status_code in (301, 302, 303, 307, 308):
            return resp.headers['Location']
        found = re.search(r"window\.location = '([^']*)'", resp.text)
        self.assertTrue(found, 'not a redirection: %s %s' % (resp.status_code, resp.text[:200]))
        return found.group(1)

    def _landing(self, resp):
        """Where ``resp`` sends the browser: ('local', path) on this site,
        else ('off site', the address)."""
        target = self._target(resp)
        parsed = urls.url_parse(target)
        if (parsed.netloc in ('', '%s:%s' % (HOST, odoo.tests.common.PORT))
                and parsed.scheme in ('', 'http')):
            return ('local', parsed.path)
        return ('off site', target)

    def _browser(self, agent=None):
        browser = requests.Session()
        if agent:
            browser.headers['User-Agent'] = agent
        return browser

    def _logged_in(self, login='redir_user', password='redir-pw'):
        browser = self._browser()
        self._form_login(browser, login, password)
        return browser

    def test_login_form_redirects_locally(self):
        for agent in (None, FIREFOX):
            for redirect in OFF_SITE:
                resp = self._form_login(self._browser(agent), 'redir_user', 'redir-pw',
                                        redirect=redirect)
                self.assertEqual(self._landing(resp), ('local', '/web'))
            # this host's own address hiding another host
            for redirect in (_url('//elsewhere.example/'), _url('/\\elsewhere.example'),
                             'http://%s:%s@elsewhere.example/' % (HOST, odoo.tests.common.PORT)):
                resp = self._form_login(self._browser(agent), 'redir_user', 'redir-pw',
                                        redirect=redirect)
                self.assertEqual(self._landing(resp), ('local', '/web'))
            # a page of the site is still followed
            resp = self._form_login(self._browser(agent), 'redir_user', 'redir-pw',
                                    redirect='/web/webclient/version_info?x=1')
            self.assertEqual(self._landing(resp), ('local', '/web/webclient/version_info'))

    def test_deep_link_still_followed_after_login(self):
        """Odoo sends a visitor without a session to /web/login?redirect=<the
        full URL of the page>: that page of this host is still reached."""
        browser = self._browser()
        page = browser.get(_url('/my/home'), timeout=TIMEOUT)
        self.assertIn('/web/login', page.url)
        self.assertIn('name="redirect" value="/my/home"', page.text)
        resp = self._form_login(browser, 'redir_user', 'redir-pw', redirect=_url('/my/home'))
        self.assertEqual(self._landing(resp), ('local', '/my/home'))

    def test_login_page_redirects_locally_once_logged_in(self):
        browser = self._logged_in()
        for agent in (None, FIREFOX):
            browser.headers['User-Agent'] = agent or requests.utils.default_user_agent()
            for redirect in OFF_SITE:
                resp = browser.get(self._page('/web/login'), allow_redirects=False,
                                   timeout=TIMEOUT, params={'redirect': redirect})
                self.assertEqual(self._landing(resp), ('local', '/web'))
                # nor is it written into the form for the next POST
                self.assertFalse('elsewhere' in resp.text, 'off-site address in the page')

    def test_other_routes_redirect_locally(self):
        browser = self._logged_in()
        for redirect in OFF_SITE:
            for path in ('/web', '/web/dbredirect'):
                resp = browser.get(self._page(path), params={'redirect': redirect},
                                   allow_redirects=False, timeout=TIMEOUT)
                self.assertEqual(self._landing(resp), ('local', '/web'))
        for redirect in OFF_SITE:
            resp = self._logged_in().get(_url('/web/session/logout'), timeout=TIMEOUT,
                                         params={'redirect': redirect}, allow_redirects=False)
            self.assertEqual(self._landing(resp), ('local', '/web'))

    def test_portal_account_redirects_locally(self):
        browser = self._logged_in('redir_portal', 'portal-pw')
        for redirect in OFF_SITE[:4]:
            page = browser.get(_url('/my/account'), params={'redirect': redirect},
                               timeout=TIMEOUT)
            self.assertEqual(page.status_code, 200)
            self.assertFalse('elsewhere' in page.text, 'off-site address in the form')
            csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
            resp = browser.post(_url('/my/account'), allow_redirects=False, timeout=TIMEOUT,
                                data={'csrf_token': csrf, 'redirect': redirect,
                                      'name': 'Redirect Customer', 'phone': '0212345678',
                                      'email': 'redir_portal@example.com', 'street': 'Via Roma 1',
                                      'city': 'Torino', 'country_id': str(self.country_id)})
            self.assertEqual(self._landing(resp), ('local', '/web'))

    def test_payment_feedback_redirects_locally(self):
        """/payment/transfer/feedback (anyone, no CSRF) sends the browser to its
        return_url: a link from a phishing mail with a real reference."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env['payment.transaction'].create({
                'reference': 'H4-REDIRECT-1', 'amount': 10.0,
                'acquirer_id': env.ref('payment.payment_acquirer_transfer').id,
                'currency_id': env.ref('base.EUR').id,
                'partner_id': env['res.users'].browse(self.portal_id).partner_id.id})
        for redirect in OFF_SITE:
            resp = requests.get(self._page('/payment/transfer/feedback'), timeout=TIMEOUT,
                                allow_redirects=False, params={
                                    'reference': 'H4-REDIRECT-1', 'return_url': redirect})
            self.assertEqual(self._landing(resp), ('local', '/web'))
        resp = requests.get(self._page('/payment/transfer/feedback'), timeout=TIMEOUT,
                            allow_redirects=False, params={
                                'reference': 'H4-REDIRECT-1', 'return_url': '/my/home'})
        self.assertEqual(self._landing(resp), ('local', '/my/home'))
