from odoo.exceptions import AccessError
from odoo.tests.common import SavepointCase, at_install, post_install

from odoo.addons.dsa_base.tests.common import make_user


@at_install(False)
@post_install(True)
class TestAccess(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super(TestAccess, cls).setUpClass()
        env = cls.env
        cls.internal = make_user(env, 'dsa_acc_internal', ['base.group_user'])
        cls.pricing_user = make_user(env, 'dsa_acc_user', ['dsa_pricing.group_pricing_user'])
        cls.manager = make_user(env, 'dsa_acc_manager', ['dsa_pricing.group_pricing_manager'])
        cls.portal = make_user(env, 'dsa_acc_portal', ['base.group_portal'])
        cls.tier = env.ref('dsa_pricing.dsa_licence_price_crm_2')
        cls.partner = env['res.partner'].create({'name': 'Marroni Snc', 'is_company': True})
        cls.sub = env['dsa.licence.subscription'].create({
            'partner_id': cls.partner.id, 'product_code': 'crm', 'users': 3})

    def test_price_table_read_only_except_managers(self):
        for user in (self.internal, self.pricing_user, self.portal):
            Price = self.env['dsa.licence.price'].sudo(user)
            self.assertEqual(Price.browse(self.tier.id).monthly_fee_per_user, 100)
            self.assertEqual(Price.price_for('crm', 12)['monthly_total'], 1200)
            with self.assertRaises(AccessError):
                Price.browse(self.tier.id).write({'monthly_fee_per_user': 1})
            with self.assertRaises(AccessError):
                Price.create({'product_code': 'crm', 'min_users': 100,
                              'setup_fee': 1, 'monthly_fee_per_user': 1, 'day_rate': 1})
            with self.assertRaises(AccessError):
                Price.browse(self.tier.id).unlink()
        Price = self.env['dsa.licence.price'].sudo(self.manager)
        Price.browse(self.tier.id).write({'monthly_fee_per_user': 110})
        self.assertEqual(Price.price_for('crm', 12)['monthly_total'], 1320)

    def test_subscriptions_hidden_from_outsiders(self):
        for user in (self.internal, self.portal):
            Sub = self.env['dsa.licence.subscription'].sudo(user)
            with self.assertRaises(AccessError):
                Sub.search([])
            with self.assertRaises(AccessError):
                Sub.browse(self.sub.id).read(['users'])
            with self.assertRaises(AccessError):
                self.env['dsa.hour.package'].sudo(self.internal).search([])

    def test_pricing_user_and_manager(self):
        Sub = self.env['dsa.licence.subscription'].sudo(self.pricing_user)
        self.assertEqual(Sub.search([('id', '=', self.sub.id)]).users, 3)
        Sub.browse(self.sub.id).write({'users': 4})
        self.assertEqual(self.sub.change_ids.users_after, 4)
        with self.assertRaises(AccessError):
            Sub.browse(self.sub.id).unlink()
        with self.assertRaises(AccessError):
            self.env['dsa.licence.subscription.period'].sudo(self.pricing_user).create({
                'subscription_id': self.sub.id, 'period_start': '2026-01-01',
                'period_end': '2026-01-31'})
        self.env['dsa.licence.subscription'].sudo(self.manager).browse(self.sub.id).unlink()
        self.assertFalse(self.sub.exists())

    def test_partner_form_fields_guarded(self):
        # an internal user outside the pricing groups can still read customers
        partner = self.env['res.partner'].sudo(self.internal).browse(self.partner.id)
        self.assertEqual(partner.name, 'Marroni Snc')
        with self.assertRaises(AccessError):
            partner.read(['dsa_subscription_ids'])

    def test_hour_package_subscriptions(self):
        sub = self.env['dsa.hour.package.subscription'].create({
            'partner_id': self.partner.id, 'package_hours': '40', 'monthly_price': 2500})
        salesman = make_user(self.env, 'dsa_acc_salesman', ['sales_team.group_sale_salesman'])
        for user in (self.internal, salesman):
            Sub = self.env['dsa.hour.package.subscription'].sudo(user)
            with self.assertRaises(AccessError):
                Sub.search([])
            with self.assertRaises(AccessError):
                Sub.browse(sub.id).read(['monthly_price'])
        # a portal user of another customer sees nothing, and writes nothing
        Sub = self.env['dsa.hour.package.subscription'].sudo(self.portal)
        self.assertFalse(Sub.search([]))
        with self.assertRaises(AccessError):
            Sub.browse(sub.id).read(['monthly_price'])
        with self.assertRaises(AccessError):
            Sub.create({'partner_id': self.partner.id, 'package_hours': '20',
                        'monthly_price': 1})
        # the pricing user changes the size from next month, only the manager deletes
        Sub = self.env['dsa.hour.package.subscription'].sudo(self.pricing_user)
        Sub.browse(sub.id).write({'next_package_hours': '80'})
        self.assertEqual(sub.next_package_hours, '80')
        with self.assertRaises(AccessError):
            Sub.browse(sub.id).unlink()
        self.env['dsa.hour.package.subscription'].sudo(self.manager).browse(sub.id).unlink()
        self.assertFalse(sub.exists())
