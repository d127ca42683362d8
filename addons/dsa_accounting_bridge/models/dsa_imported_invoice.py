from odoo import api, fields, models


class DsaImportedInvoice(models.Model):
    _name = 'dsa.imported.invoice'
    _description = 'Imported invoice'
    _inherit = ['mail.thread']
    _order = 'date desc, number desc'
    _rec_name = 'number'

    number = fields.Char(required=True, index=True, track_visibility='onchange')
    date = fields.Date(required=True, index=True, track_visibility='onchange')
    partner_id = fields.Many2one(
        'res.partner', string='Customer', required=True, index=True, ondelete='restrict',
        track_visibility='onchange')
    source_system = fields.Char(
        string='Source system', required=True, default='accounting', index=True)
    currency_id = fields.Many2one(
        'res.currency', string='Currency', required=True,
        default=lambda self: self.env.user.company_id.currency_id)
    company_id = fields.Many2one(
        'res.company', string='Company', required=True,
        default=lambda self: self.env.user.company_id)
    amount_untaxed = fields.Monetary(string='Untaxed amount', track_visibility='onchange')
    amount_tax = fields.Monetary(string='Tax')
    amount_total = fields.Monetary(string='Total', track_visibility='onchange')
    line_ids = fields.One2many('dsa.imported.invoice.line', 'invoice_id', string='Lines')
    import_job_id = fields.Many2one(
        'dsa.import.job', string='Import job', ondelete='set null', readonly=True)

    _sql_constraints = [
        ('number_source_uniq', 'unique(source_system, number)',
         'An imported invoice number must be unique per source system.'),
    ]

    @api.multi
    def name_get(self):
        return [(inv.id, '%s (%s)' % (inv.number, inv.date)) for inv in self]
