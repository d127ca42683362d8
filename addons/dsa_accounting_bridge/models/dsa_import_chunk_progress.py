from odoo import api, fields, models


class DsaImportChunkProgress(models.Model):
    """Rows done of each running chunk of a queued import (several may run at
    once), published by dsa.import.job.progress._publish (see there why a side
    table written by a separate cursor)."""
    _name = 'dsa.import.chunk.progress'
    _description = 'Progress of a running import chunk'
    _log_access = False

    chunk_id = fields.Integer(string='Chunk', required=True, readonly=True)
    job_id = fields.Integer(string='Import job', required=True, readonly=True, index=True)
    rows_done = fields.Integer(readonly=True)
    updated = fields.Datetime(required=True, readonly=True)

    _sql_constraints = [
        ('chunk_uniq', 'unique(chunk_id)', 'One progress row per import chunk.'),
    ]

    @api.model
    def _live(self, job_ids):
        """{chunk id: rows done} of the chunks of these jobs."""
        if not job_ids:
            return {}
        rows = self.sudo().search_read([('job_id', 'in', list(job_ids))],
                                       ['chunk_id', 'rows_done'])
        return {row['chunk_id']: row['rows_done'] for row in rows}
