from odoo import api, fields, models


class DsaSupplierPurchase(models.Model):
    _name = 'dsa.supplier.purchase'
    _description = 'Supplier purchase'
    _inherit = ['mail.thread']
    _order = 'date desc, number desc'
    _rec_name = 'number'

    number = fields.Char(required=True, index=True, track_visibility='onchange')
    date = fields.Date(required=True, index=True, track_visibility='onchange')
    partner_id = fields.Many2one(
        'res.partner', string='Supplier', required=True, index=True, ondelete='restrict',
        track_visibility='onchange')
    source_system = fields.Char(
        string='Source system', required=True, default='accounting', index=True)
    currency_id = fields.Many2one(
        'res.currency', string='Currency', required=True,
        default=lambda self: self.env.user.company_id.currency_id)
    company_id = fields.Many2one(
        'res.company', string='Company', required=True,
        default=lambda self: self.env.user.company_id)
    amount = fields.Monetary(string='Amount', track_visibility='onchange')
    description = fields.Text()
    order_pdf = fields.Binary(string='Order PDF', attachment=True)
    order_pdf_name = fields.Char(string='Order PDF file name')
    import_job_id = fields.Many2one(
        'dsa.import.job', string='Import job', ondelete='set null', readonly=True)

    _sql_constraints = [
        ('number_source_partner_uniq', 'unique(source_system, partner_id, number)',
         'A supplier order number must be unique per supplier and source system.'),
    ]

    @api.multi
    def name_get(self):
        return [(rec.id, '%s - %s' % (rec.partner_id.name or '', rec.number)) for rec in self]
