from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = 'sale.order'

    dsa_external_ref = fields.Char(
        string='External reference', copy=False, index=True,
        help="Number of the offer or order in the company's own system (imported).")
    dsa_source_system = fields.Char(string='Source system', copy=False)
    dsa_import_job_id = fields.Many2one('dsa.import.job', string='Import job', copy=False,
                                        readonly=True, ondelete='set null')

    _sql_constraints = [
        ('dsa_external_ref_uniq', 'unique(dsa_source_system, dsa_external_ref)',
         'The external reference of an offer must be unique per source system.'),
    ]

    dsa_offer_id = fields.Many2one(
        'sale.order', string='Offer answered', index=True, copy=False, ondelete='set null',
        help='The offer (quotation) that this confirmed order answers.')
