from odoo.addons.dsa_accounting_bridge.tests.common import ImportCase


class TestProgress(ImportCase):

    def test_progress_published_through_separate_cursor(self):
        """Other users see the progress while the import transaction is still open:
        it is committed batch by batch in a side table by a separate cursor."""
        lines = [b'number,date,customer_code,customer_vat,amount_untaxed,amount_tax,'
                 b'amount_total,currency']
        lines += [b'PRG/%04d,01/02/2025,CX01,,10,2,12,EUR' % i for i in range(1200)]
        job = self.run_job('invoices', content=b'\n'.join(lines))
        self.assertEqual((job.rows_done, job.rows_total, job.progress), (1200, 1200, 100.0))
        self.assertFalse(job.is_running)
        with self.registry.cursor() as other:
            other.execute('SELECT rows_done, rows_total FROM dsa_import_job_progress '
                          'WHERE job_id = %s', (job.id,))
            published = other.fetchall()
            other.execute('DELETE FROM dsa_import_job_progress WHERE job_id = %s', (job.id,))
        self.assertEqual(published, [(1200, 1200)])
        # the other session cannot see the job's invoices: they are not committed
        with self.registry.cursor() as other:
            other.execute("SELECT count(*) FROM dsa_imported_invoice WHERE number LIKE 'PRG/%%'")
            self.assertEqual(other.fetchone()[0], 0)
