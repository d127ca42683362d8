from odoo import fields, models


class SaleOrderLine(models.Model):
    _inherit = 'sale.order.line'

    # see sale_order.py: stored for the zone record rule
    dsa_zone_id = fields.Many2one(
        'dsa.zone', string='Zone', related='order_id.dsa_zone_id', store=True,
        index=True, readonly=True)
