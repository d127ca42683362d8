from odoo.exceptions import UserError, ValidationError
from odoo.tests.common import SavepointCase, at_install, post_install

# (users, tier) -> expected figures, from SPEC PRC-1
TTS = {1: (1500, 200), 5: (1500, 200), 6: (1500, 150), 20: (1500, 150), 21: (2000, 150),
       50: (2000, 150), 51: (3000, 100), 500: (3000, 100)}
CRM = {1: (1000, 150), 5: (1000, 150), 6: (1000, 100), 20: (1000, 100), 21: (1500, 100),
       50: (1500, 100), 51: (2000, 75), 500: (2000, 75)}


@at_install(False)
@post_install(True)
class TestLicencePrice(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super(TestLicencePrice, cls).setUpClass()
        cls.Price = cls.env['dsa.licence.price']

    def refusal(self, func):
        """The message of the ValidationError that func() raises, or 'accepted'
        when it runs; its partial write is rolled back like in a request."""
        try:
            with self.cr.savepoint():
                func()
        except ValidationError as error:
            return error.name
        finally:
            self.env.clear()
        return 'accepted'

    def test_price_for_boundaries(self):
        for code, table in (('tts', TTS), ('crm', CRM)):
            for users, (setup, monthly) in table.items():
                res = self.Price.price_for(code, users)
                self.assertEqual(set(res), {'setup_fee', 'monthly_fee_per_user',
                                            'monthly_total', 'day_rate'})
                self.assertEqual(res['setup_fee'], setup, (code, users))
                self.assertEqual(res['monthly_fee_per_user'], monthly, (code, users))
                self.assertEqual(res['monthly_total'], users * monthly, (code, users))
                self.assertEqual(res['day_rate'], 560, (code, users))

    def test_shipped_table(self):
        tiers = self.Price.search([('product_code', '=', 'tts')])
        self.assertEqual([(t.min_users, t.max_users) for t in tiers],
                         [(1, 5), (6, 20), (21, 50), (51, 0)])
        self.assertEqual(tiers.mapped('currency_id'), self.env.ref('base.EUR'))
        self.assertEqual(tiers[-1].name, 'TTS 51+')

    def test_price_for_bad_input(self):
        for users in (0, -3):
            with self.assertRaisesRegex(UserError, 'at least 1'):
                self.Price.price_for('crm', users)
        for users in (2.5, 'ten', True, None):
            with self.assertRaisesRegex(UserError, 'whole number'):
                self.Price.price_for('crm', users)
        with self.assertRaisesRegex(UserError, 'Unknown licence product "erp"'):
            self.Price.price_for('erp', 5)
        # an integral float is accepted (XML-RPC clients send them)
        self.assertEqual(self.Price.price_for('crm', 12.0)['monthly_total'], 1200)

    def test_overlapping_tier_rejected(self):
        self.assertIn('overlaps', self.refusal(lambda: self.Price.create({
            'product_code': 'crm', 'min_users': 18, 'max_users': 25,
            'setup_fee': 1, 'monthly_fee_per_user': 1, 'day_rate': 1})))
        self.assertIn('overlaps', self.refusal(lambda: self.env.ref(
            'dsa_pricing.dsa_licence_price_crm_2').write({'max_users': 21})))

    def test_gap_rejected(self):
        ref = self.env.ref
        self.assertIn('no tier covers 20 to 20 users', self.refusal(lambda: ref(
            'dsa_pricing.dsa_licence_price_tts_2').write({'max_users': 19})))
        self.assertIn('gap', self.refusal(lambda: ref(
            'dsa_pricing.dsa_licence_price_tts_3').unlink()))
        self.assertIn('leave "To users" empty', self.refusal(lambda: ref(
            'dsa_pricing.dsa_licence_price_crm_4').write({'max_users': 100})))
        self.assertIn('no tier covers 1 to 5', self.refusal(lambda: ref(
            'dsa_pricing.dsa_licence_price_crm_1').write({'active': False})))
        # nothing was left half written
        self.assertEqual(self.Price.price_for('tts', 20)['monthly_fee_per_user'], 150)
        self.assertEqual(self.Price.price_for('crm', 3)['setup_fee'], 1000)

    def test_invalid_range_rejected(self):
        tier = self.env.ref('dsa_pricing.dsa_licence_price_tts_2')
        self.assertIn('must not be lower', self.refusal(lambda: tier.write({'max_users': 4})))
        self.assertIn('cannot be negative', self.refusal(lambda: tier.write({'setup_fee': -1})))

    def test_price_for_reports_a_gap(self):
        # a table broken with the check deferred (as a data import could)
        self.env.ref('dsa_pricing.dsa_licence_price_tts_3').with_context(
            dsa_pricing_defer_tier_check=True).min_users = 25
        with self.assertRaisesRegex(ValidationError, 'no tier covers 21 to 24 users'):
            self.Price.price_for('tts', 30)

    def test_shift_boundary(self):
        """A manager moves a boundary: deferred check on the first write,
        full check on the last."""
        t1 = self.env.ref('dsa_pricing.dsa_licence_price_tts_1')
        t2 = self.env.ref('dsa_pricing.dsa_licence_price_tts_2')
        t1.with_context(dsa_pricing_defer_tier_check=True).max_users = 10
        t2.min_users = 11
        self.assertEqual(self.Price.price_for('tts', 10)['monthly_fee_per_user'], 200)
        self.assertEqual(self.Price.price_for('tts', 11)['monthly_fee_per_user'], 150)


@at_install(False)
@post_install(True)
class TestLicencePriceScreens(SavepointCase):
    """The tier table reads as a table (issue 16)."""

    def test_tier_labels(self):
        tiers = self.env['dsa.licence.price'].search([('product_code', '=', 'tts')])
        self.assertEqual(tiers.mapped('users_label'),
                         ['1 to 5', '6 to 20', '21 to 50', '51 and more'])
        action = self.env.ref('dsa_pricing.dsa_licence_price_action')
        self.assertNotIn('group', action.context or '')

    def test_wizard_shows_price_first(self):
        partner = self.env['res.partner'].create({'name': 'Preview customer'})
        wizard = self.env['dsa.licence.quote.wizard'].create({
            'partner_id': partner.id, 'crm': True, 'crm_users': 60, 'crm_days': 2})
        self.assertIn('CRM, 60 users (tier 51 and more)', wizard.price_preview)
        self.assertIn('monthly fee 4500.00 EUR (60 x 75.00)', wizard.price_preview)
        self.assertIn('customization 1120.00 EUR', wizard.price_preview)
        self.assertFalse(self.env['sale.order'].search([('partner_id', '=', partner.id)]))
        wizard.crm_users = 0
        self.assertIn('at least 1', wizard.price_preview)

    def test_licences_app_opens_a_list(self):
        root = self.env.ref('dsa_pricing.dsa_pricing_menu_root')
        first = root
        while first.child_id:
            first = first.child_id.sorted(lambda m: (m.sequence, m.id))[0]
        self.assertEqual(first.action.target, 'current')
        self.assertEqual(first.action.view_mode.split(',')[0], 'tree')
