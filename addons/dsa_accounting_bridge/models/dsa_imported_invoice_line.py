from odoo import fields, models


class DsaImportedInvoiceLine(models.Model):
    _name = 'dsa.imported.invoice.line'
    _description = 'Imported invoice line'
    _order = 'invoice_id, sequence, id'

    invoice_id = fields.Many2one(
        'dsa.imported.invoice', string='Invoice', required=True, ondelete='cascade', index=True)
    sequence = fields.Integer(default=10)
    product_id = fields.Many2one('product.product', string='Product', ondelete='set null')
    name = fields.Char(string='Description', required=True)
    quantity = fields.Float(default=1.0)
    price_unit = fields.Float(string='Unit price')
    currency_id = fields.Many2one(related='invoice_id.currency_id', readonly=True)
    price_subtotal = fields.Monetary(string='Subtotal')
    partner_id = fields.Many2one(
        related='invoice_id.partner_id', store=True, readonly=True, string='Customer')
    date = fields.Date(related='invoice_id.date', store=True, readonly=True)
