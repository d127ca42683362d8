from odoo import api, fields, models


class DsaImportProfile(models.Model):
    """A profile of kind e-invoices (FatturaPA) maps no column: the files carry
    their own structure. It names the source system and the drop folder patterns."""
    _inherit = 'dsa.import.profile'

    kind = fields.Selection(selection_add=[('fatturapa', 'E-invoices (FatturaPA)')])

    @api.constrains('kind', 'line_ids')
    def _check_required_columns(self):
        return super(DsaImportProfile, self.filtered(
            lambda p: p.kind != 'fatturapa'))._check_required_columns()
