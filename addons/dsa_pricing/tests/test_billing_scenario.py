from odoo.exceptions import UserError
from odoo.tests.common import SavepointCase, at_install, post_install

from .common import create_minimal_chart


@at_install(False)
@post_install(True)
class BillingCase(SavepointCase):
    """A customer with an invoicing contact, a support project and the
    chart the invoices need."""

    @classmethod
    def setUpClass(cls):
        super(BillingCase, cls).setUpClass()
        cls.receivable, cls.income = create_minimal_chart(cls.env)
        Partner = cls.env['res.partner']
        cls.customer = Partner.create({
            'name': 'Rossi Impianti Srl', 'is_company': True, 'customer': True,
            'email': 'info@rossi-impianti.example.com',
            'property_account_receivable_id': cls.receivable.id})
        cls.billing_contact = Partner.create({
            'name': 'Ufficio amministrazione Rossi', 'parent_id': cls.customer.id,
            'type': 'invoice', 'email': 'fatture@rossi-impianti.example.com'})
        project = cls.env['project.project'].create({
            'name': 'Rossi support', 'partner_id': cls.customer.id})
        cls.task = cls.env['project.task'].create({
            'name': 'Rossi CRM evolution', 'project_id': project.id})
        cls.Sub = cls.env['dsa.licence.subscription']
        cls.HourSub = cls.env['dsa.hour.package.subscription']

    @classmethod
    def _log(cls, day, hours):
        return cls.env['account.analytic.line'].create({
            'name': 'support work', 'project_id': cls.task.project_id.id,
            'task_id': cls.task.id, 'date': day, 'unit_amount': hours,
            'user_id': cls.env.uid})

    def _order(self, date_start, lines):
        """lines: [(product xml id, quantity, price, recurring, kind, users)]"""
        vals = []
        for xmlid, qty, price, recurring, kind, users in lines:
            product = self.env.ref(xmlid)
            vals.append((0, 0, {
                'product_id': product.id, 'name': product.name, 'product_uom_qty': qty,
                'product_uom': product.uom_id.id, 'price_unit': price,
                'dsa_recurring': recurring, 'dsa_line_kind': kind,
                'dsa_product_code': kind and 'crm', 'dsa_users': users}))
        return self.env['sale.order'].create({
            'partner_id': self.customer.id, 'dsa_date_start': date_start,
            'order_line': vals})

    def _lines(self, invoice):
        return [(line.name, line.quantity, line.price_unit)
                for line in invoice.invoice_line_ids.sorted('id')]

    def _partner_invoices(self):
        return self.env['account.invoice'].search(
            [('partner_id', 'child_of', self.customer.id)], order='id')


class TestBillingScenario(BillingCase):

    def test_three_months_every_euro_once(self):
        """January to March 2026 of one order: CRM licence, setup, days and a
        package of 20 hours; tier change in February, package upgraded to 40
        hours from February, 6 hours of overuse in February, package and
        licence stopped in March."""
        order = self._order('2026-01-01', [
            ('dsa_pricing.product_product_crm_setup', 1, 1000, False, 'setup', 5),
            ('dsa_pricing.product_product_crm_monthly', 5, 150, True, 'monthly', 5),
            ('dsa_pricing.product_product_crm_customization', 2, 560, False,
             'customization', 5),
            ('dsa_pricing.product_product_support_20', 1, 1300, False, False, 0),
        ])
        monthly = order.order_line.filtered('dsa_recurring')
        package_line = order.order_line.filtered('dsa_hour_package_size')
        self.assertIn('not by the order', monthly.dsa_invoicing_note)
        self.assertIn('support-hour package', package_line.dsa_invoicing_note)
        order.action_confirm()

        # -- at confirmation: the one-time lines, once: 1,000 + 2 x 560 = 2,120
        one_time = self._partner_invoices()
        self.assertEqual(len(one_time), 2)
        setup_invoice = one_time.filtered(lambda i: not i.origin.startswith('HRS/'))
        self.assertEqual(sorted((line.quantity, line.price_unit)
                                for line in setup_invoice.invoice_line_ids),
                         [(1, 1000), (2, 560)])
        self.assertEqual(setup_invoice.amount_untaxed, 2120)
        self.assertEqual(setup_invoice.state, 'open')
        self.assertEqual(setup_invoice.partner_id, self.billing_contact)
        # ... and January of the package, in advance: 1 x 1,300
        package_sub = order.dsa_hour_subscription_ids
        self.assertEqual(package_sub.monthly_price, 1300)
        january_invoice = one_time - setup_invoice
        self.assertEqual(self._lines(january_invoice), [
            ('Support hours 2026-01: package of 20 hours (in advance)', 1, 1300)])
        self.assertEqual(january_invoice.dsa_send_state, 'to_send')
        # the order owns nothing more: recurring lines have nothing to invoice
        self.assertEqual(order.order_line.mapped('qty_to_invoice'), [0, 0, 0, 0])
        with self.assertRaises(UserError):
            order.action_invoice_create()
        order._dsa_invoice_one_time()
        order._dsa_create_subscriptions()
        order._dsa_create_hour_subscriptions()
        self.assertEqual(len(self._partner_invoices()), 2)
        licence = order.dsa_subscription_ids
        self.assertEqual((licence.users, licence.date_start), (5, '2026-01-01'))

        # -- January: 12 hours used of 20; upgrade to 40 hours from February
        self._log('2026-01-12', 12)
        package_sub.next_package_hours = '40'
        self.Sub._cron_invoice_subscriptions(date='2026-02-01')
        self.HourSub._cron_bill_packages(date='2026-02-01')
        jan, feb = package_sub.month_ids.sorted('period_start')
        # closed: 12 used, 20 - 12 = 8 expired, no overuse
        self.assertEqual((jan.state, jan.hours_used_at_expiry, jan.expired_hours,
                          jan.overuse_hours_at_expiry), ('expired', 12, 8, 0))
        # licence January in arrears: 5 users x 150 (tier CRM 1-5) = 750
        licence_jan = licence.period_ids.invoice_id
        self.assertEqual([(line.quantity, line.price_unit)
                          for line in licence_jan.invoice_line_ids],
                         [(5, 150)])
        self.assertEqual(licence_jan.amount_untaxed, 750)
        # package February in advance at the 40-hour price 2,500; nothing in arrears
        self.assertEqual((feb.package_hours, feb.monthly_price), ('40', 2500))
        self.assertEqual(self._lines(feb.invoice_id), [
            ('Support hours 2026-02: package of 40 hours (in advance)', 1, 2500)])
        self.assertFalse(jan.overuse_invoice_id)

        # -- February: 8 users from 16 February (tier CRM 6-20 at 100);
        #    46 hours used of 40 = 6 hours of overuse
        licence.with_context(dsa_change_date='2026-02-16').users = 8
        self._log('2026-02-03', 30)
        self._log('2026-02-27', 16)
        self.Sub._cron_invoice_subscriptions(date='2026-03-01')
        self.HourSub._cron_bill_packages(date='2026-03-01')
        licence_feb = licence.period_ids.filtered(
            lambda p: p.period_start == '2026-02-01').invoice_id
        # 1-15 Feb: 5 users x 150 x 15/28 = 5 x 80.36 = 401.80
        # 16-28 Feb: 8 users x 100 x 13/28 = 8 x 46.43 = 371.44;  total 773.24
        self.assertEqual([(line.quantity, line.price_unit)
                          for line in licence_feb.invoice_line_ids.sorted('id')],
                         [(5, 80.36), (8, 46.43)])
        self.assertAlmostEqual(licence_feb.amount_untaxed, 773.24, places=2)
        feb, mar = package_sub.month_ids.sorted('period_start')[1:]
        self.assertEqual((feb.hours_used_at_expiry, feb.expired_hours,
                          feb.overuse_hours_at_expiry), (46, 0, 6))
        # March in advance 2,500 + February overuse in arrears on the same
        # invoice: 6 h / 8 x 560 = 0.75 day x 560 = 420;  total 2,920
        self.assertEqual(self._lines(mar.invoice_id), [
            ('Support hours 2026-03: package of 40 hours (in advance)', 1, 2500),
            ('Support hours 2026-02: overuse of 6.00 hours beyond 40 (0.750 days at '
             '560.00 a day, in arrears)', 1, 420)])
        self.assertEqual(mar.invoice_id.amount_untaxed, 2920)
        self.assertEqual((feb.overuse_invoice_id, feb.overuse_amount_billed),
                         (mar.invoice_id, 420))

        # -- March: both stopped; the licence on 20 March, the package at
        #    month end; 10 hours used of 40
        licence.date_stop = '2026-03-20'
        licence.action_stop()
        package_sub.date_end = '2026-03-31'
        self._log('2026-03-10', 10)
        self.Sub._cron_invoice_subscriptions(date='2026-04-01')
        self.HourSub._cron_bill_packages(date='2026-04-01')
        licence_mar = licence.period_ids.filtered(
            lambda p: p.period_start == '2026-03-01').invoice_id
        # 1-20 March: 8 users x 100 x 20/31 = 8 x 64.52 = 516.16
        self.assertEqual([(line.quantity, line.price_unit)
                          for line in licence_mar.invoice_line_ids],
                         [(8, 64.52)])
        self.assertAlmostEqual(licence_mar.amount_untaxed, 516.16, places=2)
        # package: March closed (10 used, 30 expired), no April, no overuse
        self.assertEqual((mar.state, mar.hours_used_at_expiry, mar.expired_hours),
                         ('expired', 10, 30))
        self.assertEqual(len(package_sub.month_ids), 3)
        self.assertEqual(package_sub.state, 'done')

        # -- later runs and buttons bill nothing new
        for day in ('2026-04-01', '2026-05-01', '2026-06-01'):
            self.Sub._cron_invoice_subscriptions(date=day)
            self.HourSub._cron_bill_packages(date=day)
        with self.assertRaises(UserError):
            order.action_invoice_create()
        invoices = self._partner_invoices()
        # 2,120 + 1,300 + 750 + 2,500 + 773.24 + 2,920 + 516.16 = 10,879.40
        self.assertEqual(len(invoices), 7)
        self.assertAlmostEqual(sum(invoices.mapped('amount_untaxed')), 10879.40, places=2)
        self.assertEqual(set(invoices.mapped('state')), {'open'})
        # every order line: the one-time ones invoiced exactly their quantity,
        # the recurring ones never by the order
        by_kind = {line.dsa_line_kind or 'package': line for line in order.order_line}
        self.assertEqual(by_kind['setup'].qty_invoiced, 1)
        self.assertEqual(by_kind['customization'].qty_invoiced, 2)
        self.assertEqual(by_kind['monthly'].qty_invoiced, 0)
        self.assertEqual(by_kind['package'].qty_invoiced, 0)

    def test_downgrade_and_stop_button(self):
        sub = self.HourSub.create({
            'partner_id': self.customer.id, 'package_hours': '80', 'monthly_price': 4800,
            'date_start': '2026-01-01'})
        sub.next_package_hours = '20'
        invoices = self.HourSub._cron_bill_packages(date='2026-02-01')
        # catch-up: January (80 h, 4,800) and February (20 h, 1,300), one invoice each
        self.assertEqual(sorted(invoices.mapped('amount_untaxed')), [1300, 4800])
        self.assertEqual(sub.month_ids.sorted('period_start').mapped('package_hours'),
                         ['80', '20'])
        self.assertFalse(sub.next_package_hours)
        self.assertIn('package of 20 hours instead of 80', sub.message_ids[0].body)
        sub.action_stop()
        self.assertTrue(sub.date_end)
        with self.assertRaisesRegex(Exception, 'last day of a month'):
            with self.cr.savepoint():
                sub.date_end = '2026-03-15'
