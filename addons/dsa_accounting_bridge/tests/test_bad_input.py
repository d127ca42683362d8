from odoo.addons.dsa_accounting_bridge.tests.common import ImportCase


class TestBadInput(ImportCase):

    def test_missing_required_column(self):
        job = self.run_job('invoices', 'invoices_missing_column.csv')
        self.assertEqual(job.state, 'failed')
        self.assertEqual(job.error_message, 'Row 1: required column missing: "date" (columns '
                                            'found: "number", "customer_code", "amount_total")')
        self.assertEqual([(ln.row_number, ln.column, ln.level) for ln in job.line_ids],
                         [(1, 'date', 'fatal')])
        self.assertCounters(job)

    def test_malformed_csv_fails_whole_file(self):
        count = self.env['res.partner'].search_count([])
        job = self.run_job('customers', 'customers_malformed.csv')
        self.assertEqual(job.state, 'failed')
        self.assertEqual(self.env['res.partner'].search_count([]), count)
        self.assertCounters(job)
        self.assertIn('malformed CSV', job.error_message)

    def test_wrong_encoding(self):
        job = self.run_job('customers', 'customers_cp1252_as_utf8.csv')
        self.assertEqual(job.state, 'failed')
        self.assertEqual(job.error_message,
                         'Row 2: line 2 is not valid utf-8 (byte 0xe8 at position 8): choose '
                         'the right encoding (UTF-8, Windows-1252) in the profile or the job')
        job = self.run_job('customers', 'customers_cp1252_as_utf8.csv', encoding='cp1252')
        self.assertCounters(job, created=1)
        self.assertTrue(self.env['res.partner'].search([('name', '=', 'Caffè Roma')]))

    def test_not_a_spreadsheet(self):
        job = self.run_job('invoices', content=b'PK\x03\x04garbage', name='broken.xlsx')
        self.assertEqual(job.state, 'failed')
        self.assertIn('not a readable XLSX file', job.error_message)
        job = self.run_job('invoices', content=b'garbage', name='broken.xls')
        self.assertEqual(job.state, 'failed')
        self.assertIn('not a readable XLS file', job.error_message)

    def test_empty_file(self):
        job = self.run_job('customers', content=b'\r\n\r\n', name='empty.csv')
        self.assertEqual(job.state, 'failed')
        self.assertEqual(job.error_message, 'Row 1: the file is empty')

    def test_large_file_with_bad_last_row(self):
        """10,000 rows, the last one bad: the 9,999 good rows are kept, the bad one is
        logged with its row and column, the job ends 'done_errors'."""
        lines = [b'number,date,customer_code,customer_vat,amount_untaxed,amount_tax,'
                 b'amount_total,currency']
        for i in range(9999):
            lines.append(b'BIG/%05d,31/12/2025,CX01,,"1.000,00","220,00","1.220,00",EUR' % i)
        lines.append(b'BIG/99999,31/12/2025,CX01,,"1.000,00","220,00",12x,EUR')
        job = self.run_job('invoices', content=b'\n'.join(lines) + b'\n')
        self.assertEqual(job.state, 'done_errors')
        self.assertCounters(job, created=9999, rejected=1)
        self.assertEqual(self.log(job), [(10001, 'amount_total', '"12x" is not a number')])
        self.assertEqual((job.rows_done, job.rows_total), (10000, 10000))
        self.assertEqual(self.env['dsa.imported.invoice'].search_count(
            [('number', '=like', 'BIG/%')]), 9999)
        self.assertEqual(job.progress, 100.0)

    def test_fatal_error_mid_file_rolls_back_everything(self):
        """A file that becomes unreadable after 600 rows (a batch already written):
        everything of the job is rolled back, existing data untouched, job 'failed'."""
        existing = self.env['dsa.imported.invoice'].create({
            'number': 'MID/00001', 'date': '2025-01-01', 'partner_id': self.customer.id,
            'amount_untaxed': 5.0, 'amount_total': 5.0})
        lines = [b'number,date,customer_code,customer_vat,amount_untaxed,amount_tax,'
                 b'amount_total,currency']
        for i in range(700):
            lines.append(b'MID/%05d,31/12/2025,CX01,,10,2,12,EUR' % i)
        lines.insert(650, b'MID/bad,31/12/2025,CX\xe8,,10,2,12,EUR')
        job = self.run_job('invoices', content=b'\n'.join(lines) + b'\n')
        self.assertEqual(job.state, 'failed')
        self.assertIn('line 651 is not valid utf-8', job.error_message)
        self.assertEqual(self.env['dsa.imported.invoice'].search_count(
            [('number', '=like', 'MID/%')]), 1)
        self.assertEqual(existing.amount_total, 5.0)
        self.assertCounters(job)
