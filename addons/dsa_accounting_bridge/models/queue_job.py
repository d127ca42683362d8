import logging
from datetime import timedelta

import psycopg2

from odoo import _, api, fields, models

# seconds between queue_job's commit of a job's *started* state and the job's own
# first statement (_dsa_hold_queue_job): a started import job younger than this is
# never taken for dead
STARTED_GRACE = 30
IMPORT_METHODS = ('_job_plan', '_job_chunk', '_job_finish')

_logger = logging.getLogger(__name__)


class QueueJob(models.Model):
    """A chunk's queue job that fails in the job runner itself, before or after the
    chunk's own code (e.g. a serialization failure in /queue_job/runjob when two
    workers race), would leave its chunk *queued* and the import *running* for
    ever. The failure is passed on: the chunk is failed with the reason, and the
    import ends as failed, so that the chunk can be retried from the import's form
    (seen under load, bench/load)."""
    _inherit = 'queue.job'

    @api.multi
    def write(self, vals):
        result = super(QueueJob, self).write(vals)
        if vals.get('state') == 'failed':
            self._dsa_fail_import_chunks()
        return result

    @api.model
    def requeue_stuck_jobs(self, enqueued_delta=5, started_delta=0):
        """queue_job's garbage collector (cron every 5 minutes) also queues again
        the import jobs that a dead worker left *started* (issue 29, crashes)."""
        result = super(QueueJob, self).requeue_stuck_jobs(
            enqueued_delta=enqueued_delta, started_delta=started_delta)
        self._dsa_requeue_dead_imports()
        return result

    @api.model
    def _dsa_requeue_dead_imports(self):
        """Queue again the import jobs left *started* by a worker killed mid-way.

        queue_job 11 leaves such jobs *started* for ever (its README asks for a
        manual requeue): the import stays *running* and its chunk *queued*. A live
        import job holds a share lock on its row (dsa.import.job._dsa_hold_queue_job);
        a dead one's lock went with its connection, so the rows that SKIP LOCKED
        still returns are dead. Their transaction was rolled back with the worker:
        running them again imports their rows once. SQL: the ORM has no row locks."""
        deadline = fields.Datetime.to_string(
            fields.Datetime.from_string(fields.Datetime.now()) - timedelta(seconds=STARTED_GRACE))
        try:
            with self.env.cr.savepoint():
                self.env.cr.execute("""
                    SELECT id FROM queue_job
                     WHERE state = 'started' AND model_name = 'dsa.import.job'
                       AND method_name IN %s AND date_started <= %s
                       FOR UPDATE SKIP LOCKED""", (IMPORT_METHODS, deadline),
                                    log_exceptions=False)
                dead = self.browse([row[0] for row in self.env.cr.fetchall()])
        except psycopg2.extensions.TransactionRollbackError:
            # a job ended after our snapshot (REPEATABLE READ): the next run sees it
            return self.browse()
        if dead:
            _logger.warning('Import jobs left started by a dead worker, queued again: %s',
                            ', '.join(dead.mapped('uuid')))
            dead.requeue()
        return dead

    @api.multi
    def _dsa_fail_import_chunks(self):
        chunks = self.env['dsa.import.job.chunk'].sudo().search([
            ('queue_job_uuid', 'in', self.mapped('uuid')), ('state', '=', 'queued')])
        for chunk in chunks:
            queue_job = self.filtered(lambda j: j.uuid == chunk.queue_job_uuid)[:1]
            reason = ((queue_job.exc_info or '').strip().splitlines() or [_('unknown')])[-1]
            chunk.write({'state': 'failed', 'attempts': chunk.attempts + 1,
                         'error_message': _('The job queue could not run it: %s') % reason})
            chunk.job_id.sudo()._job_finish()
