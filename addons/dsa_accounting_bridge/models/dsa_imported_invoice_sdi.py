from odoo import models


class DsaImportedInvoice(models.Model):
    """Imported invoices gain the SDI identity of an e-invoice (FatturaPA)."""
    _name = 'dsa.imported.invoice'
    _inherit = ['dsa.imported.invoice', 'dsa.sdi.document.mixin']
