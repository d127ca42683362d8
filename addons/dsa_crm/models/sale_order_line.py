from odoo import api, fields, models


class SaleOrderLine(models.Model):
    _inherit = 'sale.order.line'

    # see sale_order.py: stored for the zone record rule
    dsa_zone_id = fields.Many2one(
        'dsa.zone', string='Zone', related='order_id.dsa_zone_id', store=True,
        index=True, readonly=True)

    @api.model
    def create(self, vals):
        """See sale.order.create: the zone goes into the INSERT for the zone rule."""
        if vals.get('order_id') and 'dsa_zone_id' not in vals:
            order = self.env['sale.order'].sudo().browse(vals['order_id'])
            vals = dict(vals, dsa_zone_id=order.dsa_zone_id.id)
        return super(SaleOrderLine, self).create(vals)
