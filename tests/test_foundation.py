"""The suite is installed, its groups exist, and the web client is styled."""
import re

import odoo
from odoo.tests.common import HttpCase, TransactionCase

from odoo.addons.dsa_base.tests.pdf import pdf_text, render_pdf

SUITE = ('dsa_tts', 'dsa_crm', 'dsa_pricing', 'dsa_accounting_bridge', 'dsa_crm_tts',
         'dsa_auth_device', 'dsa_security', 'dsa_base')

# The first request of a bundle runs lessc over every stylesheet: on a busy
# 2-core machine that takes longer than url_open's default 10 s.
COMPILE_TIMEOUT = 300

CONTRACT_GROUPS = (
    'dsa_tts.group_technician', 'dsa_tts.group_manager',
    'dsa_crm.group_agent', 'dsa_crm.group_area_manager',
    'dsa_crm.group_direction', 'dsa_crm.group_administration',
)


class TestSuiteInstalled(TransactionCase):

    def test_suite_installed_at_its_manifest_version(self):
        """The four addons, the glue (auto-installed with TTS and CRM) and the two
        infrastructure addons they depend on, each at the version of its manifest."""
        modules = self.env['ir.module.module'].search([('name', 'in', SUITE)])
        self.assertEqual(
            {m.name: m.state for m in modules}, {name: 'installed' for name in SUITE})
        for module in modules:
            manifest = odoo.modules.module.load_information_from_description_file(module.name)
            self.assertRegex(manifest['version'], r'^11\.0\.\d+\.\d+\.\d+$')
            self.assertEqual(module.latest_version, manifest['version'], module.name)

    def test_contract_groups_exist(self):
        for xmlid in CONTRACT_GROUPS:
            group = self.env.ref(xmlid, raise_if_not_found=False)
            self.assertTrue(group, '%s is missing' % xmlid)
            self.assertEqual(group._name, 'res.groups')

    def test_implied_chains(self):
        def implied(xmlid):
            return self.env.ref(xmlid).trans_implied_ids

        self.assertIn(self.env.ref('dsa_tts.group_technician'), implied('dsa_tts.group_manager'))
        self.assertIn(self.env.ref('dsa_crm.group_agent'), implied('dsa_crm.group_area_manager'))
        self.assertIn(self.env.ref('dsa_crm.group_area_manager'),
                      implied('dsa_crm.group_direction'))
        # Administration is a separate profile: it does not inherit the agents' features.
        self.assertNotIn(self.env.ref('dsa_crm.group_agent'),
                         implied('dsa_crm.group_administration'))

    def test_top_menus(self):
        for module in SUITE[:4]:  # the four apps; the others add no top menu
            menu = self.env.ref('%s.%s_menu_root' % (module, module))
            self.assertFalse(menu.parent_id)
            self.assertTrue(menu.web_icon)


class TestStyles(HttpCase):
    """Fails when lessc is missing or the LESS stylesheets do not compile."""

    def _assert_bundle_compiled(self, html, bundle, marker):
        errors = re.findall(r'\}\)\("([^"]*)"\);', html)
        self.assertFalse('__assetsBundleErrorSeen' in html, 'style errors: %s' % errors)
        links = re.findall(r'href="(/web/content/[^"]*%s[^"]*\.css)"' % re.escape(bundle), html)
        self.assertTrue(links, 'no stylesheet of %s in the page' % bundle)
        css = ''.join(self.url_open(link, timeout=COMPILE_TIMEOUT).text for link in links)
        self.assertTrue(marker in css, '%s was not compiled (%s missing)' % (bundle, marker))
        # LESS source that reached the browser uncompiled would still hold variables.
        self.assertNotRegex(css, r'@[a-z-]+\s*:\s*#')

    def test_login_page_styled(self):
        response = self.url_open('/web/login', timeout=COMPILE_TIMEOUT)
        self.assertEqual(response.status_code, 200)
        self._assert_bundle_compiled(response.text, 'web.assets_common', '.o_tooltip{')

    def test_backend_styled(self):
        self.authenticate('admin', 'admin')
        response = self.url_open('/web', timeout=COMPILE_TIMEOUT)
        self.assertEqual(response.status_code, 200)
        self._assert_bundle_compiled(response.text, 'web.assets_backend', '.o_web_client{')


class TestPdfReport(TransactionCase):
    """A QWeb PDF report goes through the real wkhtmltopdf."""

    def test_quotation_pdf(self):
        partner = self.env['res.partner'].create({'name': 'Impianti Rossi SpA'})
        product = self.env['product.product'].create({'name': 'Valvola DN50', 'list_price': 42})
        order = self.env['sale.order'].create({
            'partner_id': partner.id,
            'order_line': [(0, 0, {'product_id': product.id, 'product_uom_qty': 3})],
        })
        report = self.env.ref('sale.action_report_saleorder')
        text = pdf_text(render_pdf(report, order.ids))
        self.assertIn(order.name, text)
        self.assertIn('Valvola DN50', text)


def test_italian_catalogues_parse():
    """Every addon ships an Italian catalogue that Odoo's own reader loads
    (a hand-merged .po can pass msgfmt and still break Odoo's stricter parser)."""
    import glob
    import os
    from odoo.tools.translate import PoFile
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    paths = sorted(glob.glob(os.path.join(root, 'addons', '*', 'i18n', 'it.po')))
    assert len(paths) == len(glob.glob(os.path.join(root, 'addons', '*', '__manifest__.py')))
    for path in paths:
        with open(path, 'rb') as f:
            entries = list(PoFile(f))
        assert entries, path
