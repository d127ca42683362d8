from odoo import api, fields, models


class DsaImportJobLine(models.Model):
    _name = 'dsa.import.job.line'
    _description = 'Import error log line'
    _order = 'job_id, row_number, id'

    job_id = fields.Many2one('dsa.import.job', required=True, ondelete='cascade', index=True)
    chunk_id = fields.Many2one('dsa.import.job.chunk', ondelete='cascade', index=True,
                               string='Chunk')
    row_number = fields.Integer(string='Row')
    column = fields.Char(string='Column')
    reason = fields.Char(string='Reason', required=True)
    level = fields.Selection([('error', 'Rejected row'), ('fatal', 'File rejected')],
                             default='error', required=True)
    raw_json = fields.Text(string='Raw row (JSON)')
    raw_row = fields.Char(string='Raw row', compute='_compute_raw_row')

    @api.multi
    def _compute_raw_row(self):
        import json
        for line in self:
            line.raw_row = ' | '.join(json.loads(line.raw_json)) if line.raw_json else ''

    @api.multi
    def name_get(self):
        return [(line.id, 'Row %s, %s: %s' % (line.row_number, line.column or '-', line.reason))
                for line in self]
