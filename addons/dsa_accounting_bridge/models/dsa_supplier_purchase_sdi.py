from odoo import models


class DsaSupplierPurchase(models.Model):
    """Supplier purchases gain the SDI identity of a received e-invoice (FatturaPA)."""
    _name = 'dsa.supplier.purchase'
    _inherit = ['dsa.supplier.purchase', 'dsa.sdi.document.mixin']
