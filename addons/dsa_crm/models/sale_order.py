from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = 'sale.order'

    # Stored copy of the customer's zone, for the zone record rule: comparing an
    # indexed column of sale_order is several times faster than the rule on
    # partner_id.dsa_zone_id, which Odoo 11 turns into a list of every partner
    # id of the zones (bench/bench_zone_rules.py). The ORM updates it in the
    # same transaction when the customer (or its company) changes zone.
    dsa_zone_id = fields.Many2one(
        'dsa.zone', string='Zone', related='partner_id.dsa_zone_id', store=True,
        index=True, readonly=True)
