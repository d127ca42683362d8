import json

from odoo.tests import common
from odoo.tests.common import at_install, post_install

from odoo.addons.dsa_base.tests.common import DsaHttpCase

KEY_A = 'KEY-A-987654'
NOTES_A = 'Internal note: the dog bites'
CONFIG_A = 'Config note: GSM module on SIM 3355'


@at_install(False)
@post_install(True)
class TestPortalPlant(DsaHttpCase):
    """"My plants" over real HTTP as two customers, with IDOR attempts."""

    def setUp(self):
        super(TestPortalPlant, self).setUp()
        env = self.env
        self.technician = technician = self.make_user(
            'portal_plant_tech', ['dsa_tts.group_technician'], name='Portal test tech',
            email='ppt@example.com')
        product = env['product.product'].create({'name': 'Smoke detector', 'type': 'consu'})
        self.plants = {}
        self.users = {}
        for tag in ('a', 'b'):
            company, _contact, self.users[tag] = self.portal_customer(
                'Customer %s' % tag.upper(), 'Contact %s' % tag.upper(),
                'portal_plant_%s' % tag, email='portal_%s@example.com' % tag,
                user_name='Portal %s' % tag.upper())
            plant = env['dsa.plant'].create({
                'name': 'Plant of %s' % tag.upper(), 'partner_id': company.id,
                'notes': NOTES_A if tag == 'a' else 'Notes of B', 'city': 'Town %s' % tag})
            old = env['dsa.plant.component'].sudo(technician).create({
                'plant_id': plant.id, 'product_id': product.id, 'serial': 'OLD-%s' % tag,
                'date_installed': '2015-01-01', 'access_key': KEY_A if tag == 'a' else 'KB',
                'config_notes': CONFIG_A if tag == 'a' else 'cfg B'})
            old.replace_component({'product_id': product.id, 'serial': 'NEW-%s' % tag},
                                  '2020-05-05')
            self.plants[tag] = plant

    def _get(self, url):
        return self.url_open(url, timeout=90)

    def test_customer_sees_own_plants_without_secrets(self):
        self.login(self.users['a'])
        home = self._get('/my/home')
        self.assertEqual(home.status_code, 200)
        self.assertIn('/my/plants', home.text)
        listing = self._get('/my/plants')
        self.assertEqual(listing.status_code, 200)
        self.assertIn(self.plants['a'].code, listing.text)
        self.assertNotIn(self.plants['b'].code, listing.text)
        page = self._get('/my/plants/%d' % self.plants['a'].id)
        self.assertEqual(page.status_code, 200)
        self.assertIn('Plant of A', page.text)
        self.assertIn('NEW-a', page.text)   # current structure
        self.assertIn('OLD-a', page.text)   # history
        self.assertIn('2020', page.text)
        for secret in (KEY_A, NOTES_A, CONFIG_A, 'OLD-b', 'NEW-b'):
            self.assertNotIn(secret, page.text)
            self.assertNotIn(secret, listing.text)

    def test_other_customer_gets_404_on_every_url(self):
        self.login(self.users['b'])
        own = self._get('/my/plants/%d' % self.plants['b'].id)
        self.assertEqual(own.status_code, 200)
        self.assertIn('NEW-b', own.text)
        listing = self._get('/my/plants')
        self.assertNotIn(self.plants['a'].code, listing.text)
        self.assertNotIn('Plant of A', listing.text)
        max_id = max(p.id for p in self.plants.values())
        for url in ('/my/plants/%d' % self.plants['a'].id,
                    '/my/plants/%d' % (max_id + 1000),
                    '/my/plants/0',
                    '/my/plants/%d?debug=1' % self.plants['a'].id):
            response = self._get(url)
            self.assertIn(response.status_code, (403, 404), url)
            self.assertNotIn('Plant of A', response.text, url)
            self.assertNotIn('OLD-a', response.text, url)
            self.assertNotIn(KEY_A, response.text, url)

    def test_anonymous_is_sent_to_login(self):
        response = self._get('/my/plants/%d' % self.plants['a'].id)
        self.assertIn('/web/login', response.url)
        self.assertNotIn('Plant of A', response.text)

    def _call_kw(self, model, method, args):
        """JSON-RPC as the web client does it, on the authenticated session."""
        payload = {'jsonrpc': '2.0', 'method': 'call', 'id': 1,
                   'params': {'model': model, 'method': method, 'args': args, 'kwargs': {}}}
        response = self.opener.post(
            'http://127.0.0.1:%d/web/dataset/call_kw/%s/%s' % (common.PORT, model, method),
            data=json.dumps(payload), headers={'Content-Type': 'application/json'},
            timeout=90)
        self.assertEqual(response.status_code, 200)
        return response.json()

    def test_rpc_components_at_and_key(self):
        """The contract over RPC: components_at on plant records, access_key refused."""
        plant_a = self.plants['a']
        comps = {c.serial: c.id for c in plant_a.component_ids}
        self.login(self.technician)
        reply = self._call_kw('dsa.plant', 'components_at', [[plant_a.id], '2020-05-04'])
        self.assertEqual(reply.get('result'), [comps['OLD-a']], reply)
        reply = self._call_kw('dsa.plant', 'components_at', [[plant_a.id], '2020-05-05'])
        self.assertEqual(reply.get('result'), [comps['NEW-a']], reply)
        reply = self._call_kw('dsa.plant.component', 'read', [[comps['OLD-a']], ['access_key']])
        self.assertEqual(reply['result'][0]['access_key'], KEY_A)
        self.login(self.users['b'])
        reply = self._call_kw('dsa.plant', 'read', [[plant_a.id], ['name']])
        self.assertIn('AccessError', reply['error']['data']['name'])
        self.login(self.users['a'])
        for model, method, args in (
                ('dsa.plant.component', 'read', [[comps['OLD-a']], ['access_key']]),
                ('dsa.plant.component', 'export_data', [[comps['OLD-a']], ['access_key']]),
                ('dsa.plant', 'read', [[plant_a.id], ['notes']])):
            reply = self._call_kw(model, method, args)
            self.assertIn('AccessError', reply['error']['data']['name'], (model, method, args))
            self.assertNotIn(KEY_A, json.dumps(reply))
            self.assertNotIn(NOTES_A, json.dumps(reply))
