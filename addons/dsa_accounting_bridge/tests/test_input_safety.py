"""No input trusted: what an import user can send over RPC, and what a file can name."""
import base64
import io
import os
import shutil
import tempfile
import zipfile

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import config

from odoo.addons.dsa_accounting_bridge.lib import readers
from odoo.addons.dsa_accounting_bridge.tests.common import FILES, ImportCase

PURCHASES_HEADER = ('supplier_code,supplier_vat,supplier_name,number,date,amount,currency,'
                    'description,order_pdf\n')


class TestInputSafety(ImportCase):

    @classmethod
    def setUpClass(cls):
        super(TestInputSafety, cls).setUpClass()
        cls.user = cls.import_user('bridge_safety_accountant', name='Safety Accountant')
        cls.UserJob = cls.env['dsa.import.job'].sudo(cls.user)

    def set_config(self, key, value):
        old = config.options.get(key)
        config.options[key] = value
        self.addCleanup(config.options.__setitem__, key, old)

    def user_job(self, kind, content, **vals):
        return self.UserJob.create(dict(vals, kind=kind, file_name='f.csv',
                                        file=base64.b64encode(content)))

    def test_server_fields_refused_over_rpc(self):
        for field, value in (('source_path', '/etc'), ('state', 'done'),
                             ('count_created', 99), ('file_sha256', 'x'),
                             ('user_id', self.env.uid), ('error_message', 'ok')):
            with self.assertRaises(AccessError, msg=field):
                self.UserJob.create({'kind': 'customers', field: value})
        job = self.user_job('customers', b'code,name\nZ1,Uno\n')
        for field, value in (('source_path', '/etc'), ('state', 'done'),
                             ('rows_done', 5), ('header_json', '[]')):
            with self.assertRaises(AccessError, msg=field):
                job.write({field: value})
        # the user still runs the job, the server writes those fields
        job.with_context(dsa_import_sync=True).action_run()
        self.assertEqual((job.state, job.count_created, job.user_id), ('done', 1, self.user))
        job.action_reset()
        self.assertEqual(job.state, 'draft')
        # chunks are the server's too
        with self.assertRaises(AccessError):
            self.env['dsa.import.job.chunk'].sudo(self.user).create({'job_id': job.id})

    def test_attachment_paths_never_leave_the_folder(self):
        drop = os.path.realpath(tempfile.mkdtemp(prefix='dsa_drop_'))
        folder = os.path.join(drop, 'pdf')
        os.mkdir(folder)
        outside = os.path.realpath(tempfile.mkdtemp(prefix='dsa_outside_'))
        for path in (drop, outside):
            self.addCleanup(shutil.rmtree, path, ignore_errors=True)
        self.set_config('dsa_import_drop_folder', drop)
        shutil.copy(os.path.join(FILES, 'order_0042.pdf'), os.path.join(folder, 'ok.pdf'))
        shutil.copy(os.path.join(FILES, 'order_0042.pdf'), os.path.join(outside, 'secret.pdf'))
        os.symlink(os.path.join(outside, 'secret.pdf'), os.path.join(folder, 'link.pdf'))
        os.mkdir(os.path.join(folder, 'sub'))
        os.symlink(outside, os.path.join(folder, 'sub', 'out'))
        profile = self.env.ref('dsa_accounting_bridge.dsa_import_profile_generic_supplier_purchases'
                               ).copy({'name': 'PDF folder', 'attachment_folder': folder})
        rows = ['S1,,Fornitore,N%d,01/02/2025,10,EUR,,%s' % (i, name) for i, name in enumerate([
            'ok.pdf', '../%s/secret.pdf' % os.path.basename(outside),
            os.path.join(outside, 'secret.pdf'), 'link.pdf', 'sub/out/secret.pdf',
            '..\\secret.pdf', 'C:\\secret.pdf'])]
        job = self.user_job('supplier_purchases',
                            (PURCHASES_HEADER + '\n'.join(rows) + '\n').encode(),
                            profile_id=profile.id)
        job.with_context(dsa_import_sync=True).action_run()
        self.assertCounters(job, created=1, rejected=6)
        inside = '"%s" must be a file name inside the attachment folder'
        self.assertEqual(self.log(job), [
            (3, 'order_pdf', inside % ('../%s/secret.pdf' % os.path.basename(outside))),
            (4, 'order_pdf', inside % os.path.join(outside, 'secret.pdf')),
            (5, 'order_pdf', inside % 'link.pdf'),
            (6, 'order_pdf', inside % 'sub/out/secret.pdf'),
            (7, 'order_pdf', inside % '..\\secret.pdf'),
            (8, 'order_pdf', inside % 'C:\\secret.pdf'),
        ])

    def test_profile_attachment_folder_stays_in_the_drop_folder(self):
        """A manager's profile cannot point the PDF reader at the rest of the server."""
        drop = os.path.realpath(tempfile.mkdtemp(prefix='dsa_drop_'))
        self.addCleanup(shutil.rmtree, drop, ignore_errors=True)
        os.mkdir(os.path.join(drop, 'pdf'))
        os.symlink('/etc', os.path.join(drop, 'etc'))
        profile = self.env.ref(
            'dsa_accounting_bridge.dsa_import_profile_generic_supplier_purchases')
        self.set_config('dsa_import_drop_folder', drop)
        for folder in ('/', '/etc', os.path.join(drop, '..'), 'etc', '../..'):
            with self.assertRaises(ValidationError) as caught, self.env.cr.savepoint():
                profile.write({'attachment_folder': folder})
            self.assertIn('is not inside the drop folder', caught.exception.name)
        profile.write({'attachment_folder': 'pdf'})
        profile.write({'attachment_folder': os.path.join(drop, 'pdf')})
        # without a drop folder in the server configuration, no profile folder at all
        self.set_config('dsa_import_drop_folder', '')
        with self.assertRaises(ValidationError) as caught, self.env.cr.savepoint():
            profile.copy({'name': 'Elsewhere', 'attachment_folder': '/tmp'})
        self.assertIn('dsa_import_drop_folder', caught.exception.name)
        # a folder set while it was inside is checked again when a file is read
        job = self.user_job('supplier_purchases',
                            (PURCHASES_HEADER + 'S1,,Fornitore,N1,01/02/2025,10,EUR,,a.pdf\n'
                             ).encode(), profile_id=profile.id)
        job.with_context(dsa_import_sync=True).action_run()
        self.assertCounters(job, created=0, rejected=1)
        self.assertIn('dsa_import_drop_folder', self.log(job)[0][2])

    def test_formula_cells_neutralised_in_rejected_csv(self):
        content = ('code,name,email\n'
                   'F1,"=HYPERLINK(""http://evil.example"",""x"")",not-an-email\n'
                   'F2,+cmd,bad\n'
                   'F3,@SUM(A1),bad\n'
                   'F4,"\tTAB",bad\n'
                   'F5,-12.50,bad\n').encode()
        job = self.user_job('customers', content)
        job.with_context(dsa_import_sync=True).action_run()
        self.assertEqual(job.count_rejected, 5)
        text = base64.b64decode(job.rejected_file).decode('utf-8-sig')
        lines = text.splitlines()
        self.assertIn('F1,"\'=HYPERLINK(""http://evil.example"",""x"")",not-an-email', lines[1])
        self.assertTrue(lines[2].startswith("F2,'+cmd,bad,"), lines[2])
        self.assertTrue(lines[3].startswith("F3,'@SUM(A1),bad,"), lines[3])
        # the stored raw row is stripped: the tab is gone before the CSV is written
        self.assertTrue(lines[4].startswith('F4,TAB,bad,'), lines[4])
        self.assertTrue(lines[5].startswith('F5,-12.50,bad,'), lines[5])
        for cell in ('\tcmd', '\rcmd', '=1+1', '+1+1', '-1+1', '@A1'):
            self.assertEqual(readers.neutralise_cell(cell), "'" + cell)
        for cell in ('-12,50', '+39', 'plain', '', 12.5):
            self.assertEqual(readers.neutralise_cell(cell), str(cell))

    def test_upload_over_the_size_limit_refused(self):
        self.set_config('dsa_import_max_file_mb', '0.001')   # about 1 KB
        with self.assertRaises(UserError) as caught:
            self.user_job('customers', b'code,name\n' + b'Z1,Uno\n' * 400)
        self.assertIn('dsa_import_max_file_mb', caught.exception.name)
        self.user_job('customers', b'code,name\nZ1,Uno\n')

    def xlsx(self, sheet_xml, padding=0):
        out = io.BytesIO()
        with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as archive:
            archive.writestr('[Content_Types].xml', '<Types/>')
            archive.writestr('xl/worksheets/sheet1.xml', sheet_xml)
            if padding:
                archive.writestr('xl/media/padding.bin', b'\0' * padding)
        return out.getvalue()

    def test_absurd_xlsx_refused_before_reading(self):
        self.set_config('dsa_import_max_xlsx_uncompressed_mb', '1')
        bomb = self.xlsx('<worksheet><dimension ref="A1:B2"/></worksheet>', padding=8 << 20)
        self.assertLess(len(bomb), 100000)
        job = self.UserJob.create({'kind': 'customers', 'file_name': 'bomb.xlsx',
                                   'file': base64.b64encode(bomb)})
        job.with_context(dsa_import_sync=True).action_run()
        self.assertEqual(job.state, 'failed')
        self.assertIn('would take 8 MB once uncompressed: the limit is 1 MB',
                      job.error_message)
        self.set_config('dsa_import_max_rows', '1000')
        tall = self.xlsx('<worksheet xmlns="x"><dimension ref="A1:K5000000"/></worksheet>')
        job = self.UserJob.create({'kind': 'customers', 'file_name': 'tall.xlsx',
                                   'file': base64.b64encode(tall)})
        job.with_context(dsa_import_sync=True).action_run()
        self.assertEqual(job.state, 'failed')
        self.assertIn('declares 5000000 rows: the limit is 1000 rows', job.error_message)
