from odoo import fields
from odoo.exceptions import AccessError

from odoo.addons.dsa_base.tests.common import RpcCase


class TestPricingStateAttacks(RpcCase):
    """A pricing user (a salesman) over XML-RPC: the status of licences and
    hour packages, what the billing run records, and whether an invoice is
    emailed move through the actions only; the context keys that switched
    an invariant off are not trusted from a client (issue 23)."""

    def setUp(self):
        super(TestPricingStateAttacks, self).setUp()
        self.user = self.rpc_user('dsa_rpc_seller', ['dsa_pricing.group_pricing_user'])
        self.manager = self.rpc_user('dsa_rpc_price_boss', ['dsa_pricing.group_pricing_manager'])
        self.customer = self.env['res.partner'].create(
            {'name': 'Stato Srl', 'is_company': True, 'email': 'stato@example.com'})
        self.licence = self.env['dsa.licence.subscription'].create({
            'partner_id': self.customer.id, 'product_code': 'crm', 'users': 3,
            'date_start': '2026-01-01'})
        self.hours = self.env['dsa.hour.package.subscription'].create({
            'partner_id': self.customer.id, 'package_hours': '20', 'monthly_price': 1300,
            'date_start': '2026-01-01'})
        self.package = self.env['dsa.hour.package'].create({
            'partner_id': self.customer.id, 'period_start': '2026-01-01',
            'package_hours': '20'})

    def test_licence_state_and_billed_period(self):
        message = self.assertRpcAccessError(
            self.user, 'dsa.licence.subscription', 'write', [self.licence.id],
            {'state': 'stopped'})
        self.assertIn('action_stop', message)
        self.assertRpcAccessError(
            self.user, 'dsa.licence.subscription', 'write', [self.licence.id],
            {'last_invoiced_period': '2099-12-01'})
        self.assertRpcAccessError(
            self.user, 'dsa.licence.subscription', 'create',
            {'partner_id': self.customer.id, 'product_code': 'crm', 'users': 2,
             'state': 'stopped'})
        self.assertRpcAccessError(
            self.user, 'dsa.licence.subscription', 'create',
            {'partner_id': self.customer.id, 'product_code': 'crm', 'users': 2},
            context={'default_last_invoiced_period': '2099-12-01'})
        self.assertEqual(self.licence.state, 'running')
        self.assertFalse(self.licence.last_invoiced_period)
        # the button still works
        self.rpc(self.user, 'dsa.licence.subscription', 'action_stop', [self.licence.id])
        self.assertEqual(self.licence.state, 'stopped')

    def test_hour_package_state_and_run_fields(self):
        invoice = self.env['account.invoice'].search([], limit=1)
        for vals in ({'state': 'expired'}, {'hours_used_at_expiry': 0.0},
                     {'expired_hours': 20.0}, {'overuse_hours_at_expiry': 0.0},
                     {'invoice_id': invoice.id}, {'overuse_invoice_id': invoice.id},
                     {'overuse_amount_billed': 1.0}):
            self.assertRpcAccessError(self.user, 'dsa.hour.package', 'write',
                                      [self.package.id], vals)
        for vals in ({'state': 'done'}, {'last_billed_month': '2099-12-01'}):
            self.assertRpcAccessError(self.user, 'dsa.hour.package.subscription', 'write',
                                      [self.hours.id], vals)
        self.assertEqual(self.package.state, 'running')
        self.assertEqual(self.hours.state, 'running')
        self.rpc(self.user, 'dsa.hour.package', 'action_expire', [self.package.id])
        self.assertEqual(self.package.state, 'expired')

    def test_invoice_send_state(self):
        invoice = self.env['account.invoice'].search([('type', '=', 'out_invoice')], limit=1)
        self.assertTrue(invoice)
        before = invoice.dsa_send_state
        for state in ('sent', 'to_send', 'no_email'):
            self.assertRpcAccessError(self.user, 'account.invoice', 'write', [invoice.id],
                                      {'dsa_send_state': state})
        self.assertEqual(invoice.dsa_send_state, before)

    def test_change_date_not_backdated_by_a_client(self):
        self.rpc(self.user, 'dsa.licence.subscription', 'write', [self.licence.id],
                 {'users': 8}, context={'dsa_change_date': '2026-01-01'})
        change = self.licence.change_ids
        self.assertEqual(len(change), 1)
        self.assertEqual(change.date, fields.Date.context_today(self.licence))
        self.assertEqual(change.users_after, 8)

    def test_tier_check_not_deferred_by_a_client(self):
        tier = self.env.ref('dsa_pricing.dsa_licence_price_tts_3')
        with self.assertRaises(Exception):
            self.rpc(self.manager, 'dsa.licence.price', 'write', [tier.id],
                     {'min_users': 25}, context={'dsa_pricing_defer_tier_check': True})
        self.assertNotEqual(tier.min_users, 25)
        self.assertEqual(self.env['dsa.licence.price'].price_for('tts', 22)['setup_fee'],
                         tier.setup_fee)

    def test_manager_moves_a_boundary_with_write_tiers(self):
        t1 = self.env.ref('dsa_pricing.dsa_licence_price_tts_1')
        t2 = self.env.ref('dsa_pricing.dsa_licence_price_tts_2')
        self.rpc(self.manager, 'dsa.licence.price', 'write_tiers',
                 {str(t1.id): {'max_users': 10}, str(t2.id): {'min_users': 11}})
        self.assertEqual((t1.max_users, t2.min_users), (10, 11))
        # a broken result is refused as a whole
        with self.assertRaises(Exception):
            self.rpc(self.manager, 'dsa.licence.price', 'write_tiers',
                     {str(t1.id): {'max_users': 8}})
        self.assertEqual(t1.max_users, 10)
        # and the user who may not edit prices may not through it either
        with self.assertRaises(Exception):
            self.rpc(self.user, 'dsa.licence.price', 'write_tiers',
                     {str(t1.id): {'max_users': 12}, str(t2.id): {'min_users': 13}})
        self.assertEqual(t1.max_users, 10)

    def test_orm_grant_is_not_a_plain_context_value(self):
        Sub = self.env['dsa.licence.subscription'].sudo(self.user)
        with self.assertRaises(AccessError):
            Sub.browse(self.licence.id).with_context(
                dsa_action_grant=frozenset([('dsa.licence.subscription', 'state')])).write(
                    {'state': 'stopped'})
