"""The field app's pages over real HTTP (issue 25): the shell is the
technician's, in the technician's language, and nobody else's (a portal
customer and a plain employee get a 403); the manifest and the service worker
answer with what a phone needs to install the app and open it offline."""
import io
import json
import re

from PIL import Image

from odoo.tests.common import at_install, post_install

from odoo.addons.dsa_base.tests.common import DsaHttpCase

BOOT = re.compile(r'<script type="application/json" id="f-boot">(.*?)</script>', re.S)


@at_install(False)
@post_install(True)
class TestFieldApp(DsaHttpCase):

    def setUp(self):
        super(TestFieldApp, self).setUp()
        self.env['res.lang'].load_lang('it_IT')
        self.tech = self.make_user('fc_tech_it', ['dsa_tts.group_technician'], lang='it_IT',
                                   name='Tecnico </script><b>Bold</b>')
        self.tech_en = self.make_user('fc_tech_en', ['dsa_tts.group_technician'], lang='en_US')
        self.employee = self.make_user('fc_employee', ['base.group_user'], lang='it_IT')
        self.customer, _contact, self.portal = self.portal_customer(
            'Field Customer Srl', 'Paolo Portale', 'fc_portal')
        self.portal.lang = 'it_IT'

    def _boot(self, response):
        match = BOOT.search(response.text)
        self.assertTrue(match, 'the shell embeds no boot data')
        return json.loads(match.group(1))

    def test_shell_in_italian_for_the_technician(self):
        self.login(self.tech)
        response = self.url_open('/field')
        self.assertEqual(response.status_code, 200)
        self.assertIn('<html lang="it-IT">', response.text)
        boot = self._boot(response)
        self.assertEqual(boot['uid'], self.tech.id)
        self.assertEqual(boot['lang'], 'it_IT')
        # the labels are translated by it.po, on the server
        self.assertEqual(boot['labels']['sync_now'], 'Sincronizza ora')
        self.assertEqual(boot['labels']['refused_title'], 'Non accettate dal server')
        self.assertEqual(boot['labels']['sign_without_code'], 'Firma senza codice')
        # a page of its own: no Odoo web client, no website layout
        self.assertNotIn('odoo.define', response.text)
        self.assertNotIn('web.assets', response.text)
        self.assertNotIn('o_main_navbar', response.text)
        self.assertIn('/dsa_tts/static/src/field/app.js?v=%s' % boot['version'], response.text)
        self.assertIn('rel="manifest" href="/field/manifest.webmanifest"', response.text)
        # a name cannot close the script element that carries the data
        self.assertNotIn('<b>Bold</b>', response.text)
        self.assertEqual(boot['user'], 'Tecnico </script><b>Bold</b>')
        self.assertEqual(response.headers['Cache-Control'], 'no-cache, private')

    def test_shell_in_english(self):
        self.login(self.tech_en)
        response = self.url_open('/field')
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self._boot(response)['labels']['sync_now'], 'Sync now')

    def test_every_label_in_italian(self):
        """Each text of the app has its Italian in it.po (the same word only
        where Italian uses the English one)."""
        self.login(self.tech_en)
        english = self._boot(self.url_open('/field'))['labels']
        self.login(self.tech)
        italian = self._boot(self.url_open('/field'))['labels']
        self.assertEqual(set(english), set(italian))
        same = sorted(k for k in english if english[k] == italian[k])
        self.assertEqual(same, ['offline', 'online'])

    def test_portal_customer_gets_403(self):
        self.login(self.portal)
        response = self.url_open('/field')
        self.assertEqual(response.status_code, 403)
        self.assertNotIn('f-boot', response.text)
        self.assertIn('tecnici', response.text)

    def test_plain_employee_gets_403(self):
        self.login(self.employee)
        response = self.url_open('/field')
        self.assertEqual(response.status_code, 403)
        self.assertNotIn('f-boot', response.text)
        self.assertNotIn('app.js', response.text)

    def test_sales_agent_gets_403(self):
        """A sales agent (dsa_crm, when installed) is no technician. Agents log
        in from an approved device (dsa_auth_device): the device check is not
        what this test is about, so the agent group asks for none here."""
        agent_group = self.env.ref('dsa_crm.group_agent', raise_if_not_found=False)
        if not agent_group:
            self.skipTest('dsa_crm is not installed')
        if 'dsa_require_device' in agent_group._fields:
            agent_group.dsa_require_device = False
            self.env['res.users'].clear_caches()
        agent = self.make_user('fc_agent', [agent_group], lang='it_IT')
        self.login(agent)
        response = self.url_open('/field')
        self.assertEqual(response.status_code, 403, response.url)
        self.assertNotIn('f-boot', response.text)

    def test_anonymous_is_sent_to_login(self):
        response = self.url_open('/field')
        self.assertIn('/web/login', response.url)
        self.assertNotIn('f-boot', response.text)
        # the service worker and the manifest are public: the browser fetches
        # them on its own, and they hold no data
        sw = self.url_open('/field/sw.js')
        self.assertEqual(sw.status_code, 200)
        self.assertEqual(sw.headers['Service-Worker-Allowed'], '/field')
        self.assertEqual(self.url_open('/field/manifest.webmanifest').json()['start_url'], '/field')

    def test_manifest(self):
        self.login(self.tech)
        response = self.url_open('/field/manifest.webmanifest')
        self.assertEqual(response.status_code, 200)
        self.assertIn('application/manifest+json', response.headers['Content-Type'])
        manifest = response.json()
        self.assertEqual(manifest['start_url'], '/field')
        self.assertEqual(manifest['scope'], '/field')
        self.assertEqual(manifest['display'], 'standalone')
        self.assertEqual(manifest['lang'], 'it-IT')
        self.assertEqual(manifest['name'], 'DSA Campo')
        sizes = {}
        for icon in manifest['icons']:
            image = self.url_open(icon['src'])
            self.assertEqual(image.status_code, 200, icon['src'])
            self.assertEqual(image.headers['Content-Type'], 'image/png')
            sizes[icon['sizes']] = Image.open(io.BytesIO(image.content)).size
        self.assertEqual(sizes, {'192x192': (192, 192), '512x512': (512, 512)})

    def test_service_worker_headers_and_scope(self):
        self.login(self.tech)
        response = self.url_open('/field/sw.js')
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.headers['Content-Type'].startswith('application/javascript'))
        self.assertEqual(response.headers['Service-Worker-Allowed'], '/field')
        config = json.loads(re.match(r'var DSA_FIELD_SW = (.*?);\n', response.text).group(1))
        self.assertEqual(config['shell'], '/field')
        self.assertIn("indexOf('/field/api/') === 0", response.text)  # never cached
        # every file it keeps for offline use exists, with the shell's version
        version = self._boot(self.url_open('/field'))['version']
        self.assertEqual(config['version'], version)
        for url in config['static']:
            self.assertTrue(url.endswith('?v=%s' % version), url)
            self.assertEqual(self.url_open(url).status_code, 200, url)
        # the app registers it for the /field scope
        app = self.url_open(config['static'][0]).text
        self.assertIn("register('/field/sw.js', {scope: '/field'})", app)

    def test_backend_menu_for_technicians_only(self):
        action = self.env.ref('dsa_tts.dsa_field_app_action')
        self.assertEqual(action.url, '/field')
        menu = self.env.ref('dsa_tts.dsa_field_app_menu')
        Menu = self.env['ir.ui.menu']
        self.assertTrue(Menu.sudo(self.tech).search([('id', '=', menu.id)]))
        self.assertFalse(Menu.sudo(self.employee).search([('id', '=', menu.id)]))
        self.assertEqual(menu.with_context(lang='it_IT').name, 'App sul campo')
