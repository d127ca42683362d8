import os
import shutil
import tempfile
import time

from odoo.addons.dsa_accounting_bridge.tests.common import FILES, ImportCase


class TestDropFolder(ImportCase):

    def setUp(self):
        super(TestDropFolder, self).setUp()
        self.folder = tempfile.mkdtemp(prefix='dsa_drop_test_')
        self.addCleanup(shutil.rmtree, self.folder, ignore_errors=True)
        params = self.env['ir.config_parameter'].sudo()
        params.set_param('dsa_accounting_bridge.drop_folder', self.folder)
        params.set_param('dsa_accounting_bridge.drop_folder_min_age', '0')
        self.cron = self.env.ref('dsa_accounting_bridge.ir_cron_import_drop_folder')

    def drop(self, source, name, age=60):
        path = os.path.join(self.folder, name)
        shutil.copy(os.path.join(FILES, source), path)
        past = time.time() - age
        os.utime(path, (past, past))
        return path

    def listing(self, sub):
        folder = os.path.join(self.folder, sub)
        return sorted(n.split('_', 1)[1] for n in os.listdir(folder)) if os.path.isdir(
            folder) else []

    def jobs(self):
        return self.env['dsa.import.job'].search(
            [('source_path', '=', self.folder)], order='id')

    def test_cron_imports_moves_and_survives_bad_file(self):
        self.drop('clienti_gestionale.csv', 'clienti_marzo.csv')
        self.drop('invoices_generic.csv', 'invoices_2025.csv')
        self.drop('customers_malformed.csv', 'customers_broken.csv')
        self.drop('customers_utf8.csv', 'unknown_kind.csv')
        self.drop('customers_utf8.csv', 'customers_partial.csv.part')
        self.cron.method_direct_trigger()
        jobs = self.jobs()
        self.assertEqual(jobs.mapped('file_name'), [
            'clienti_marzo.csv', 'customers_broken.csv', 'invoices_2025.csv',
            'unknown_kind.csv'])
        by_name = {j.file_name: j for j in jobs}
        italian = by_name['clienti_marzo.csv']
        self.assertEqual(italian.profile_id, self.env.ref(
            'dsa_accounting_bridge.dsa_import_profile_italian_customers'))
        self.assertEqual((italian.state, italian.count_created), ('done', 2))
        self.assertEqual(by_name['invoices_2025.csv'].state, 'done_errors')
        self.assertEqual((by_name['invoices_2025.csv'].count_created,
                          by_name['invoices_2025.csv'].count_rejected), (1, 6))
        self.assertEqual(by_name['customers_broken.csv'].state, 'failed')
        self.assertEqual(by_name['unknown_kind.csv'].state, 'failed')
        self.assertIn('no import profile matches the file name "unknown_kind.csv"',
                      by_name['unknown_kind.csv'].error_message)
        self.assertEqual(self.listing('done'), ['clienti_marzo.csv', 'invoices_2025.csv'])
        self.assertEqual(self.listing('failed'), ['customers_broken.csv', 'unknown_kind.csv'])
        self.assertEqual(sorted(os.listdir(self.folder)),
                         ['customers_partial.csv.part', 'done', 'failed'])

    def test_file_being_written_is_left_alone(self):
        self.env['ir.config_parameter'].sudo().set_param(
            'dsa_accounting_bridge.drop_folder_min_age', '30')
        self.drop('customers_utf8.csv', 'customers_new.csv', age=0)
        self.drop('customers_bom.csv', 'customers_old.csv', age=120)
        self.env['dsa.import.job']._cron_import_drop_folder()
        self.assertEqual(self.jobs().mapped('file_name'), ['customers_old.csv'])
        self.assertIn('customers_new.csv', os.listdir(self.folder))

    def test_default_profile(self):
        self.env['ir.config_parameter'].sudo().set_param(
            'dsa_accounting_bridge.drop_folder_default_profile',
            'dsa_accounting_bridge.dsa_import_profile_generic_customers')
        self.drop('customers_bom.csv', 'anagrafica.csv')
        self.env['dsa.import.job']._cron_import_drop_folder()
        job = self.jobs()
        self.assertEqual((job.kind, job.state, job.count_created), ('customers', 'done', 1))
        self.assertEqual(self.listing('done'), ['anagrafica.csv'])
