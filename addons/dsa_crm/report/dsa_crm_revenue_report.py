from odoo import api, fields, models, tools


class DsaCrmRevenueReport(models.Model):
    """Revenue from the imported invoices (CRM-9), per customer, agent, zone and
    month or year, down to the invoice line.

    An SQL view (_auto = False): one row per imported invoice line, and one row
    for an invoice imported without lines (its untaxed amount), so the totals are
    the invoices' whatever the export carried; read_group over it is one query.
    The agent is the customer's salesperson; the zone is the customer's stored
    zone, which the zone rule compares (security/dsa_crm_rules.xml)."""

    _name = 'dsa.crm.revenue.report'
    _description = 'Revenue'
    _auto = False
    _rec_name = 'invoice_id'
    _order = 'date desc, invoice_id'

    date = fields.Date(readonly=True)
    invoice_id = fields.Many2one('dsa.imported.invoice', string='Invoice', readonly=True)
    partner_id = fields.Many2one('res.partner', string='Customer', readonly=True)
    user_id = fields.Many2one('res.users', string='Agent', readonly=True)
    dsa_zone_id = fields.Many2one('dsa.zone', string='Zone', readonly=True)
    state_id = fields.Many2one('res.country.state', string='Province', readonly=True)
    product_id = fields.Many2one('product.product', string='Product', readonly=True)
    name = fields.Char(string='Description', readonly=True)
    quantity = fields.Float(readonly=True)
    amount = fields.Float(string='Revenue (€)', readonly=True)

    @api.model_cr
    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute("""
            CREATE VIEW dsa_crm_revenue_report AS (
                SELECT l.id * 2 AS id, i.date, i.id AS invoice_id,
                       p.commercial_partner_id AS partner_id, c.user_id,
                       c.dsa_zone_id, c.state_id, l.product_id, l.name, l.quantity,
                       l.price_subtotal AS amount
                  FROM dsa_imported_invoice_line l
                  JOIN dsa_imported_invoice i ON i.id = l.invoice_id
                  JOIN res_partner p ON p.id = i.partner_id
                  JOIN res_partner c ON c.id = p.commercial_partner_id
                UNION ALL
                SELECT i.id * 2 + 1, i.date, i.id, p.commercial_partner_id, c.user_id,
                       c.dsa_zone_id, c.state_id, NULL, i.number, 1.0, i.amount_untaxed
                  FROM dsa_imported_invoice i
                  JOIN res_partner p ON p.id = i.partner_id
                  JOIN res_partner c ON c.id = p.commercial_partner_id
                 WHERE NOT EXISTS (SELECT 1 FROM dsa_imported_invoice_line l
                                    WHERE l.invoice_id = i.id)
            )""")
