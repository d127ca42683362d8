from odoo import api, fields, models, tools


class DsaCrmTrendReport(models.Model):
    """Product sales trend (CRM-10): the commitments (lines of confirmed orders)
    by product and category, with agent, customer, zone, province and month.

    An SQL view (_auto = False) because the dimensions sit on four tables (order,
    line, product template, customer) that sale.order.line cannot group by
    without stored copies on every line; read_group over the view is one query.
    The zone rule compares the stored zone of the order line."""

    _name = 'dsa.crm.trend.report'
    _description = 'Product sales trend'
    _auto = False
    _rec_name = 'product_id'
    _order = 'date desc'

    date = fields.Date(readonly=True)
    order_id = fields.Many2one('sale.order', string='Order', readonly=True)
    product_id = fields.Many2one('product.product', string='Product', readonly=True)
    categ_id = fields.Many2one('product.category', string='Product category', readonly=True)
    user_id = fields.Many2one('res.users', string='Agent', readonly=True)
    partner_id = fields.Many2one('res.partner', string='Customer', readonly=True)
    dsa_zone_id = fields.Many2one('dsa.zone', string='Zone', readonly=True)
    state_id = fields.Many2one('res.country.state', string='Province', readonly=True)
    quantity = fields.Float(readonly=True)
    amount = fields.Float(string='Amount (€)', readonly=True)

    @api.model_cr
    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute("""
            CREATE VIEW dsa_crm_trend_report AS (
                SELECT l.id, COALESCE(so.confirmation_date, so.date_order)::date AS date,
                       so.id AS order_id, l.product_id, t.categ_id, so.user_id,
                       p.commercial_partner_id AS partner_id, l.dsa_zone_id,
                       c.state_id, l.product_uom_qty AS quantity,
                       l.price_subtotal AS amount
                  FROM sale_order_line l
                  JOIN sale_order so ON so.id = l.order_id
                  JOIN res_partner p ON p.id = so.partner_id
                  JOIN res_partner c ON c.id = p.commercial_partner_id
                  LEFT JOIN product_product pp ON pp.id = l.product_id
                  LEFT JOIN product_template t ON t.id = pp.product_tmpl_id
                 WHERE so.state IN ('sale', 'done')
            )""")
