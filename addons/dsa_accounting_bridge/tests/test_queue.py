"""Imports through the job queue: queue_job records are created by action_run() and
performed here one by one (as the job runner would, in the test transaction)."""
import base64

from odoo.exceptions import UserError

from odoo.addons.queue_job.job import Job as QueueJob
from odoo.addons.dsa_accounting_bridge.tests.common import ImportCase

ROWS = 200000
CHUNK = 50000
FAIL_ROW = 120001   # in the third chunk (rows 100002-150001)


def invoice_file(rows):
    lines = [b'number,date,customer_code,customer_vat,amount_untaxed,amount_tax,'
             b'amount_total,currency']
    for i in range(rows):
        code = b'NOPE' if i % 20000 == 7 else b'QC01'
        lines.append(b'Q/%06d,01/02/2025,%s,,%d,2,%d,EUR' % (i, code, 10 + i % 50, 12 + i % 50))
    return b'\n'.join(lines) + b'\n'


class TestQueue(ImportCase):

    @classmethod
    def setUpClass(cls):
        super(TestQueue, cls).setUpClass()
        # a customer whose code holds for every source system (the profiles below)
        cls.env['res.partner'].create({'name': 'Queue Customer', 'dsa_external_code': 'QC01',
                                       'customer': True, 'is_company': True})

    def run_queue(self, after_each=None):
        """Perform the pending queue jobs of the imports, oldest first, until none is left;
        returns how many ran."""
        count = 0
        while True:
            pending = self.env['queue.job'].search([
                ('state', '=', 'pending'), ('model_name', '=', 'dsa.import.job')],
                order='id', limit=1)
            if not pending:
                return count
            job = QueueJob.load(self.env, pending.uuid)
            job.set_started()
            job.store()
            job.perform()
            job.set_done()
            job.store()
            count += 1
            if after_each:
                after_each(job)

    def test_action_run_queues_and_returns(self):
        job = self.Job.create({'kind': 'customers', 'file_name': 'c.csv',
                               'file': base64.b64encode(b'code,name\nQ1,Queued One\n')})
        before = self.env['queue.job'].search_count([])
        job.action_run()
        self.assertEqual(job.state, 'queued')
        self.assertEqual(self.env['queue.job'].search_count([]), before + 1)
        self.assertFalse(self.env['res.partner'].search([('dsa_external_code', '=', 'Q1')]))
        self.run_queue()
        self.assertEqual((job.state, job.count_created), ('done', 1))
        self.assertEqual(len(self.env['res.partner'].search([('dsa_external_code', '=', 'Q1')])),
                         1)

    def test_bad_header_fails_in_the_plan(self):
        job = self.Job.create({'kind': 'invoices', 'file_name': 'i.csv',
                               'file': base64.b64encode(b'foo,bar\n1,2\n')})
        job.action_run()
        self.run_queue()
        self.assertEqual(job.state, 'failed')
        self.assertIn('required column missing', job.error_message)
        self.assertFalse(job.chunk_ids)

    def test_200k_rows_through_the_queue(self):
        self.env['ir.config_parameter'].sudo().set_param(
            'dsa_accounting_bridge.import_chunk_rows', str(CHUNK))
        content = invoice_file(ROWS)
        generic = self.env.ref('dsa_accounting_bridge.dsa_import_profile_generic_invoices')
        sync_profile = generic.copy({'name': 'sync', 'source_system': 'sync',
                                     'file_pattern': False})
        queue_profile = generic.copy({'name': 'queue', 'source_system': 'queue',
                                      'file_pattern': False})
        sync = self.Job.create({'kind': 'invoices', 'file_name': 'q.csv', 'profile_id':
                                sync_profile.id, 'file': base64.b64encode(content)})
        sync.with_context(dsa_import_sync=True).action_run()
        self.assertEqual((sync.state, sync.count_created, sync.count_rejected),
                         ('done_errors', ROWS - 10, 10))

        queued = self.Job.create({'kind': 'invoices', 'file_name': 'q.csv', 'profile_id':
                                  queue_profile.id, 'file': base64.b64encode(content)})
        # one chunk fails the first time it runs (e.g. the database went away)
        from odoo.addons.dsa_accounting_bridge.handlers.base import ImportHandler
        original = ImportHandler.run_batch
        failed = []

        def flaky(handler, rows):
            if not failed and any(row.number == FAIL_ROW for row in rows):
                failed.append(True)
                raise UserError('simulated failure')
            return original(handler, rows)
        ImportHandler.run_batch = flaky
        self.addCleanup(setattr, ImportHandler, 'run_batch', original)

        queued.action_run()
        progress = []

        def follow(_job):
            queued.invalidate_cache()
            progress.append(queued.progress_rows_done)
        self.run_queue(follow)
        self.assertEqual(len(queued.chunk_ids), 4)
        self.assertEqual(progress, sorted(progress), 'the progress only rises')
        self.assertEqual(progress[-1], ROWS - CHUNK)
        self.assertTrue(0 < queued.progress < 100)
        self.assertEqual(queued.state, 'failed')
        bad = queued.chunk_ids.filtered(lambda c: c.state == 'failed')
        self.assertEqual((len(bad), bad.row_from), (1, 100002))
        self.assertIn('simulated failure', queued.error_message)

        bad.action_retry()
        self.assertEqual(self.run_queue(), 2, 'the failed chunk alone, then the finish')
        queued.invalidate_cache()
        self.assertEqual(queued.chunk_ids.mapped('attempts'), [1, 1, 2, 1])
        self.assertEqual(queued.state, 'done_errors')
        self.assertEqual(queued.progress, 100.0)
        for name in ('count_created', 'count_updated', 'count_skipped', 'count_rejected',
                     'rows_total', 'rows_done'):
            self.assertEqual(queued[name], sync[name], name)
        self.assertEqual(sorted(self.log(queued)), sorted(self.log(sync)))
        self.env.cr.execute("""
            SELECT count(*) FROM (
                (SELECT number, partner_id, date, amount_total, amount_tax
                   FROM dsa_imported_invoice WHERE source_system = 'sync'
                 EXCEPT
                 SELECT number, partner_id, date, amount_total, amount_tax
                   FROM dsa_imported_invoice WHERE source_system = 'queue')
                UNION ALL
                (SELECT number, partner_id, date, amount_total, amount_tax
                   FROM dsa_imported_invoice WHERE source_system = 'queue'
                 EXCEPT
                 SELECT number, partner_id, date, amount_total, amount_tax
                   FROM dsa_imported_invoice WHERE source_system = 'sync')) diff""")
        self.assertEqual(self.env.cr.fetchone()[0], 0, 'same invoices both ways')

    def test_chunk_whose_queue_job_fails_in_the_runner(self):
        """The job runner itself fails a chunk's queue job (a serialization failure
        in /queue_job/runjob): the chunk is failed with the reason, the import ends
        as failed instead of running for ever, and the chunk's retry completes it."""
        self.env['ir.config_parameter'].sudo().set_param(
            'dsa_accounting_bridge.import_chunk_rows', '100')
        job = self.Job.create({'kind': 'invoices', 'file_name': 'r.csv',
                               'file': base64.b64encode(invoice_file(250))})
        job.action_run()
        plan = self.env['queue.job'].search([
            ('state', '=', 'pending'), ('model_name', '=', 'dsa.import.job'),
            ('method_name', '=', '_job_plan')]).filtered(
                lambda q: q.record_ids == [job.id])
        self.assertEqual(len(plan), 1)
        planned = QueueJob.load(self.env, plan.uuid)
        planned.perform()
        planned.set_done()
        planned.store()
        job.invalidate_cache()
        self.assertEqual((job.state, len(job.chunk_ids)), ('running', 3))
        victim = job.chunk_ids[1]
        runner_job = QueueJob.load(self.env, victim.queue_job_uuid)
        runner_job.set_failed(exc_info='Traceback (most recent call last):\n'
                              'psycopg2.extensions.TransactionRollbackError: '
                              'could not serialize access due to concurrent update')
        runner_job.store()
        victim.invalidate_cache()
        self.assertEqual(victim.state, 'failed')
        self.assertIn('could not serialize access', victim.error_message)
        self.run_queue()
        job.invalidate_cache()
        self.assertEqual(job.state, 'failed')
        self.assertIn(victim.display_name, job.error_message)
        self.assertEqual(job.chunk_ids.mapped('state'), ['done', 'failed', 'done'])

        victim.action_retry()
        self.run_queue()
        job.invalidate_cache()
        self.assertEqual(job.chunk_ids.mapped('state'), ['done', 'done', 'done'])
        self.assertEqual((job.state, job.count_created, job.count_rejected),
                         ('done_errors', 249, 1))
