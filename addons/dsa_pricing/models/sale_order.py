from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = 'sale.order'

    dsa_subscription_ids = fields.One2many(
        'dsa.licence.subscription', 'sale_order_id', string='Licence subscriptions')
    dsa_is_licence = fields.Boolean(
        string='Licence order', compute='_compute_dsa_amounts', store=True)
    dsa_amount_one_time = fields.Monetary(
        string='One-time amount', compute='_compute_dsa_amounts', store=True,
        help='Setup fees and customization days, invoiced once (untaxed).')
    dsa_amount_monthly = fields.Monetary(
        string='Monthly recurring amount', compute='_compute_dsa_amounts', store=True,
        help='Monthly licence fees, invoiced every month by the subscription (untaxed).')

    @api.depends('order_line.price_subtotal', 'order_line.dsa_recurring',
                 'order_line.dsa_line_kind')
    def _compute_dsa_amounts(self):
        for order in self:
            recurring = order.order_line.filtered('dsa_recurring')
            order.dsa_is_licence = any(order.order_line.mapped('dsa_line_kind'))
            order.dsa_amount_monthly = sum(recurring.mapped('price_subtotal'))
            order.dsa_amount_one_time = sum((order.order_line - recurring).mapped('price_subtotal'))

    @api.multi
    def action_confirm(self):
        res = super(SaleOrder, self).action_confirm()
        self._dsa_create_subscriptions()
        return res

    @api.multi
    def _dsa_create_subscriptions(self):
        """One subscription per recurring licence line (PRC-3), created once."""
        # sudo: a salesman without the pricing groups may confirm a licence
        # order; the subscription belongs to the order's company
        Subscription = self.env['dsa.licence.subscription'].sudo()
        for order in self:
            done = order.sudo().dsa_subscription_ids.mapped('sale_line_id')
            lines = order.order_line.filtered(
                lambda l: l.dsa_recurring and l.dsa_product_code and l not in done)
            for line in lines:
                Subscription.create(order._dsa_prepare_subscription_vals(line))

    @api.multi
    def _dsa_prepare_subscription_vals(self, line):
        self.ensure_one()
        date_start = fields.Date.to_string(
            fields.Date.from_string(self.confirmation_date or fields.Date.context_today(self)))
        return {
            'partner_id': self.partner_id.commercial_partner_id.id,
            'product_code': line.dsa_product_code,
            'users': line.dsa_users or int(line.product_uom_qty),
            'date_start': date_start,
            'sale_order_id': self.id,
            'sale_line_id': line.id,
            'company_id': self.company_id.id,
            'state': 'running',
        }
