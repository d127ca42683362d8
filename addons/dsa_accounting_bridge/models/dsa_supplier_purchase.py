from odoo import api, fields, models


class DsaSupplierPurchase(models.Model):
    _name = 'dsa.supplier.purchase'
    _description = 'Supplier purchase'
    _inherit = ['dsa.imported.document.mixin']

    partner_id = fields.Many2one(
        'res.partner', string='Supplier', required=True, index=True, ondelete='restrict',
        track_visibility='onchange')
    amount = fields.Monetary(string='Amount', track_visibility='onchange')
    description = fields.Text()
    order_pdf = fields.Binary(string='Order PDF', attachment=True)
    order_pdf_name = fields.Char(string='Order PDF file name')

    _sql_constraints = [
        ('number_source_partner_uniq', 'unique(source_system, partner_id, number)',
         'A supplier order number must be unique per supplier and source system.'),
    ]

    @api.multi
    def name_get(self):
        return [(rec.id, '%s - %s' % (rec.partner_id.name or '', rec.number)) for rec in self]
