from odoo.exceptions import AccessError, UserError
from odoo.tests.common import SavepointCase, at_install, post_install

from odoo.addons.dsa_base.tests.pdf import pdf_text, render_pdf


@at_install(False)
@post_install(True)
class TestQuotation(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super(TestQuotation, cls).setUpClass()
        cls.partner = cls.env['res.partner'].create({
            'name': 'Verdi Termoidraulica', 'is_company': True, 'customer': True})
        cls.Wizard = cls.env['dsa.licence.quote.wizard']

    def _quote(self, **vals):
        vals.setdefault('partner_id', self.partner.id)
        action = self.Wizard.create(vals).action_create_quotation()
        return self.env['sale.order'].browse(action['res_id'])

    def test_crm_12_users_3_days(self):
        order = self._quote(crm=True, crm_users=12, crm_days=3)
        by_kind = {line.dsa_line_kind: line for line in order.order_line}
        self.assertEqual(set(by_kind), {'setup', 'monthly', 'customization'})
        setup, monthly, days = by_kind['setup'], by_kind['monthly'], by_kind['customization']
        self.assertEqual((setup.product_uom_qty, setup.price_unit), (1, 1000))
        self.assertEqual((monthly.product_uom_qty, monthly.price_unit), (12, 100))
        self.assertEqual((days.product_uom_qty, days.price_unit), (3, 560))
        self.assertTrue(monthly.dsa_recurring)
        self.assertFalse(setup.dsa_recurring or days.dsa_recurring)
        self.assertIn('RECURRING', monthly.name)
        self.assertEqual(order.dsa_amount_one_time, 1000 + 3 * 560)
        self.assertEqual(order.dsa_amount_monthly, 12 * 100)
        self.assertEqual(order.amount_untaxed, 1000 + 12 * 100 + 3 * 560)
        self.assertTrue(order.dsa_is_licence)
        self.assertEqual(
            monthly.product_id, self.env.ref('dsa_pricing.product_product_crm_monthly'))

    def test_tts_and_crm_without_days(self):
        order = self._quote(tts=True, tts_users=51, crm=True, crm_users=5)
        self.assertEqual(len(order.order_line), 4)
        self.assertEqual(order.dsa_amount_one_time, 3000 + 1000)
        self.assertEqual(order.dsa_amount_monthly, 51 * 100 + 5 * 150)

    def test_bad_input(self):
        with self.assertRaisesRegex(UserError, 'at least one product'):
            self._quote()
        with self.assertRaisesRegex(UserError, 'TTS: .*at least 1'):
            self._quote(tts=True, tts_users=0)
        with self.assertRaisesRegex(UserError, 'CRM: customization days cannot be negative'):
            self._quote(crm=True, crm_users=3, crm_days=-1)
        self.assertFalse(self.env['sale.order'].search([('partner_id', '=', self.partner.id)]))

    def test_partner_action_opens_wizard(self):
        action = self.partner.action_dsa_licence_quote()
        self.assertEqual(action['res_model'], 'dsa.licence.quote.wizard')
        self.assertEqual(action['context']['default_partner_id'], self.partner.id)

    def test_printed_quotation(self):
        order = self._quote(crm=True, crm_users=12, crm_days=3)
        report = self.env.ref('sale.action_report_saleorder')
        html = report.render_qweb_html(order.ids)[0].decode()
        self.assertIn('Monthly, recurring', html)
        self.assertIn('One-time charges', html)
        self.assertIn('Recurring charges, every month', html)
        self.assertIn('2,680.00', html)   # one-time: 1,000 + 3 x 560
        self.assertIn('1,200.00', html)   # monthly: 12 x 100
        text = pdf_text(render_pdf(report, order.ids))
        self.assertIn(order.name, text)
        self.assertIn('Recurring charges, every month', text)
        self.assertIn('2,680.00', text)
        self.assertIn('1,200.00', text)

    def test_confirm_creates_subscriptions(self):
        order = self._quote(tts=True, tts_users=8, crm=True, crm_users=12, crm_days=1)
        order.action_confirm()
        subs = order.dsa_subscription_ids
        self.assertEqual(len(subs), 2)
        crm = subs.filtered(lambda s: s.product_code == 'crm')
        self.assertEqual(crm.users, 12)
        self.assertEqual(crm.partner_id, self.partner)
        self.assertEqual(crm.state, 'running')
        self.assertEqual(crm.monthly_amount, 1200)
        self.assertEqual(crm.price_id, self.env.ref('dsa_pricing.dsa_licence_price_crm_2'))
        self.assertEqual(crm.date_start, order.confirmation_date[:10])
        self.assertTrue(crm.name.startswith('LIC/'))
        # creating them again does not duplicate
        order._dsa_create_subscriptions()
        self.assertEqual(len(order.dsa_subscription_ids), 2)

    def test_salesman_confirms_licence_order(self):
        salesman = self.env['res.users'].with_context(no_reset_password=True).create({
            'name': 'Plain salesman', 'login': 'dsa_plain_salesman',
            'email': 'dsa_plain_salesman@example.com',
            'groups_id': [(6, 0, [self.env.ref('sales_team.group_sale_salesman').id])]})
        order = self._quote(crm=True, crm_users=7)
        order.user_id = salesman
        order.sudo(salesman).action_confirm()
        self.assertEqual(order.state, 'sale')
        self.assertEqual(order.dsa_subscription_ids.users, 7)
        with self.assertRaises(AccessError):
            self.env['dsa.licence.subscription'].sudo(salesman).search([])
