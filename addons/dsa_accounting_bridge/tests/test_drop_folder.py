import os
import shutil
import tempfile
import time

from odoo.tools import config

from odoo.addons.dsa_accounting_bridge.tests.common import FILES, ImportCase


class TestDropFolder(ImportCase):

    def setUp(self):
        super(TestDropFolder, self).setUp()
        self.folder = tempfile.mkdtemp(prefix='dsa_drop_test_')
        self.addCleanup(shutil.rmtree, self.folder, ignore_errors=True)
        self.folder = os.path.realpath(self.folder)
        # the drop folder comes from the server configuration only
        old = config.options.get('dsa_import_drop_folder')
        config.options['dsa_import_drop_folder'] = self.folder
        self.addCleanup(config.options.__setitem__, 'dsa_import_drop_folder', old)
        params = self.env['ir.config_parameter'].sudo()
        params.set_param('dsa_accounting_bridge.drop_folder_min_age', '0')
        self.cron = self.env.ref('dsa_accounting_bridge.ir_cron_import_drop_folder')
        # one transaction per file: a savepoint stands for the commit in the tests
        self.Job = self.env['dsa.import.job'].with_context(dsa_drop_folder_savepoint=True)
        self.cron = self.cron.with_context(dsa_drop_folder_savepoint=True)

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
        self.assertEqual(by_name['unknown_kind.csv'].kind, 'unrecognised')
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
        self.Job._cron_import_drop_folder()
        self.assertEqual(self.jobs().mapped('file_name'), ['customers_old.csv'])
        self.assertIn('customers_new.csv', os.listdir(self.folder))

    def test_default_profile(self):
        self.env['ir.config_parameter'].sudo().set_param(
            'dsa_accounting_bridge.drop_folder_default_profile',
            'dsa_accounting_bridge.dsa_import_profile_generic_customers')
        self.drop('customers_bom.csv', 'anagrafica.csv')
        self.Job._cron_import_drop_folder()
        job = self.jobs()
        self.assertEqual((job.kind, job.state, job.count_created), ('customers', 'done', 1))
        self.assertEqual(self.listing('done'), ['anagrafica.csv'])

    def test_database_parameter_does_not_choose_the_folder(self):
        elsewhere = tempfile.mkdtemp(prefix='dsa_drop_param_')
        self.addCleanup(shutil.rmtree, elsewhere, ignore_errors=True)
        shutil.copy(os.path.join(FILES, 'customers_bom.csv'), os.path.join(elsewhere, 'a.csv'))
        self.env['ir.config_parameter'].sudo().set_param(
            'dsa_accounting_bridge.drop_folder', elsewhere)
        self.assertEqual(self.Job._drop_folder(), self.folder)
        self.Job._cron_import_drop_folder()
        self.assertEqual(os.listdir(elsewhere), ['a.csv'])

    def test_crash_between_commit_and_move(self):
        """The import committed, the server died before moving the file: the next run
        recognises the file by its content and moves it without importing it again."""
        path = self.drop('customers_bom.csv', 'customers_crash.csv')
        job = self.Job._drop_folder_import_file(self.folder, 'customers_crash.csv', path)
        self.assertEqual((job.state, job.count_created), ('done', 1))
        self.assertTrue(os.path.exists(path), 'the crash: the file was not moved')
        partners = self.env['res.partner'].search_count([])
        self.Job._cron_import_drop_folder()
        self.assertEqual(self.jobs(), job, 'no second job for the same file')
        self.assertEqual(self.env['res.partner'].search_count([]), partners)
        self.assertEqual(self.listing('done'), ['customers_crash.csv'])
        self.assertFalse(os.path.exists(path))

    def test_symlinks_are_not_followed(self):
        outside = tempfile.mkdtemp(prefix='dsa_drop_outside_')
        self.addCleanup(shutil.rmtree, outside, ignore_errors=True)
        target = os.path.join(outside, 'customers_secret.csv')
        shutil.copy(os.path.join(FILES, 'customers_bom.csv'), target)
        os.symlink(target, os.path.join(self.folder, 'customers_link.csv'))
        self.Job._cron_import_drop_folder()
        self.assertFalse(self.jobs())
        self.assertTrue(os.path.islink(os.path.join(self.folder, 'customers_link.csv')))
        self.assertTrue(os.path.exists(target))
        # done/ as a link out of the folder: the file is imported but not moved out
        os.symlink(outside, os.path.join(self.folder, 'done'))
        self.drop('customers_bom.csv', 'customers_ok.csv')
        self.Job._cron_import_drop_folder()
        self.assertEqual(self.jobs().mapped('file_name'), ['customers_ok.csv'])
        self.assertEqual(sorted(os.listdir(outside)), ['customers_secret.csv'])

    def test_file_over_the_size_limit_fails_with_reason(self):
        old = config.options.get('dsa_import_max_file_mb')
        config.options['dsa_import_max_file_mb'] = '0.0001'   # about 100 bytes
        self.addCleanup(config.options.__setitem__, 'dsa_import_max_file_mb', old)
        self.drop('customers_utf8.csv', 'customers_big.csv')
        self.Job._cron_import_drop_folder()
        job = self.jobs()
        self.assertEqual((job.kind, job.state), ('unrecognised', 'failed'))
        self.assertIn('the limit is 0.0 MB', job.error_message)
        self.assertEqual(self.listing('failed'), ['customers_big.csv'])
