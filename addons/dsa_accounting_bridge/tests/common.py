"""Set-up shared by the bridge's tests (not a test module): ImportCase runs
import jobs on the files of files/ and reads their counters and log."""
import base64
import os

from odoo.tests.common import SavepointCase, at_install, post_install

from odoo.addons.dsa_base.tests.common import make_user

FILES = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'files')


@at_install(False)
@post_install(True)
class ImportCase(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super(ImportCase, cls).setUpClass()
        cls.Job = cls.env['dsa.import.job']
        cls.customer = cls.env['res.partner'].create({
            'name': 'Cliente Test Srl', 'dsa_external_code': 'CX01',
            'dsa_source_system': 'accounting', 'customer': True, 'is_company': True,
        })

    @classmethod
    def import_user(cls, login, **vals):
        """An accountant who runs imports (group_import_user), password = login."""
        return make_user(cls.env, login, ['dsa_accounting_bridge.group_import_user'], **vals)

    @classmethod
    def file_content(cls, name):
        with open(os.path.join(FILES, name), 'rb') as handle:
            return handle.read()

    def run_job(self, kind, name=None, content=None, profile=None, dry_run=False, **extra):
        if content is None:
            content = self.file_content(name)
        vals = dict(kind=kind, file=base64.b64encode(content), file_name=name or 'data.csv',
                    **extra)
        if profile:
            vals['profile_id'] = self.env.ref('dsa_accounting_bridge.%s' % profile).id
        job = self.Job.create(vals).with_context(dsa_import_sync=True)
        if dry_run:
            job.action_dry_run()
        else:
            job.action_run()
        return job

    def assertCounters(self, job, created=0, updated=0, skipped=0, rejected=0):
        self.assertEqual(
            (job.count_created, job.count_updated, job.count_skipped, job.count_rejected),
            (created, updated, skipped, rejected),
            'counters (created, updated, skipped, rejected); log: %s' % [
                (ln.row_number, ln.column, ln.reason) for ln in job.line_ids])

    def log(self, job):
        return [(ln.row_number, ln.column, ln.reason) for ln in job.line_ids]
