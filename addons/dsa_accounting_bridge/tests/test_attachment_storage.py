import base64
import json
from odoo import SUPERUSER_ID
from odoo.tests.common import at_install, post_install

from odoo.addons.dsa_base.tests.common import RpcCase

# rows rejected for their VAT number: the rejected-rows CSV echoes them
SECRET = b'code,name,vat\nS9,SECRET ROW OF ANOTHER FILE,IT12345\n'
OWN = b'code,name,vat\nC9,own row with a bad VAT,IT12345\n'


@at_install(False)
@post_install(True)
class TestAttachmentStorage(RpcCase):
    """An import user points the attachment of their job at the stored file of
    another attachment (``store_fname``), so that the importer reads it and
    echoes its rows in the rejected-rows CSV (issue 23)."""

    def setUp(self):
        super(TestAttachmentStorage, self).setUp()
        env = self.env
        self.user = self.rpc_user('bridge_storage_attacker',
                                  ['dsa_accounting_bridge.group_import_user'],
                                  name='Storage Attacker', email='attacker@example.com')
        # a file the attacker may not read (a document of the administration)
        self.secret = env['ir.attachment'].create({
            'name': 'secret.csv', 'datas_fname': 'secret.csv',
            'datas': base64.b64encode(SECRET), 'res_model': 'res.users',
            'res_id': SUPERUSER_ID})
        self.assertTrue(self.secret.store_fname)
        self.rpc_sync()

    def _rpc(self, model, method, *args, **kwargs):
        return self.rpc(self.user, model, method, *args, **kwargs)

    def _refused(self, model, method, *args, **kwargs):
        """The call's AccessError message (the test fails if it is not refused)."""
        return self.assertRpcAccessError(self.user, model, method, *args, **kwargs)

    def _assert_no_secret(self, job):
        job.invalidate_cache()
        texts = [job.error_message or ''] + job.line_ids.mapped('raw_json')
        if job.rejected_file:
            texts.append(base64.b64decode(job.rejected_file).decode())
        self.assertNotIn('SECRET', json.dumps(texts))

    def test_import_user_cannot_point_job_file_at_another_file(self):
        job_id = self._rpc('dsa.import.job', 'create', {
            'kind': 'customers', 'file_name': 'own.csv',
            'file': base64.b64encode(OWN).decode()})
        attachment_id = self._rpc('ir.attachment', 'search', [
            ('res_model', '=', 'dsa.import.job'), ('res_id', '=', job_id),
            ('res_field', '=', 'file')])[0]
        attachment = self.env['ir.attachment'].browse(attachment_id)
        own_fname = attachment.store_fname
        # the storage fields cannot be written, created nor copied in
        refusals = [
            self._refused('ir.attachment', 'write', [attachment_id],
                          {'store_fname': self.secret.store_fname}),
            self._refused('ir.attachment', 'write', [attachment_id],
                          {'db_datas': base64.b64encode(SECRET).decode()}),
            self._refused('ir.attachment', 'create', {
                'name': 'mine.csv', 'res_model': 'dsa.import.job', 'res_id': job_id,
                'store_fname': self.secret.store_fname}),
            self._refused('ir.attachment', 'copy', attachment_id,
                          {'store_fname': self.secret.store_fname})]
        for message in refusals:
            self.assertIn('storage of an attachment', message)
        attachment.invalidate_cache()
        self.assertEqual(attachment.store_fname, own_fname)
        # core drops a written checksum or size: the content stays the job's own
        self._rpc('ir.attachment', 'write', [attachment_id], {
            'checksum': self.secret.checksum, 'file_size': 1})
        attachment.invalidate_cache()
        self.assertNotEqual(attachment.checksum, self.secret.checksum)
        # the import reads its own file: its own row is rejected, nothing else
        job = self.env['dsa.import.job'].browse(job_id)
        job.sudo(self.user).with_context(dsa_import_sync=True).action_run()
        self._assert_no_secret(job)
        self.assertIn('own row with a bad VAT', base64.b64decode(job.rejected_file).decode())
        # a copy made by the user (as mail does) gets the same content
        copy_id = self._rpc('ir.attachment', 'copy', attachment_id, {'res_id': job_id})
        copy = self.env['ir.attachment'].browse(copy_id)
        self.assertEqual(copy.checksum, attachment.checksum)
        self.assertEqual(base64.b64decode(copy.datas), OWN)

    def test_importer_refuses_a_store_fname_set_before(self):
        """A name written before the fix (here by the superuser) fails the
        job instead of importing the other file."""
        job = self.env['dsa.import.job'].sudo(self.user).create({
            'kind': 'customers', 'file_name': 'own.csv', 'file': base64.b64encode(OWN)})
        attachment = self.env['ir.attachment'].search([
            ('res_model', '=', 'dsa.import.job'), ('res_id', '=', job.id),
            ('res_field', '=', 'file')])
        attachment.write({'store_fname': self.secret.store_fname})
        job.with_context(dsa_import_sync=True).action_run()
        self.assertEqual(job.state, 'failed')
        self.assertIn('does not match', job.error_message)
        self._assert_no_secret(job)
