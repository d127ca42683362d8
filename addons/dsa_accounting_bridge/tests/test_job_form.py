import base64

from lxml import etree

from odoo import fields

from odoo.addons.dsa_accounting_bridge.tests.common import ImportCase

INVOICES = (b'number,date,customer_code,customer_vat,amount_untaxed,amount_tax,'
            b'amount_total,currency\n'
            b'FRM/1,01/02/2025,CX01,,10,2,12,EUR\n'
            b'FRM/2,01/02/2025,NOPE,,10,2,12,EUR\n')


class TestJobForm(ImportCase):
    """The web client reads every field of the form view: do it as an import user, for a
    job in each state (a finished job's form used to fail in _compute_progress)."""

    @classmethod
    def setUpClass(cls):
        super(TestJobForm, cls).setUpClass()
        cls.user = cls.import_user('bridge_form_accountant', name='Form Accountant')

    def form_fields(self, Job):
        arch = Job.fields_view_get(view_type='form')['arch']
        names = {node.get('name') for node in etree.fromstring(arch).iter('field')}
        # fields of the embedded list views that are not the job's belong to the lines
        return sorted(n for n in names if n in Job._fields)

    def read_form(self, job):
        Job = self.env['dsa.import.job'].sudo(self.user)
        names = self.form_fields(Job)
        self.assertIn('progress', names)
        self.assertIn('progress_rate', names)
        self.env.cache.invalidate()
        values = Job.browse(job.id).read(names)[0]
        self.assertEqual(set(values) - {'id'}, set(names))
        return values

    def new_job(self, content=INVOICES):
        return self.env['dsa.import.job'].sudo(self.user).create({
            'kind': 'invoices', 'file_name': 'f.csv', 'file': base64.b64encode(content)})

    def test_every_state(self):
        seen = set()
        draft = self.new_job()
        self.assertEqual(self.read_form(draft)['state'], 'draft')
        seen.add('draft')
        done_errors = self.new_job()
        done_errors.with_context(dsa_import_sync=True).action_run()
        values = self.read_form(done_errors)
        self.assertEqual((values['state'], values['progress']), ('done_errors', 100.0))
        self.assertFalse(values['is_running'])
        seen.add('done_errors')
        done = self.new_job(INVOICES.rsplit(b'\n', 2)[0] + b'\n')
        done.with_context(dsa_import_sync=True).action_run()
        self.assertEqual(self.read_form(done)['state'], 'done')
        # a finished job with a progress row (published by the run through its own
        # cursor: the web client's read compared its date with the end date and failed)
        finished = self.new_job()
        finished.sudo().write({'state': 'done', 'date_start': '2025-01-01 10:00:00',
                               'date_end': '2025-01-01 10:00:05', 'rows_total': 2,
                               'rows_done': 2})
        self.env.cr.execute("""
            INSERT INTO dsa_import_job_progress (job_id, rows_done, rows_total, updated)
            VALUES (%s, 1, 2, '2025-01-01 10:00:03')""", (finished.id,))
        values = self.read_form(finished)
        self.assertEqual((values['state'], values['is_running'], values['progress']),
                         ('done', False, 100.0))
        self.assertEqual(values['progress_rate'], 0.4)
        seen.add('done')
        failed = self.new_job(b'nothing,useful\n1,2\n')
        failed.with_context(dsa_import_sync=True).action_run()
        self.assertEqual(self.read_form(failed)['state'], 'failed')
        seen.add('failed')
        running = self.new_job()
        running.sudo().write({'state': 'running', 'date_start': fields.Datetime.now(),
                              'rows_total': 2})
        self.env.cr.execute("""
            INSERT INTO dsa_import_job_progress (job_id, rows_done, rows_total, updated)
            VALUES (%s, 1, 2, now() at time zone 'UTC')""", (running.id,))
        values = self.read_form(running)
        self.assertEqual((values['is_running'], values['progress_rows_done'],
                          values['progress']), (True, 1, 50.0))
        self.assertTrue(values['progress_time_left'])
        seen.add('running')
        queued = self.new_job()
        queued.action_run()   # no dsa_import_sync: queued, returns at once
        values = self.read_form(queued)
        self.assertEqual(values['state'], 'queued')
        self.assertTrue(values['is_running'])
        seen.add('queued')
        states = {key for key, _label in self.env['dsa.import.job']._fields['state'].selection}
        self.assertEqual(seen, states)
