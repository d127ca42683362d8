from odoo import fields, models


class DsaImportedInvoiceLine(models.Model):
    """The VAT and discount of an e-invoice line (DettaglioLinee)."""
    _inherit = 'dsa.imported.invoice.line'

    dsa_discount = fields.Float(
        string='Discount (%)', digits=(16, 2),
        help="ScontoMaggiorazione of the e-invoice line: positive for a discount, "
             "negative for a surcharge.")
    dsa_vat_rate = fields.Float(string='VAT rate (%)', digits=(16, 2))
    dsa_vat_nature = fields.Char(
        string='VAT nature', size=8,
        help="Natura of a line without VAT (N1 excluded, N2 not subject, N3 not taxable, "
             "N4 exempt, N5 margin scheme, N6 reverse charge, N7 VAT paid in another EU "
             "country).")
