"""Background imports on OCA queue_job: the job model only orchestrates.

action_run() (without the `dsa_import_sync` context key) queues _job_plan, which
checks the header, counts the rows and cuts the file into chunks; each chunk is a
queue job of its own (one transaction) that runs the same import code on its rows;
every chunk then queues _job_finish, which adds the chunks' counters up into the job
once none is left to run. A failed chunk is retried alone (button on the chunk).
"""
import json

from psycopg2 import OperationalError, errorcodes

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.queue_job import job as queue_job

from ..lib import normalize
from ..lib.rows import ImportResult
from .dsa_import_job import ChunkId

CHUNK_ROWS = 20000
CHANNEL = 'root.dsa_import'
# kinds whose chunks may run at the same time on several workers: each chunk writes
# documents no other chunk writes. Customers are matched against the ones created
# by earlier rows of the file (same customer twice): their chunks run one after the
# other, and so do purchases (suppliers created on the fly) and offers.
PARALLEL_KINDS = ('invoices',)
RETRY_PG_CODES = (errorcodes.LOCK_NOT_AVAILABLE, errorcodes.SERIALIZATION_FAILURE,
                  errorcodes.DEADLOCK_DETECTED)


class DsaImportJob(models.Model):
    _inherit = 'dsa.import.job'

    chunk_ids = fields.One2many('dsa.import.job.chunk', 'job_id', string='Chunks',
                                readonly=True, copy=False)
    progress_rate = fields.Float(string='Rows per second', compute='_compute_progress')
    progress_time_left = fields.Char(string='Time left', compute='_compute_progress')

    @api.multi
    def _compute_progress(self):
        super(DsaImportJob, self)._compute_progress()
        chunked = self.filtered('chunk_ids')
        live = self.env['dsa.import.chunk.progress']._live(chunked.ids)
        now = fields.Datetime.from_string(fields.Datetime.now())
        for job in self:
            if job in chunked:
                done = sum(chunk.rows_done if chunk.state in ('done', 'failed')
                           else live.get(chunk.id, 0) for chunk in job.chunk_ids)
                total = job.rows_total
                job.progress_rows_done = min(done, total) if total else done
                job.progress_rows_total = total
                job.is_running = job.state in ('queued', 'running')
                job.progress = min(100.0, 100.0 * done / total) if total else 0.0
            elif job.state == 'queued':
                job.is_running = True
            rate, left = 0.0, False
            if job.date_start and job.progress_rows_done:
                end = fields.Datetime.from_string(job.date_end) if job.date_end and \
                    not job.is_running else now
                seconds = (end - fields.Datetime.from_string(job.date_start)).total_seconds()
                rate = job.progress_rows_done / max(seconds, 1.0)
                if job.is_running and rate:
                    remaining = max(job.progress_rows_total - job.progress_rows_done, 0)
                    left = _('%d min %02d s') % divmod(int(remaining / rate), 60)
            job.progress_rate = rate
            job.progress_time_left = left

    # ------------------------------------------------------------------ queueing

    @api.multi
    def _enqueue(self):
        """Queue the import of this job and return at once."""
        self.ensure_one()
        if self.state in ('queued', 'running'):
            raise UserError(_('Job %s is already running.') % self.name)
        if not self.with_context(bin_size=True).file:   # not the content: its size
            raise UserError(_('Job %s has no file to import.') % self.name)
        self.check_access_rule('write')
        self.line_ids.unlink()
        self.chunk_ids.sudo().unlink()
        self._write_server({
            'state': 'queued', 'dry_run': False, 'date_start': fields.Datetime.now(),
            'date_end': False, 'user_id': self.env.uid, 'error_message': False,
            'rows_done': 0, 'count_created': 0, 'count_updated': 0, 'count_skipped': 0,
            'count_rejected': 0,
        })
        self.with_delay(channel=CHANNEL, description=_('Import %s: plan') % self.name)._job_plan()
        return True

    @api.model
    def _dsa_hold_queue_job(self):
        """Show that this queue job is alive: its worker holds a share lock on the
        job's row until its transaction ends. A worker killed mid-way loses its
        connection and the lock with it, so the jobs garbage collector can tell a
        job left *started* by a dead worker from a running one and queue it again
        (queue.job._dsa_requeue_dead_imports). SQL: the ORM has no row locks; KEY
        SHARE blocks no update of the row (queue_job writes it from other cursors)."""
        uuid = self.env.context.get('job_uuid')
        if uuid:
            self.env.cr.execute('SELECT 1 FROM queue_job WHERE uuid = %s FOR KEY SHARE',
                                (uuid,))

    @api.multi
    def _chunk_size(self):
        """Rows per chunk (system parameter dsa_accounting_bridge.import_chunk_rows)."""
        value = self.env['ir.config_parameter'].sudo().get_param(
            'dsa_accounting_bridge.import_chunk_rows')
        return max(int(value or CHUNK_ROWS), 100)

    @api.multi
    def _in_user_language(self):
        """The job in the language of the user who runs it. Queue jobs are run by the
        job runner over HTTP, without the user's session: the request's language
        (English) would otherwise be the language of every message of the import."""
        return self.with_context(lang=self.env.user.lang or self.env.lang)

    @api.multi
    @queue_job.job(default_channel=CHANNEL)
    def _job_plan(self):
        """Queue job: plan the import (see _plan), in the user's language."""
        return self._in_user_language()._plan()

    @api.multi
    def _plan(self):
        """Check the header, count the rows, create the chunks and queue them."""
        self.ensure_one()
        self._dsa_hold_queue_job()
        result = ImportResult()
        try:
            profile = self._get_profile()
            if profile.kind != self.kind:
                raise UserError(_('Profile "%s" is for %s, not for %s.') % (
                    profile.name, profile.kind, self.kind))
            self._read_rows(profile, result)   # header check, row count
        except Exception as exc:
            return self._fail_plan(self._failure(exc))
        size = self._chunk_size()
        last_row = result.rows_total + 1   # row 1 is the header
        chunks = self.env['dsa.import.job.chunk'].sudo()
        row, sequence = 2, 0
        while row <= last_row or not chunks:
            row_to = row + size if row + size <= last_row else 0
            chunks |= chunks.create({'job_id': self.id, 'sequence': sequence,
                                     'row_from': row, 'row_to': row_to})
            row, sequence = row + size, sequence + 1
        self._write_server({'state': 'running', 'rows_total': result.rows_total,
                            'header_json': json.dumps(
                                [normalize.to_text(h) for h in result.header])})
        to_queue = chunks if self.kind in PARALLEL_KINDS else chunks[:1]
        for chunk in to_queue:
            self._enqueue_chunk(chunk)
        return _('%d chunks') % len(chunks)

    @api.multi
    def _fail_plan(self, failure):
        """The job fails before any chunk is made (ImportFailure, e.g. its header)."""
        self.env['dsa.import.job.line'].create(dict(failure.line_vals(), job_id=self.id))
        text = self._failure_text(failure)
        self._write_server({'state': 'failed', 'error_message': text,
                            'date_end': fields.Datetime.now()})
        return text

    @api.multi
    def _enqueue_chunk(self, chunk):
        chunk.sudo().write({'state': 'queued', 'error_message': False})
        delayed = self.with_delay(
            channel=CHANNEL, description=_('Import %s: rows %s') % (self.name, chunk.row_from))
        queued = delayed._job_chunk(chunk.id)
        # with test_queue_job_no_delay, the method ran and returned its result
        uuid = getattr(queued, 'uuid', None)
        if uuid:
            chunk.sudo().write({'queue_job_uuid': uuid})

    @api.multi
    @queue_job.job(default_channel=CHANNEL)
    def _job_chunk(self, chunk_id):
        """Queue job: import one chunk (see _run_chunk), in the user's language."""
        return self._in_user_language()._run_chunk(chunk_id)

    @api.multi
    def _run_chunk(self, chunk_id):
        """Import the rows of one chunk in this transaction; never raises for a bad
        file (the chunk is marked failed with the reason), only for the concurrency
        errors that queue_job retries by itself."""
        self.ensure_one()
        self._dsa_hold_queue_job()
        chunk = self.env['dsa.import.job.chunk'].browse(chunk_id)
        if chunk.state == 'done':
            return _('already done')
        self.env['dsa.import.job.line'].search([('chunk_id', '=', chunk.id)]).unlink()
        result = ImportResult()
        failure = None
        job = self.with_context(dsa_import_chunk_id=ChunkId(chunk.id))
        try:
            with self.env.cr.savepoint():
                job._import(result, False, chunk.row_from, chunk.row_to)
        except OperationalError as exc:
            if exc.pgcode in RETRY_PG_CODES:
                raise   # queue_job postpones and retries the chunk
            failure = self._failure(exc)
        except Exception as exc:
            failure = self._failure(exc)
        self.env.clear()
        self._write_chunk_result(chunk, result, failure)
        if self.kind not in PARALLEL_KINDS:
            following = self.chunk_ids.filtered(
                lambda c: c.sequence > chunk.sequence and c.state == 'pending')[:1]
            if following and not failure:
                self._enqueue_chunk(following)
        self.with_delay(channel=CHANNEL, description=_('Import %s: finish') % self.name,
                        priority=20)._job_finish()
        return _('rows %s: %s') % (chunk.row_from, 'failed' if failure else 'done')

    @api.multi
    def _write_chunk_result(self, chunk, result, failure):
        lines = self.env['dsa.import.job.line']
        for row_number, column, reason, raw in result.errors if not failure else []:
            lines.create({
                'job_id': self.id, 'chunk_id': chunk.id, 'row_number': row_number,
                'column': column, 'reason': reason, 'level': 'error',
                'raw_json': json.dumps([normalize.to_text(v) for v in raw]) if raw else False,
            })
        vals = {'attempts': chunk.attempts + 1}
        if failure:
            lines.create(dict(failure.line_vals(), job_id=self.id, chunk_id=chunk.id))
            vals.update({'state': 'failed', 'rows_done': 0, 'count_created': 0,
                         'count_updated': 0, 'count_skipped': 0, 'count_rejected': 0,
                         'error_message': self._failure_text(failure)})
        else:
            vals.update({'state': 'done', 'rows_done': result.rows_done,
                         'count_created': result.created, 'count_updated': result.updated,
                         'count_skipped': result.skipped, 'count_rejected': result.rejected,
                         'error_message': False})
        chunk.sudo().write(vals)

    @api.multi
    @queue_job.job(default_channel=CHANNEL)
    def _job_finish(self):
        """Queue job: end the import when its chunks are done (see _finish)."""
        return self._in_user_language()._finish()

    @api.multi
    def _finish(self):
        """Add the chunks up into the job; the job ends when no chunk is left to run.
        Idempotent: every chunk queues it, the last one to run sees every chunk."""
        self.ensure_one()
        self._dsa_hold_queue_job()
        chunks = self.chunk_ids
        vals = {
            'rows_done': sum(chunks.mapped('rows_done')),
            'count_created': sum(chunks.mapped('count_created')),
            'count_updated': sum(chunks.mapped('count_updated')),
            'count_skipped': sum(chunks.mapped('count_skipped')),
            'count_rejected': sum(chunks.mapped('count_rejected')),
        }
        failed = chunks.filtered(lambda c: c.state == 'failed')
        waiting = chunks.filtered(lambda c: c.state == 'queued')
        if not waiting:
            vals['date_end'] = fields.Datetime.now()
            if failed:
                vals['state'] = 'failed'
                vals['error_message'] = '\n'.join(
                    _('%s failed (retry it from the Chunks tab): %s') % (
                        c.display_name, c.error_message) for c in failed)
            else:
                vals['state'] = 'done_errors' if vals['count_rejected'] else 'done'
                vals['error_message'] = False
        self._write_server(vals)
        return vals.get('state', 'running')
