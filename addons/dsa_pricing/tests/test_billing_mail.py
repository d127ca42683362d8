import base64

from odoo.addons.dsa_base.tests.common import make_user
from odoo.addons.dsa_base.tests.pdf import pdf_text, real_pdf

from .test_billing_scenario import BillingCase


class TestInvoicesOut(BillingCase):
    """Billing invoices are posted, emailed with their PDF to the invoicing
    contact; without an email the billing manager gets an activity; a run
    with failures posts each on its record and sums them up for him."""

    @classmethod
    def setUpClass(cls):
        super(TestInvoicesOut, cls).setUpClass()
        cls.manager = make_user(cls.env, 'dsa_billing_boss',
                                ['dsa_pricing.group_pricing_manager'])
        cls.env.user.company_id.dsa_billing_manager_id = cls.manager
        # invoices of the database already waiting to be sent are not this
        # test's: the demo data bills on the day the addon is installed, or
        # reloaded (`-i` under Odoo's own runner)
        cls.env['account.invoice'].search([('dsa_send_state', '=', 'to_send')]).write(
            {'dsa_send_state': 'sent'})

    def _send(self):
        with real_pdf():
            return self.env['account.invoice']._cron_dsa_send_invoices()

    def test_emailed_with_pdf(self):
        sub = self.Sub.create({'partner_id': self.customer.id, 'product_code': 'tts',
                               'users': 2, 'date_start': '2026-01-01'})
        invoice = self.Sub._cron_invoice_subscriptions(date='2026-02-01')
        self.assertEqual(invoice, sub.period_ids.invoice_id)
        self.assertEqual((invoice.state, invoice.dsa_send_state), ('open', 'to_send'))
        self.assertEqual(invoice.partner_id, self.billing_contact)
        before = self.env['mail.mail'].search([])
        self.assertEqual(self._send(), invoice)
        mail = self.env['mail.mail'].search([]) - before
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.billing_contact)
        self.assertIn(invoice.number, mail.subject)
        self.assertEqual(len(mail.attachment_ids), 1)
        pdf = mail.attachment_ids
        self.assertEqual(pdf.mimetype, 'application/pdf')
        self.assertIn(invoice.number, pdf_text(base64.b64decode(pdf.datas)))
        self.assertEqual((invoice.dsa_send_state, invoice.sent), ('sent', True))
        # the customer follows the invoice: the portal's standard Invoices show it
        self.assertIn(self.billing_contact, invoice.message_partner_ids)
        # sent once
        self.assertFalse(self._send())

    def test_customer_without_email(self):
        self.billing_contact.email = False
        self.HourSub.create({'partner_id': self.customer.id, 'package_hours': '20',
                             'monthly_price': 1300, 'date_start': '2026-01-01'})
        invoice = self.HourSub._cron_bill_packages(date='2026-01-01')
        before = self.env['mail.mail'].search([])
        self._send()
        self.assertFalse(self.env['mail.mail'].search([]) - before)
        self.assertEqual(invoice.dsa_send_state, 'no_email')
        activity = invoice.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.manager)
        self.assertIn('has no email', activity.summary)

    def test_failures_do_not_stop_the_run(self):
        good = self.HourSub.create({'partner_id': self.customer.id, 'package_hours': '20',
                                    'monthly_price': 1300, 'date_start': '2026-01-01'})
        no_price = self.HourSub.create({
            'partner_id': self.env['res.partner'].create({
                'name': 'Prezzo Zero Srl', 'is_company': True}).id,
            'package_hours': '40', 'monthly_price': 0, 'date_start': '2026-01-01'})
        taxed_partner = self.env['res.partner'].create({'name': 'Tasse Srl', 'is_company': True})
        licence = self.Sub.create({'partner_id': taxed_partner.id, 'product_code': 'crm',
                                   'users': 2, 'date_start': '2026-01-01'})
        invoices = self.HourSub._cron_bill_packages(date='2026-01-01')
        self.assertEqual(invoices, good.month_ids.invoice_id)
        self.assertFalse(no_price.month_ids)
        self.assertFalse(no_price.last_billed_month)
        self.assertIn('has no monthly price', no_price.message_ids[0].body)
        summary = self.env['mail.activity'].search([
            ('res_model', '=', 'res.partner'),
            ('res_id', '=', self.env.user.company_id.partner_id.id),
            ('user_id', '=', self.manager.id)])
        self.assertEqual(len(summary), 1)
        self.assertIn('1 failed', summary.summary)
        self.assertIn(no_price.name, summary.note)
        # a missing tax, when the company requires one (a chart of accounts such as
        # the Italian one gives every product its default sales tax: none here)
        self.env.ref('dsa_pricing.product_product_crm_monthly').taxes_id = False
        self.env.user.company_id.dsa_billing_require_tax = True
        self.assertFalse(self.Sub._cron_invoice_subscriptions(date='2026-02-01'))
        self.assertIn('No sales tax on product', licence.message_ids[0].body)
        self.assertFalse(licence.period_ids)
