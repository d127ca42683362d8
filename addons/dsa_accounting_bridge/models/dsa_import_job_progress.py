import logging

from odoo import api, fields, models

_logger = logging.getLogger(__name__)


class DsaImportJobProgress(models.Model):
    """Rows done of a running import, visible to other users while the import's
    own transaction is still open, and the one helper that publishes it
    (_publish) for a job or for one chunk of it (dsa.import.chunk.progress).

    A side table rather than columns of dsa_import_job: the import transaction
    (repeatable read) writes the job row at the end, and a row also updated by
    another committed transaction meanwhile would make it fail with a
    serialization error. No foreign key: the job row may not be committed yet
    (cron) and the progress writer must never wait for it."""
    _name = 'dsa.import.job.progress'
    _description = 'Progress of a running import'
    _log_access = False

    job_id = fields.Integer(string='Import job', required=True, readonly=True)
    rows_done = fields.Integer(readonly=True)
    rows_total = fields.Integer(readonly=True)
    updated = fields.Datetime(required=True, readonly=True)

    _sql_constraints = [
        ('job_uniq', 'unique(job_id)', 'One progress row per import job.'),
    ]

    @api.model
    def _publish(self, job_id, rows_done, rows_total=0, chunk_id=None):
        """Publish rows done / total of a job (or of one of its chunks) at once.

        SQL through a separate cursor that commits at once, as one upsert: the
        import runs in one transaction, invisible to others until it commits, and
        only reads this table, so the two transactions never wait on each other (a
        lock timeout guards it anyway). In test mode (one shared test cursor)
        nothing is published; a failure is logged, never raised."""
        if self.env.registry.test_cr is not None or not job_id:
            return
        try:
            with self.env.registry.cursor() as cr:
                cr.execute("SET LOCAL lock_timeout = '2s'")
                if chunk_id:
                    cr.execute("""
                        INSERT INTO dsa_import_chunk_progress (chunk_id, job_id, rows_done, updated)
                        VALUES (%s, %s, %s, now() at time zone 'UTC')
                        ON CONFLICT (chunk_id) DO UPDATE
                           SET rows_done = EXCLUDED.rows_done, updated = EXCLUDED.updated
                    """, (chunk_id, job_id, rows_done))
                    return
                cr.execute("""
                    INSERT INTO dsa_import_job_progress (job_id, rows_done, rows_total, updated)
                    VALUES (%s, %s, %s, now() at time zone 'UTC')
                    ON CONFLICT (job_id) DO UPDATE
                       SET rows_done = EXCLUDED.rows_done, rows_total = EXCLUDED.rows_total,
                           updated = EXCLUDED.updated
                """, (job_id, rows_done, rows_total or 0))
        except Exception:
            _logger.info('Progress of import job %s not published', job_id, exc_info=True)

    @api.model
    def _live(self, job_ids):
        """{job id: (rows done, rows total, 'YYYY-MM-DD HH:MM:SS' of the last update)}."""
        if not job_ids:
            return {}
        rows = self.sudo().search_read([('job_id', 'in', list(job_ids))],
                                       ['job_id', 'rows_done', 'rows_total', 'updated'])
        return {row['job_id']: (row['rows_done'], row['rows_total'], row['updated'][:19])
                for row in rows}
