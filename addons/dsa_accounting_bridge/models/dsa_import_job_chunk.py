from odoo import _, api, fields, models
from odoo.exceptions import UserError


class DsaImportJobChunk(models.Model):
    """A slice of the rows of an import job, run as one queue job (one transaction).

    Rows are given by their number in the file; a chunk never splits the rows of one
    document: it skips the leading rows that continue the previous chunk's document and
    reads past row_to until its last document ends (see _chunk_rows)."""
    _name = 'dsa.import.job.chunk'
    _description = 'Import job chunk'
    _order = 'job_id, sequence'

    job_id = fields.Many2one('dsa.import.job', required=True, ondelete='cascade', index=True,
                             readonly=True)
    sequence = fields.Integer(readonly=True)
    row_from = fields.Integer(string='From row', readonly=True)
    row_to = fields.Integer(string='To row', readonly=True,
                            help='First row of the next chunk (0: end of the file).')
    state = fields.Selection([
        ('pending', 'Pending'),
        ('queued', 'Queued'),
        ('done', 'Done'),
        ('failed', 'Failed'),
    ], default='pending', required=True, readonly=True)
    rows_done = fields.Integer(readonly=True)
    count_created = fields.Integer(string='Created', readonly=True)
    count_updated = fields.Integer(string='Updated', readonly=True)
    count_skipped = fields.Integer(string='Unchanged', readonly=True)
    count_rejected = fields.Integer(string='Rejected', readonly=True)
    error_message = fields.Text(string='Error', readonly=True)
    attempts = fields.Integer(readonly=True)
    queue_job_uuid = fields.Char(string='Queue job', readonly=True, copy=False)

    @api.multi
    def name_get(self):
        names = []
        for chunk in self:
            last = chunk.row_to - 1 if chunk.row_to else _('end')
            names.append((chunk.id, _('Rows %s-%s') % (chunk.row_from, last)))
        return names

    @api.multi
    def action_retry(self):
        """Queue a failed chunk again, alone: the chunks that succeeded stay as they are."""
        for chunk in self:
            if chunk.state != 'failed':
                raise UserError(_('Only a failed chunk can be retried (%s is %s).')
                                % (chunk.display_name, chunk.state))
            chunk.job_id._write_server({'state': 'running', 'error_message': False})
            chunk.job_id._enqueue_chunk(chunk)
        return True
