import re
import time
import xmlrpc.client

import requests

import odoo
from odoo import SUPERUSER_ID
from odoo.service import security
from odoo.tests.common import get_db_name, at_install, post_install

from odoo.addons.dsa_auth_device.models.dsa_device import DEVICE_COOKIE

from .common import TIMEOUT, LoginCase

#: what a refused login answers: the login form with one message, whatever the reason
REFUSED = {'status': 200, 'form': True, 'refused': True}
#: a browser without a session: /web sends it to the login page
LOGGED_OUT = {'status': 200, 'login page': True, 'uid': False}


def logged_in(uid):
    """A browser in the session of ``uid``: /web opens the web client."""
    return {'status': 200, 'login page': False, 'uid': uid}


@at_install(False)
@post_install(True)
class TestDeviceLogin(LoginCase):
    """Registered-device login (CRM-4) over real HTTP: /web/login with a real CSRF
    token, cookies, sessions (the data is written through ``_env()``, see
    LoginCase)."""

    def setUp(self):
        super(TestDeviceLogin, self).setUp()
        with self._env() as env:
            # a group of its own: this addon does not know the sales force
            group_agent = env['res.groups'].create({
                'name': 'Device test agents', 'dsa_require_device': True,
                'implied_ids': [(4, env.ref('base.group_user').id)]})
            self.group_agent_id = group_agent.id
            Users = env['res.users'].with_context(no_reset_password=True)
            self.agent_id = Users.create({
                'name': 'Device Agent', 'login': 'dev_agent', 'password': 'dev-agent-pw',
                'groups_id': [(6, 0, [group_agent.id])]}).id
            self.agent2_id = Users.create({
                'name': 'Device Agent Two', 'login': 'dev_agent2', 'password': 'dev-agent2-pw',
                'groups_id': [(6, 0, [group_agent.id])]}).id
            self.admin_id = Users.create({
                'name': 'Device Admin', 'login': 'dev_admin', 'password': 'dev-admin-pw',
                'email': 'dev_admin@example.com',
                'groups_id': [(6, 0, [env.ref('base.group_system').id,
                                      group_agent.id])]}).id

    # ----------------------------------------------------------------- helpers
    def _browser(self, device_token=None):
        browser = requests.Session()
        if device_token:
            browser.cookies.set(DEVICE_COOKIE, device_token)
        return browser

    def _login(self, browser, login, password):
        """GET the login page for a real CSRF token, then POST the form."""
        page = browser.get(self._page('/web/login'), timeout=TIMEOUT)
        self.assertEqual(page.status_code, 200)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        return browser.post(self._url('/web/login'), timeout=TIMEOUT, data={
            'login': login, 'password': password, 'csrf_token': csrf, 'redirect': ''})

    @staticmethod
    def _answer(resp):
        """What a login answered: its status, whether it is the login form
        and whether it says the one message of every failed login."""
        return {'status': resp.status_code, 'form': 'name="password"' in resp.text,
                'refused': 'not approved for this account' in resp.text}

    def _session_uid(self, browser):
        resp = browser.post(self._url('/web/session/get_session_info'), timeout=TIMEOUT,
                            json={'jsonrpc': '2.0', 'method': 'call', 'params': {}})
        return (resp.json().get('result') or {}).get('uid')

    def _session(self, browser):
        """Where the browser stands: the status of /web, whether it was sent
        to the login page, and the uid of its session (False: none)."""
        resp = browser.get(self._page('/web'), timeout=TIMEOUT)
        return {'status': resp.status_code, 'login page': '/web/login' in resp.url,
                'uid': self._session_uid(browser) or False}

    def _devices(self, uid):
        """The devices of a user, as plain dicts."""
        with self._env() as env:
            devices = env['dsa.device'].search([('user_id', '=', uid)])
            return devices.read(['state', 'token_hash', 'ip_address', 'user_agent',
                                 'attempt_count', 'last_login', 'decided_by_id', 'name'])

    def _device_action(self, device_id, action, uid=SUPERUSER_ID):
        with self._env() as env:
            getattr(env['dsa.device'].sudo(uid).browse(device_id), action)()

    def _hash(self, token):
        with self._env() as env:
            return env['dsa.device']._hash_token(token)

    def _approved_browser(self, uid, login, password):
        browser = self._browser()
        self._login(browser, login, password)
        self._device_action(self._devices(uid)[0]['id'], 'action_approve')
        resp = self._login(browser, login, password)
        self.assertEqual(resp.status_code, 200)
        self.assertEqual(self._session(browser), logged_in(uid))
        return browser

    def _set_require(self, value):
        with self._env() as env:
            env['res.groups'].browse(self.group_agent_id).dsa_require_device = value

    # ------------------------------------------------------------------- tests
    def test_unknown_device_refused_then_approved(self):
        browser = self._browser()
        resp = self._login(browser, 'dev_agent', 'dev-agent-pw')
        self.assertEqual(self._answer(resp), REFUSED)
        token = browser.cookies.get(DEVICE_COOKIE)
        self.assertTrue(token)
        self.assertIn('HttpOnly', resp.headers.get('Set-Cookie', ''))
        devices = self._devices(self.agent_id)
        self.assertEqual(len(devices), 1)
        device = devices[0]
        self.assertEqual(device['state'], 'pending')
        self.assertEqual(device['ip_address'], '127.0.0.1')
        self.assertTrue(device['user_agent'])
        # only the hash of the token is stored
        self.assertEqual(device['token_hash'], self._hash(token))
        self.assertNotIn(token, str(device))
        self.assertEqual(self._session(browser), LOGGED_OUT)

        # a second attempt does not duplicate the request
        resp = self._login(browser, 'dev_agent', 'dev-agent-pw')
        self.assertEqual(self._answer(resp), REFUSED)
        devices = self._devices(self.agent_id)
        self.assertEqual([d['id'] for d in devices], [device['id']])
        self.assertEqual(devices[0]['attempt_count'], 2)

        # a wrong password never reaches the device check nor creates requests
        resp = self._login(self._browser(), 'dev_agent', 'wrong')
        self.assertEqual(self._answer(resp), REFUSED)
        self.assertEqual(len(self._devices(self.agent_id)), 1)

        self._device_action(device['id'], 'action_approve', uid=self.admin_id)
        self.assertEqual(self._devices(self.agent_id)[0]['decided_by_id'][0], self.admin_id)
        resp = self._login(browser, 'dev_agent', 'dev-agent-pw')
        self.assertEqual(resp.status_code, 200)
        self.assertEqual(self._session(browser), logged_in(self.agent_id))
        self.assertTrue(self._devices(self.agent_id)[0]['last_login'])

    def test_refused_device_stays_refused(self):
        browser = self._browser()
        self._login(browser, 'dev_agent', 'dev-agent-pw')
        device_id = self._devices(self.agent_id)[0]['id']
        self._device_action(device_id, 'action_refuse')
        resp = self._login(browser, 'dev_agent', 'dev-agent-pw')
        self.assertEqual(self._answer(resp), REFUSED)
        self.assertEqual([d['id'] for d in self._devices(self.agent_id)], [device_id])
        self.assertEqual(self._session(browser), LOGGED_OUT)

    def test_revocation_ends_session(self):
        browser = self._approved_browser(self.agent_id, 'dev_agent', 'dev-agent-pw')
        self._device_action(self._devices(self.agent_id)[0]['id'], 'action_revoke')
        self.assertEqual(self._session(browser), LOGGED_OUT)
        resp = self._login(browser, 'dev_agent', 'dev-agent-pw')
        self.assertEqual(self._answer(resp), REFUSED)

    def test_idle_session_expires(self):
        with self._env() as env:
            env['ir.config_parameter'].set_param('dsa_auth_device.idle_minutes', '15')
        browser = self._approved_browser(self.agent_id, 'dev_agent', 'dev-agent-pw')
        store = odoo.http.root.session_store
        session = store.get(browser.cookies.get('session_id'))
        self.assertEqual(session.uid, self.agent_id)
        session['dsa_last_seen'] = time.time() - 14 * 60
        store.save(session)
        # 14 minutes: still alive
        self.assertEqual(self._session(browser), logged_in(self.agent_id))
        session = store.get(browser.cookies.get('session_id'))
        session['dsa_last_seen'] = time.time() - 16 * 60
        store.save(session)
        self.assertEqual(self._session(browser), LOGGED_OUT)

    def test_stolen_or_forged_cookie_for_another_user(self):
        browser = self._approved_browser(self.agent_id, 'dev_agent', 'dev-agent-pw')
        stolen = browser.cookies.get(DEVICE_COOKIE)
        # agent 2 presents agent 1's approved device token: refused
        thief = self._browser(device_token=stolen)
        resp = self._login(thief, 'dev_agent2', 'dev-agent2-pw')
        self.assertEqual(self._answer(resp), REFUSED)
        self.assertEqual(self._session(thief), LOGGED_OUT)
        self.assertEqual(self._devices(self.agent2_id)[0]['state'], 'pending')
        # a forged token of the right shape: refused too
        forged = self._browser(device_token='A' * 43)
        resp = self._login(forged, 'dev_agent', 'dev-agent-pw')
        self.assertEqual(self._answer(resp), REFUSED)
        self.assertEqual(self._session(forged), LOGGED_OUT)
        # the legitimate browser is unaffected
        self.assertEqual(self._session(browser), logged_in(self.agent_id))

    def test_other_doors_need_a_device(self):
        # JSON session authentication
        browser = self._browser()
        resp = browser.post(self._url('/web/session/authenticate'), timeout=TIMEOUT, json={
            'jsonrpc': '2.0', 'method': 'call', 'params': {
                'db': get_db_name(), 'login': 'dev_agent', 'password': 'dev-agent-pw'}})
        self.assertFalse((resp.json().get('result') or {}).get('uid'))
        self.assertEqual(self._session(browser), LOGGED_OUT)
        # XML-RPC: no browser, no device; administrators still get in
        common = xmlrpc.client.ServerProxy(self._url('/xmlrpc/2/common'))
        self.assertFalse(common.login(get_db_name(), 'dev_agent', 'dev-agent-pw'))
        self.assertEqual(common.login(get_db_name(), 'dev_admin', 'dev-admin-pw'),
                         self.admin_id)
        models = xmlrpc.client.ServerProxy(self._url('/xmlrpc/2/object'))
        with self.assertRaises(xmlrpc.client.Fault):
            models.execute_kw(get_db_name(), self.agent_id, 'dev-agent-pw',
                              'res.partner', 'search_count', [[]])
        self.assertTrue(models.execute_kw(get_db_name(), self.admin_id, 'dev-admin-pw',
                                          'res.partner', 'search_count', [[]]))
        # JSON-RPC object service (uid + password on each call)

        def jsonrpc(browser, uid, password):
            return browser.post(self._url('/jsonrpc'), timeout=TIMEOUT, json={
                'jsonrpc': '2.0', 'method': 'call', 'params': {
                    'service': 'object', 'method': 'execute',
                    'args': [get_db_name(), uid, password, 'res.partner', 'search_count',
                             []]}}).json()
        self.assertIn('error', jsonrpc(self._browser(), self.agent_id, 'dev-agent-pw'))
        self.assertIn('result', jsonrpc(self._browser(), self.admin_id, 'dev-admin-pw'))
        approved = self._approved_browser(self.agent_id, 'dev_agent', 'dev-agent-pw')
        self.assertIn('result', jsonrpc(approved, self.agent_id, 'dev-agent-pw'))

    def test_session_not_bound_to_a_device_is_ended(self):
        """A session opened without /web/login (or before the group required a
        device) is ended at its next request."""
        def forge_session():
            store = odoo.http.root.session_store
            session = store.get(self.session_id)
            session.uid = self.agent_id
            session.login = 'dev_agent'
            with self._env() as env:
                session.session_token = security.compute_session_token(session, env)
            store.save(session)
        self._set_require(False)
        forge_session()
        resp = self.url_open('/web', timeout=TIMEOUT)
        self.assertNotIn('/web/login', resp.url)   # the forged session itself is valid
        self._set_require(True)
        forge_session()
        resp = self.url_open('/web', timeout=TIMEOUT)
        self.assertIn('/web/login', resp.url)

    def test_administrator_always_logs_in(self):
        browser = self._browser()
        resp = self._login(browser, 'dev_admin', 'dev-admin-pw')
        self.assertEqual(resp.status_code, 200)
        self.assertEqual(self._session(browser), logged_in(self.admin_id))
        devices = self._devices(self.admin_id)
        self.assertEqual(len(devices), 1)
        self.assertEqual(devices[0]['state'], 'approved')
        self.assertEqual(devices[0]['token_hash'],
                         self._hash(browser.cookies.get(DEVICE_COOKIE)))
        # revoking an administrator's device ends that session too
        self._device_action(devices[0]['id'], 'action_revoke')
        self.assertEqual(self._session(browser), LOGGED_OUT)

    def test_users_without_requirement_unaffected(self):
        self._set_require(False)
        browser = self._browser()
        resp = self._login(browser, 'dev_agent', 'dev-agent-pw')
        self.assertEqual(resp.status_code, 200)
        self.assertEqual(self._session(browser), logged_in(self.agent_id))
        self.assertFalse(self._devices(self.agent_id))

    # ----------------------------------------------------------- attacks (issue 12)
    def test_session_cookie_replayed_without_device_is_ended(self):
        for uid, login, password in ((self.agent_id, 'dev_agent', 'dev-agent-pw'),
                                     (self.admin_id, 'dev_admin', 'dev-admin-pw')):
            if login == 'dev_admin':
                browser = self._browser()
                self._login(browser, login, password)
                self.assertEqual(self._session(browser), logged_in(uid))
            else:
                browser = self._approved_browser(uid, login, password)
            thief = requests.Session()
            thief.cookies.set('session_id', browser.cookies.get('session_id'))
            self.assertEqual(self._session(thief), LOGGED_OUT)
            # the stolen session is over for good, in the victim's browser too
            self.assertEqual(self._session(browser), LOGGED_OUT)

    def _normalised(self, resp):
        # the CSRF token differs per session: hex HMAC, "o", expiry
        return re.sub(r'[0-9a-f]{40}o\d*', '', resp.text)

    def test_wrong_and_right_password_look_the_same(self):
        right = self._login(self._browser(), 'dev_agent', 'dev-agent-pw')
        wrong = self._login(self._browser(), 'dev_agent', 'not-the-password')
        self.assertEqual(right.status_code, wrong.status_code)
        self.assertEqual(self._normalised(right), self._normalised(wrong))
        self.assertEqual(sorted(right.cookies.keys()), sorted(wrong.cookies.keys()))
        self.assertIn(DEVICE_COOKIE, wrong.cookies.keys())
        # only the right password created a registration request
        self.assertEqual(len(self._devices(self.agent_id)), 1)

    def test_administrators_are_told_of_a_request(self):
        self._login(self._browser(), 'dev_agent', 'dev-agent-pw')
        device_id = self._devices(self.agent_id)[0]['id']
        with self._env() as env:
            activities = env['mail.activity'].search([
                ('res_model', '=', 'dsa.device'), ('res_id', '=', device_id)])
            self.assertIn(self.admin_id, activities.mapped('user_id').ids)
            self.assertNotIn(self.agent_id, activities.mapped('user_id').ids)

    def _set_params(self, **values):
        with self._env() as env:
            for key, value in values.items():
                env['ir.config_parameter'].set_param('dsa_auth_device.%s' % key, value)

    def test_failed_logins_throttled_per_login(self):
        self._set_require(False)
        self._set_params(throttle_max_per_login='3', throttle_max_per_ip='100')
        for _i in range(3):
            self._login(self._browser(), 'dev_agent', 'guess')
        # the right password is refused now, the same way, for that login only
        browser = self._browser()
        self.assertEqual(self._answer(self._login(browser, 'dev_agent', 'dev-agent-pw')), REFUSED)
        self.assertEqual(self._session(browser), LOGGED_OUT)
        other = self._browser()
        self._login(other, 'dev_admin', 'dev-admin-pw')
        self.assertEqual(self._session(other), logged_in(self.admin_id))
        # once the window has passed, the user gets in again
        with self._env() as env:
            env['dsa.auth.attempt'].search([]).write({'date': '2000-01-01 00:00:00'})
        self._login(browser, 'dev_agent', 'dev-agent-pw')
        self.assertEqual(self._session(browser), logged_in(self.agent_id))

    def test_failed_logins_throttled_per_ip(self):
        self._set_require(False)
        self._set_params(throttle_max_per_login='100', throttle_max_per_ip='4')
        for i in range(4):
            self._login(self._browser(), 'nobody%s' % i, 'guess')
        browser = self._browser()
        self.assertEqual(self._answer(self._login(browser, 'dev_agent', 'dev-agent-pw')), REFUSED)
        self.assertEqual(self._session(browser), LOGGED_OUT)
        with self._env() as env:
            self.assertEqual(env['dsa.auth.attempt'].search_count(
                [('ip_address', '=', '127.0.0.1')]), 4)
