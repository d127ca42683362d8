from odoo.exceptions import AccessError

from odoo.addons.dsa_accounting_bridge.tests.common import ImportCase
from odoo.addons.dsa_base.tests.common import make_user


class TestSecurity(ImportCase):

    @classmethod
    def setUpClass(cls):
        super(TestSecurity, cls).setUpClass()
        cls.employee = make_user(cls.env, 'bridge_employee', ['base.group_user'],
                                 name='Plain Employee')
        cls.salesman = make_user(cls.env, 'bridge_salesman',
                                 ['sales_team.group_sale_salesman_all_leads'], name='Salesman')
        cls.accountant = cls.import_user('bridge_accountant', name='Accountant')
        cls.billing = make_user(cls.env, 'bridge_billing', ['account.group_account_invoice'],
                                name='Billing')
        cls.purchase = cls.env['dsa.supplier.purchase'].create({
            'number': 'SEC/1', 'date': '2025-01-01', 'partner_id': cls.customer.id,
            'amount': 10.0})
        cls.invoice = cls.env['dsa.imported.invoice'].create({
            'number': 'SEC/1', 'date': '2025-01-01', 'partner_id': cls.customer.id,
            'amount_untaxed': 10.0, 'amount_total': 12.2})
        cls.job = cls.env['dsa.import.job'].create({'kind': 'customers'})

    def test_plain_and_sales_users_see_no_supplier_purchase_nor_job(self):
        for user in (self.employee, self.salesman):
            for model in ('dsa.supplier.purchase', 'dsa.import.job',
                          'dsa.imported.invoice', 'dsa.import.profile'):
                Model = self.env[model].sudo(user)
                with self.assertRaises(AccessError):
                    Model.search([])
                with self.assertRaises(AccessError):
                    Model.read_group([], ['id'], [])
                with self.assertRaises(AccessError):
                    Model.name_search('SEC')
            with self.assertRaises(AccessError):
                self.purchase.sudo(user).read(['number'])
            with self.assertRaises(AccessError):
                self.purchase.sudo(user).export_data(['number'])
            with self.assertRaises(AccessError):
                self.job.sudo(user).action_run()
            with self.assertRaises(AccessError):
                self.env['dsa.import.job'].sudo(user).create({'kind': 'customers'})

    def test_partner_readable_without_accounting_groups(self):
        partner = self.customer.sudo(self.employee)
        data = partner.read(['name', 'dsa_external_code', 'dsa_fiscal_code'])
        self.assertEqual(data[0]['dsa_external_code'], 'CX01')
        self.assertNotIn('dsa_imported_invoice_count', partner.fields_get())
        with self.assertRaises(AccessError):
            partner.read(['dsa_imported_invoice_count'])

    def test_accountant_and_billing(self):
        self.assertEqual(self.env['dsa.supplier.purchase'].sudo(self.accountant).search(
            [('number', '=', 'SEC/1')]), self.purchase)
        self.assertEqual(self.customer.sudo(self.billing).dsa_imported_invoice_count, 1)
        self.assertEqual(self.env['dsa.supplier.purchase'].sudo(self.billing).search_count(
            [('number', '=', 'SEC/1')]), 1)
        with self.assertRaises(AccessError):
            self.purchase.sudo(self.billing).write({'amount': 1.0})
        with self.assertRaises(AccessError):
            self.env['dsa.import.job'].sudo(self.billing).search([])
        job = self.env['dsa.import.job'].sudo(self.accountant).create({
            'kind': 'customers', 'file_name': 'c.csv',
            'file': 'Y29kZSxuYW1lClo5LE5ldyBDbGllbnQK'})
        job.with_context(dsa_import_sync=True).action_run()
        self.assertEqual((job.state, job.count_created), ('done', 1))
        offers = self.env['dsa.import.job'].sudo(self.accountant).create({
            'kind': 'offers', 'file_name': 'o.csv', 'file': 'Y29kZSxuYW1lClo5LE5ldyBDbGllbnQK'})
        offers.with_context(dsa_import_sync=True).action_run()
        self.assertEqual((offers.state, offers.error_message),
                         ('failed', 'Importing offers and orders needs the Sales rights.'))
        with self.assertRaises(AccessError):
            self.env.ref('dsa_accounting_bridge.dsa_import_profile_generic_customers').sudo(
                self.accountant).write({'delimiter': ';'})
