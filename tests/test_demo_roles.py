"""One demo user per role (issue 28): each speaks Italian in the Rome time zone,
logs in over real HTTP with the login and password of the README, and lands on
its own home (the action the web client opens after the login, or /my for the
portal customer).  These hold on the test database, which is the demo."""
import base64
import io
import re

import requests
from PIL import Image

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tests.common import HOST, HttpCase, at_install, get_db_name, post_install

TIMEOUT = 180

# role: (login = password, xml id of the home action, or None for the portal)
ROLES = {
    'portal customer': ('giulia.rossi', None),
    'technician': ('marco.tecnico', 'dsa_tts.project_task_action_dsa_my'),
    'service manager': ('responsabile.assistenza', 'dsa_tts.dsa_ticket_action'),
    'agent': ('agent_north', 'dsa_crm.res_partner_action_dsa_customers'),
    'area manager': ('area_manager', 'crm.crm_lead_opportunities_tree_view'),
    'direction': ('direzione', 'dsa_crm.dsa_crm_revenue_report_action'),
    'accountant': ('contabile', 'dsa_accounting_bridge.dsa_import_job_action'),
    'licence billing': ('fatturazione', 'dsa_pricing.dsa_licence_subscription_action'),
}
GROUPS = {
    'portal customer': 'base.group_portal',
    'technician': 'dsa_tts.group_technician',
    'service manager': 'dsa_tts.group_manager',
    'agent': 'dsa_crm.group_agent',
    'area manager': 'dsa_crm.group_area_manager',
    'direction': 'dsa_crm.group_direction',
    'accountant': 'dsa_accounting_bridge.group_import_user',
    'licence billing': 'dsa_pricing.group_pricing_manager',
}


@at_install(False)
@post_install(True)
class TestDemoRoles(HttpCase):

    def _url(self, path):
        return 'http://%s:%s%s' % (HOST, odoo.tests.common.PORT, path)

    def _call(self, browser, path, params):
        resp = browser.post(self._url(path), timeout=TIMEOUT, json={
            'jsonrpc': '2.0', 'method': 'call', 'params': params})
        body = resp.json()
        self.assertNotIn('error', body, body.get('error'))
        return body['result']

    def _login(self, login):
        """A browser that logged in with the login form (real CSRF token); the
        devices of users that need one are approved for it (CRM-4), as the
        administrator does when the first login is refused."""
        browser = requests.Session()
        for attempt in range(2):
            page = browser.get(self._url('/web/login?db=%s' % get_db_name()), timeout=TIMEOUT)
            csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
            resp = browser.post(self._url('/web/login'), timeout=TIMEOUT, data={
                'login': login, 'password': login, 'csrf_token': csrf, 'redirect': ''})
            if 'not approved for this account' not in resp.text:
                return browser, resp
            with self.registry.cursor() as cr:
                devices = api.Environment(cr, SUPERUSER_ID, {})['dsa.device']
                devices.search([('user_id.login', '=', login),
                                ('state', '=', 'pending')]).action_approve()
        self.fail('%s: the device stayed refused' % login)

    def test_one_demo_user_per_role(self):
        env = self.env
        for role, (login, _home) in ROLES.items():
            user = env['res.users'].search([('login', '=', login)])
            self.assertTrue(user, role)
            self.assertTrue(user.has_group(GROUPS[role]), role)
            self.assertEqual(user.lang, 'it_IT', role)
            self.assertEqual(user.tz, 'Europe/Rome', role)

    def test_each_role_logs_in_and_lands_on_its_home(self):
        for role, (login, home) in ROLES.items():
            browser, resp = self._login(login)
            self.assertEqual(resp.status_code, 200, role)
            info = self._call(browser, '/web/session/get_session_info', {})
            self.assertTrue(info.get('uid'), '%s: not logged in' % role)
            self.assertEqual(info['user_context']['lang'], 'it_IT', role)
            # the login page answers with the web client's redirection (it keeps the hash)
            target = re.search(r"window.location = '([^']*)'", resp.text)
            self.assertTrue(target, '%s: no redirection after the login' % role)
            if home is None:
                # the portal customer is sent to its portal, in Italian
                self.assertEqual(target.group(1), '/my', role)
                page = browser.get(self._url('/my'), timeout=TIMEOUT)
                self.assertEqual(page.status_code, 200, role)
                self.assertIn('I vostri documenti', page.text)
                continue
            self.assertEqual(target.group(1), '/web', role)
            # what the web client does after the login: read the user's home
            # action, load it and read its first page of records
            user = self._call(browser, '/web/dataset/call_kw', {
                'model': 'res.users', 'method': 'read', 'args': [[info['uid']], ['action_id']],
                'kwargs': {}})[0]
            self.assertTrue(user['action_id'], '%s has no home' % role)
            action = self._call(browser, '/web/action/load', {'action_id': user['action_id'][0]})
            self.assertEqual(action['id'], self.env.ref(home).id, role)
            self._call(browser, '/web/dataset/search_read', {
                'model': action['res_model'], 'fields': ['display_name'], 'limit': 80,
                'domain': [], 'context': {'lang': 'it_IT'}})

    def test_company_logo_and_italian_names(self):
        """The demo company shows its own logo (not core's "Your logo"), the
        automation writes as the company, and zones and teams are Italian."""
        company = self.env.ref('base.main_company')
        # the logo drawn for the suite (dsa_base/static/src/img/dsa_logo.svg): 480 x 160
        logo = Image.open(io.BytesIO(base64.b64decode(company.logo)))
        self.assertEqual(logo.size, (480, 160))
        self.assertEqual(self.env.ref('base.partner_root').display_name, company.name)
        zones = self.env['dsa.zone'].search([]).mapped('name')
        teams = self.env['dsa.team'].search([]).mapped('name')
        self.assertIn('Nord', zones)
        for name in zones + teams:
            self.assertFalse(re.search(r'\b(North|South|East|West|Team|squad)\b', name), name)
