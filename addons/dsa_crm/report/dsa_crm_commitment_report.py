from odoo import api, fields, models, tools


class DsaCrmCommitmentReport(models.Model):
    """Offered vs bought (CRM-7), per customer, agent and month.

    An SQL view (_auto = False) because each sale order gives two rows, one as an
    offer (on its date) and one as a commitment (on its confirmation date), and
    read_group over a UNION is one query whatever the number of orders. An order
    made in Odoo is its own offer; an imported order points at its imported offer
    (dsa_offer_id) and only counts as a commitment. The zone rule reads the
    stored zone of the order (security/dsa_crm_rules.xml)."""

    _name = 'dsa.crm.commitment.report'
    _description = 'Offered vs bought'
    _auto = False
    _rec_name = 'date'
    _order = 'date desc'

    date = fields.Date(readonly=True)
    order_id = fields.Many2one('sale.order', string='Offer or order', readonly=True)
    partner_id = fields.Many2one('res.partner', string='Customer', readonly=True)
    user_id = fields.Many2one('res.users', string='Agent', readonly=True)
    dsa_zone_id = fields.Many2one('dsa.zone', string='Zone', readonly=True)
    offered_amount = fields.Float(string='Offered (€)', readonly=True)
    bought_amount = fields.Float(string='Bought (€)', readonly=True)
    offer_count = fields.Integer(string='Offers', readonly=True)
    won_count = fields.Integer(string='Offers won', readonly=True)
    lost_count = fields.Integer(string='Offers lost', readonly=True)
    conversion_rate = fields.Float(
        string='Conversion (%)', readonly=True, group_operator='avg',
        help='Bought / offered, computed on the totals of each group.')

    @api.model_cr
    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute("""
            CREATE VIEW dsa_crm_commitment_report AS (
                SELECT so.id * 2 AS id, so.id AS order_id, so.date_order::date AS date,
                       p.commercial_partner_id AS partner_id, so.user_id,
                       so.dsa_zone_id, so.amount_untaxed AS offered_amount,
                       0.0 AS bought_amount, 1 AS offer_count,
                       (so.dsa_outcome = 'won')::int AS won_count,
                       (so.dsa_outcome = 'lost')::int AS lost_count,
                       0.0 AS conversion_rate
                  FROM sale_order so
                  JOIN res_partner p ON p.id = so.partner_id
                 WHERE so.dsa_offer_id IS NULL OR so.dsa_offer_id = so.id
                UNION ALL
                SELECT so.id * 2 + 1, so.id,
                       COALESCE(so.confirmation_date, so.date_order)::date,
                       p.commercial_partner_id, so.user_id, so.dsa_zone_id,
                       0.0, so.amount_untaxed, 0, 0, 0, 0.0
                  FROM sale_order so
                  JOIN res_partner p ON p.id = so.partner_id
                 WHERE so.state IN ('sale', 'done')
            )""")

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False,
                   lazy=True):
        """The conversion rate of a group is bought / offered of the group's totals
        (an average of the rows' rates would mean nothing)."""
        names = [f.split(':')[0] for f in fields]
        rate = 'conversion_rate' in names
        if rate:
            fields = [f for f in fields if f.split(':')[0] != 'conversion_rate']
            fields += [f for f in ('offered_amount', 'bought_amount') if f not in names]
        groups = super(DsaCrmCommitmentReport, self).read_group(
            domain, fields, groupby, offset=offset, limit=limit, orderby=orderby, lazy=lazy)
        if rate:
            for group in groups:
                offered = group.get('offered_amount') or 0.0
                bought = group.get('bought_amount') or 0.0
                group['conversion_rate'] = 100.0 * bought / offered if offered else 0.0
        return groups
