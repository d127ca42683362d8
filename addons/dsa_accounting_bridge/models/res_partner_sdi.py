from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.translate import _


class ResPartner(models.Model):
    """Where a customer receives its e-invoices: the SDI recipient code or a PEC
    address. Own fields rather than OCA's (l10n_it_fatturapa's codice_destinatario
    and pec_destinatario): see readme/CONFIGURE.rst."""
    _inherit = 'res.partner'

    dsa_codice_destinatario = fields.Char(
        string='Codice destinatario', size=7, copy=False,
        help="SDI recipient code (7 characters; 6 for a public administration) the "
             "customer receives its e-invoices at. Filled in by the e-invoice import.")
    dsa_pec = fields.Char(
        string='PEC', copy=False,
        help="Certified email (posta elettronica certificata) of the customer, where "
             "it receives e-invoices without a recipient code.")

    @api.constrains('dsa_codice_destinatario')
    def _check_dsa_codice_destinatario(self):
        for partner in self.filtered('dsa_codice_destinatario'):
            code = partner.dsa_codice_destinatario
            if not (code.isalnum() and len(code) in (6, 7)):
                raise ValidationError(_(
                    'Partner "%s", field "Codice destinatario": "%s" must be 6 or 7 letters '
                    'or digits.') % (partner.display_name, code))
