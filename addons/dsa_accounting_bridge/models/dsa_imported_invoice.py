from odoo import api, fields, models


class DsaImportedInvoice(models.Model):
    _name = 'dsa.imported.invoice'
    _description = 'Imported invoice'
    _inherit = ['dsa.imported.document.mixin']

    partner_id = fields.Many2one(
        'res.partner', string='Customer', required=True, index=True, ondelete='restrict',
        track_visibility='onchange')
    amount_untaxed = fields.Monetary(string='Untaxed amount', track_visibility='onchange')
    amount_tax = fields.Monetary(string='Tax')
    amount_total = fields.Monetary(string='Total', track_visibility='onchange')
    line_ids = fields.One2many('dsa.imported.invoice.line', 'invoice_id', string='Lines')

    _sql_constraints = [
        ('number_source_uniq', 'unique(source_system, number)',
         'An imported invoice number must be unique per source system.'),
    ]

    @api.multi
    def name_get(self):
        return [(inv.id, '%s (%s)' % (inv.number, inv.date)) for inv in self]
