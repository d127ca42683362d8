from odoo import fields, models


class DsaImportedDocumentMixin(models.AbstractModel):
    """What every document brought in from the accounting system has: its
    number and date in that system, the system it came from, the currency,
    the company and the import job that last wrote it.  Imported invoices and
    supplier purchases add their partner (customer or supplier) and amounts."""
    _name = 'dsa.imported.document.mixin'
    _description = 'Document imported from the accounting system'
    _inherit = ['mail.thread']
    _order = 'date desc, number desc'
    _rec_name = 'number'

    number = fields.Char(required=True, index=True, track_visibility='onchange')
    date = fields.Date(required=True, index=True, track_visibility='onchange')
    source_system = fields.Char(
        string='Source system', required=True, default='accounting', index=True)
    currency_id = fields.Many2one(
        'res.currency', string='Currency', required=True,
        default=lambda self: self.env.user.company_id.currency_id)
    company_id = fields.Many2one(
        'res.company', string='Company', required=True,
        default=lambda self: self.env.user.company_id)
    import_job_id = fields.Many2one(
        'dsa.import.job', string='Import job', ondelete='set null', readonly=True)
