from odoo.tests.common import SavepointCase, at_install, post_install

from .common import create_minimal_chart


@at_install(False)
@post_install(True)
class TestBillingQueries(SavepointCase):
    """Issue 15: the monthly run costs the same number of queries per invoice
    whatever the number of subscriptions, and writes one chatter message where
    one is enough (a package's close, a package's creation)."""

    @classmethod
    def setUpClass(cls):
        super(TestBillingQueries, cls).setUpClass()
        cls.receivable, _income = create_minimal_chart(cls.env)
        cls.Sub = cls.env['dsa.licence.subscription']
        cls.HourSub = cls.env['dsa.hour.package.subscription']
        # the demo subscriptions are left out of these runs
        cls.Sub.search([]).write({'last_invoiced_period': '2031-12-01'})
        cls.HourSub.search([]).write({'state': 'done'})

    def _customers(self, count, tag):
        """``count`` customers with a licence and a 20-hour package from March."""
        for i in range(count):
            partner = self.env['res.partner'].create({
                'name': 'Query test %s %d' % (tag, i), 'is_company': True,
                'property_account_receivable_id': self.receivable.id})
            self.Sub.create({'partner_id': partner.id, 'product_code': 'crm',
                             'users': 3 + i, 'date_start': '2031-03-01'})
            self.HourSub.create({'partner_id': partner.id, 'package_hours': '20',
                                 'monthly_price': 1300, 'date_start': '2031-03-01'})

    def _run(self, date):
        self.env.cache.invalidate()
        start = self.env.cr.sql_log_count
        invoices = (self.Sub._cron_invoice_subscriptions(date=date)
                    | self.HourSub._cron_bill_packages(date=date))
        return invoices, self.env.cr.sql_log_count - start

    def test_queries_per_invoice_do_not_grow(self):
        self._customers(2, 'small')
        self.HourSub._cron_bill_packages(date='2031-03-01')
        small, small_queries = self._run('2031-04-01')
        self.assertEqual(len(small), 4)
        self._customers(8, 'large')
        # the new ones catch up to April (not measured)
        self.Sub._cron_invoice_subscriptions(date='2031-04-01')
        self.HourSub._cron_bill_packages(date='2031-04-01')
        large, large_queries = self._run('2031-05-01')
        self.assertEqual(len(large), 20)
        per_small, per_large = small_queries / 4.0, large_queries / 20.0
        self.assertLess(per_large, per_small * 1.1, (per_small, per_large))

    def test_package_chatter_has_one_message_per_event(self):
        self._customers(1, 'chatter')
        self.HourSub._cron_bill_packages(date='2031-03-01')
        package = self.env['dsa.hour.package'].search(
            [('partner_id.name', '=', 'Query test chatter 0')])
        self.assertEqual(len(package), 1)
        # created by the run: one note, the run's user does not follow it
        self.assertEqual(len(package.message_ids), 1)
        self.assertNotIn(self.env.user.partner_id, package.message_partner_ids)
        before = package.message_ids
        self.HourSub._cron_bill_packages(date='2031-04-01')
        self.assertEqual(package.state, 'expired')
        new = package.message_ids - before
        self.assertEqual(len(new), 1, new.mapped('body'))
        self.assertIn('20.00 hours expired', new.body)
        # the invoices of the run are not followed by the run's user either
        invoices = self.env['account.invoice'].search(
            [('partner_id.name', '=', 'Query test chatter 0')])
        self.assertTrue(invoices)
        for invoice in invoices:
            self.assertEqual(invoice.dsa_send_state, 'to_send')
            self.assertNotIn(self.env.user.partner_id, invoice.message_partner_ids)
