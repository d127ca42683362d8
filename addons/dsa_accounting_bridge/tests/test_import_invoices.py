from odoo.addons.dsa_accounting_bridge.tests.common import ImportCase


class TestImportInvoices(ImportCase):

    @classmethod
    def setUpClass(cls):
        super(TestImportInvoices, cls).setUpClass()
        cls.other = cls.env['res.partner'].create({
            'name': 'Rossi Impianti Srl', 'vat': 'IT01739270229', 'is_company': True})
        cls.Invoice = cls.env['dsa.imported.invoice']

    def invoice(self, number):
        return self.Invoice.search([('number', '=', number)])

    def test_generic_csv_italian_formats_and_errors(self):
        job = self.run_job('invoices', 'invoices_generic.csv')
        self.assertCounters(job, created=2, rejected=5)
        self.assertEqual(self.log(job), [
            (4, 'date', '"31/13/2025" is not a date (expected dd/mm/yyyy)'),
            (5, 'customer_code', 'unknown customer: no partner with code "NOPE" or VAT ""'),
            (6, 'amount_untaxed', '"abc" is not a number'),
            (7, 'amount_total', 'total 999.00 is not untaxed amount + tax (100.00 + 22.00)'),
            (8, 'currency', 'unknown currency "XXX"'),
        ])
        ft1 = self.invoice('FT/1')
        self.assertEqual((ft1.date, ft1.partner_id, ft1.amount_untaxed, ft1.amount_tax,
                          ft1.amount_total), ('2025-12-31', self.customer, 1234.56, 271.60,
                                              1506.16))
        ft2 = self.invoice('FT/2')
        self.assertEqual(ft2.partner_id, self.other, 'found by VAT when no code')
        self.assertEqual(ft2.currency_id, self.env.user.company_id.currency_id)
        self.assertFalse(self.invoice('FT/3') | self.invoice('FT/7'))
        self.assertEqual(ft1.import_job_id, job)
        self.assertEqual(self.customer.dsa_imported_invoice_count, 1)

    def test_reimport_updates_not_duplicates(self):
        self.run_job('invoices', 'invoices_generic.csv')
        job = self.run_job('invoices', 'invoices_generic.csv')
        self.assertCounters(job, skipped=2, rejected=5)
        self.assertEqual(len(self.invoice('FT/1')), 1)
        changed = self.file_content('invoices_generic.csv').replace(
            b'FT/2,2025-11-30,,IT01739270229,100.00,22.00,122.00',
            b'FT/2,2025-11-30,,IT01739270229,200.00,44.00,244.00')
        job = self.run_job('invoices', content=changed)
        self.assertCounters(job, updated=1, skipped=1, rejected=5)
        self.assertEqual(self.invoice('FT/2').amount_total, 244.0)
        self.assertEqual(self.Invoice.search_count([('number', 'in', ['FT/1', 'FT/2'])]), 2)

    def test_same_number_twice_in_file(self):
        content = (b'number,date,customer_code,customer_vat,amount_untaxed,amount_tax,'
                   b'amount_total,currency\n'
                   b'D/1,01/01/2025,CX01,,10,2.2,12.2,EUR\n'
                   b'D/1,01/01/2025,CX01,,10,2.2,12.2,EUR\n'
                   b'D/1,02/01/2025,CX01,,10,2.2,12.2,EUR\n')
        job = self.run_job('invoices', content=content)
        self.assertCounters(job, created=1, skipped=1, rejected=1)
        self.assertEqual(self.log(job), [
            (4, 'number', 'invoice D/1 appears twice in the file with different values')])
        self.assertEqual(self.invoice('D/1').date, '2025-01-01')

    def test_xls_italian_profile(self):
        job = self.run_job('invoices', 'fatture_2025.xls',
                           profile='dsa_import_profile_italian_invoices')
        self.assertCounters(job, created=3, rejected=1)
        self.assertEqual(self.log(job), [
            (5, 'Data documento', '"not a date" is not a date (expected dd/mm/yyyy)')])
        self.assertEqual(self.invoice('FX/1').date, '2025-03-31')
        self.assertEqual(self.invoice('FX/2').partner_id, self.other)
        self.assertEqual(self.invoice('FX/2').amount_total, 610.61)
        self.assertEqual(self.invoice('FX/3').amount_total, 1506.16)

    def test_xlsx_formula_cell(self):
        job = self.run_job('invoices', 'fatture_formula.xlsx',
                           profile='dsa_import_profile_italian_invoices')
        self.assertCounters(job, created=2)
        fy1 = self.invoice('FY/1')
        self.assertEqual(fy1.amount_total, 2440.0, 'the cached value of =E2+F2')
        self.assertEqual(fy1.date, '2025-06-30')
        self.assertEqual(self.invoice('FY/2').date, '2025-07-15')

    def test_invoice_lines(self):
        profile = self.env.ref('dsa_accounting_bridge.dsa_import_profile_generic_invoices').copy({
            'name': 'With lines', 'file_pattern': False})
        for key in ('line_product_code', 'line_description', 'line_quantity',
                    'line_price_unit'):
            profile.line_ids.create({'profile_id': profile.id, 'field_name': key,
                                     'column_name': key})
        content = (b'number,date,customer_code,customer_vat,amount_untaxed,amount_tax,'
                   b'amount_total,currency,line_product_code,line_description,line_quantity,'
                   b'line_price_unit\n'
                   b'L/1,01/03/2025,CX01,,150,33,183,EUR,,Canone,1,100\n'
                   b'L/1,01/03/2025,CX01,,150,33,183,EUR,,Ore tecnico,2,25\n'
                   b'L/2,02/03/2025,CX01,,10,2.2,12.2,EUR,,Spese,1,10\n')
        job = self.run_job('invoices', content=content, profile_id=profile.id)
        self.assertCounters(job, created=2)
        lines = self.invoice('L/1').line_ids
        self.assertEqual(lines.mapped('name'), ['Canone', 'Ore tecnico'])
        self.assertEqual(lines.mapped('price_subtotal'), [100.0, 50.0])
        job = self.run_job('invoices', content=content, profile_id=profile.id)
        self.assertCounters(job, skipped=2)
        job = self.run_job('invoices', content=content.replace(b'Ore tecnico,2', b'Ore tecnico,3'),
                           profile_id=profile.id)
        self.assertCounters(job, updated=1, skipped=1)
        self.assertEqual(self.invoice('L/1').line_ids.mapped('quantity'), [1.0, 3.0])
