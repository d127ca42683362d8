from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests.common import SavepointCase, at_install, post_install

from .common import create_minimal_chart


@at_install(False)
@post_install(True)
class TestSubscriptionInvoicing(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super(TestSubscriptionInvoicing, cls).setUpClass()
        cls.receivable, cls.income = create_minimal_chart(cls.env)
        cls.partner = cls.env['res.partner'].create({
            'name': 'Neri Automazioni', 'is_company': True, 'customer': True,
            'property_account_receivable_id': cls.receivable.id})
        cls.Sub = cls.env['dsa.licence.subscription']

    def _sub(self, **vals):
        values = {'partner_id': self.partner.id, 'product_code': 'tts', 'users': 5,
                  'date_start': '2026-01-01'}
        values.update(vals)
        return self.Sub.create(values)

    def _invoices(self, sub):
        return sub.period_ids.mapped('invoice_id')

    def test_run_twice_in_one_period(self):
        sub = self._sub()
        self.Sub._cron_invoice_subscriptions(date='2026-02-03')
        self.Sub._cron_invoice_subscriptions(date='2026-02-20')
        invoices = self._invoices(sub)
        self.assertEqual(len(invoices), 1)
        self.assertEqual(invoices.type, 'out_invoice')
        self.assertEqual(invoices.state, 'open')
        self.assertEqual(invoices.partner_id, self.partner)
        self.assertEqual(invoices.amount_untaxed, 5 * 200)
        self.assertEqual(invoices.invoice_line_ids.account_id, self.income)
        self.assertEqual(sub.last_invoiced_period, '2026-01-01')
        self.assertEqual(sub.period_ids.period_start, '2026-01-01')
        self.assertEqual(self.env['account.invoice'].search_count(
            [('partner_id', '=', self.partner.id)]), 1)

    def test_period_unique_key(self):
        sub = self._sub()
        self.Sub._cron_invoice_subscriptions(date='2026-02-03')
        with self.assertRaises(Exception):
            with self.cr.savepoint():
                self.env['dsa.licence.subscription.period'].create({
                    'subscription_id': sub.id, 'period_start': '2026-01-01',
                    'period_end': '2026-01-31'})

    def test_catch_up_and_tier_change(self):
        sub = self._sub()
        self.Sub._cron_invoice_subscriptions(date='2026-02-01')      # January, 5 users
        sub.with_context(dsa_change_date='2026-02-01').users = 6   # tier 2 from February
        self.assertEqual(sub.monthly_amount, 900)
        self.assertEqual(sub.price_id, self.env.ref('dsa_pricing.dsa_licence_price_tts_2'))
        self.Sub._cron_invoice_subscriptions(date='2026-03-02')      # February, 6 users
        amounts = [inv.amount_untaxed for inv in self._invoices(sub).sorted('id')]
        self.assertEqual(amounts, [1000, 900])
        self.assertEqual(sub.change_ids.users_before, 5)
        self.assertEqual(sub.change_ids.users_after, 6)

    def test_pro_rata_change_within_month(self):
        sub = self._sub(users=6, date_start='2026-03-01')
        # 21 users from 17 March: 16 days at 6 x 150, 15 days at 21 x 150 (tier 3)
        sub.with_context(dsa_change_date='2026-03-17').users = 21
        invoice = self.Sub._cron_invoice_subscriptions(date='2026-04-01')
        self.assertEqual(len(invoice), 1)
        lines = invoice.invoice_line_ids.sorted('id')
        self.assertEqual([(line.quantity, line.price_unit) for line in lines],
                         [(6, 77.42), (21, 72.58)])     # 150 x 16/31, 150 x 15/31
        self.assertAlmostEqual(invoice.amount_untaxed, 6 * 77.42 + 21 * 72.58, places=2)
        self.assertIn('16/31 days', lines[0].name)
        self.assertIn('TTS 21-50', lines[1].name)

    def test_start_mid_month(self):
        sub = self._sub(users=2, date_start='2026-04-21')
        invoice = self.Sub._cron_invoice_subscriptions(date='2026-05-01')
        # 10 of 30 days at 2 x 200
        self.assertEqual(invoice.invoice_line_ids.price_unit, 66.67)
        self.assertAlmostEqual(invoice.amount_untaxed, 133.34, places=2)
        self.assertEqual(sub.last_invoiced_period, '2026-04-01')

    def test_stopped_subscription(self):
        sub = self._sub()
        sub.date_stop = '2026-01-15'
        sub.action_stop()
        self.assertEqual(sub.state, 'stopped')
        self.assertEqual(sub.date_stop, '2026-01-15')
        self.Sub._cron_invoice_subscriptions(date='2026-02-01')
        # the days up to the stop are still billed: 15/31 of 200 per user
        self.assertAlmostEqual(self._invoices(sub).amount_untaxed, 5 * 96.77, places=2)
        self.Sub._cron_invoice_subscriptions(date='2026-03-01')
        self.Sub._cron_invoice_subscriptions(date='2026-04-01')
        self.assertEqual(len(self._invoices(sub)), 1)
        stopped_before = self._sub(date_start='2025-10-01', date_stop='2025-12-31',
                                   state='stopped', last_invoiced_period='2025-12-01')
        self.Sub._cron_invoice_subscriptions(date='2026-02-01')
        self.assertFalse(self._invoices(stopped_before))

    def test_bad_subscription_does_not_stop_the_batch(self):
        other_company = self.env['res.company'].create({'name': 'No Chart Srl'})
        bad = self._sub(company_id=other_company.id)
        good = self._sub()
        invoices = self.Sub._cron_invoice_subscriptions(date='2026-02-01')
        self.assertEqual(invoices, self._invoices(good))
        self.assertEqual(len(invoices), 1)
        self.assertFalse(bad.period_ids)
        self.assertFalse(bad.last_invoiced_period)
        self.assertIn('No sales journal for company No Chart Srl',
                      bad.message_ids[0].body)
        with self.assertRaisesRegex(UserError, 'No sales journal for company No Chart Srl'):
            bad._invoice_periods(date(2026, 2, 1))

    def test_missing_income_account(self):
        # as in a fresh database without a chart: no company-wide defaults
        self.env['ir.property'].search([
            ('name', 'in', ('property_account_income_categ_id', 'property_account_income_id')),
            ('res_id', '=', False)]).unlink()
        self.env.ref('dsa_pricing.product_category_licences').property_account_income_categ_id \
            = False
        sub = self._sub()
        with self.assertRaisesRegex(UserError, 'No income account for product'):
            with self.cr.savepoint():
                sub._invoice_periods(date(2026, 2, 1))
        self.assertFalse(self.env['account.invoice'].search(
            [('partner_id', '=', self.partner.id)]))

    def test_missing_receivable_account(self):
        # as in a fresh database without a chart: no company-wide default
        self.env['ir.property'].search([
            ('name', '=', 'property_account_receivable_id'), ('res_id', '=', False)]).unlink()
        partner = self.env['res.partner'].create({'name': 'Senza Conti'})
        self.assertFalse(partner.property_account_receivable_id)
        sub = self._sub(partner_id=partner.id)
        with self.assertRaisesRegex(UserError, 'Senza Conti has no receivable account'):
            sub._invoice_periods(date(2026, 2, 1))

    def test_cron_record_runs_the_job(self):
        cron = self.env.ref('dsa_pricing.ir_cron_subscription_invoicing')
        self.assertEqual(cron.model_id.model, 'dsa.licence.subscription')
        self.assertEqual(cron.state, 'code')
        self.assertEqual(cron.code.strip(), 'model._cron_invoice_subscriptions()')
        today = fields.Date.from_string(fields.Date.context_today(self.Sub))
        start = today.replace(day=1) - relativedelta(months=1)
        sub = self._sub(date_start=fields.Date.to_string(start))
        cron.method_direct_trigger()
        cron.method_direct_trigger()
        self.assertEqual(len(self._invoices(sub)), 1)
        self.assertEqual(sub.last_invoiced_period, fields.Date.to_string(start))

    def test_taxes_of_the_product_apply(self):
        tax = self.env['account.tax'].create({
            'name': 'IVA 22% (test)', 'amount': 22, 'amount_type': 'percent',
            'type_tax_use': 'sale', 'account_id': self.income.id,
            'refund_account_id': self.income.id})
        self.env.ref('dsa_pricing.product_product_tts_monthly').taxes_id = tax
        sub = self._sub()
        invoice = self.Sub._cron_invoice_subscriptions(date='2026-02-01')
        self.assertEqual(invoice, self._invoices(sub))
        self.assertEqual(invoice.amount_untaxed, 1000)
        self.assertEqual(invoice.amount_tax, 220)
        self.assertEqual(invoice.amount_total, 1220)
