from odoo import fields, models

OUTCOMES = [
    ('pending', 'Pending'),
    ('won', 'Won'),
    ('lost', 'Lost'),
]


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

    # Offers (CRM-6)
    dsa_probability = fields.Float(
        string='Probability (%)', default=50.0, track_visibility='onchange',
        help='Probability of success of the offer, in percent.')
    dsa_outcome = fields.Selection(
        OUTCOMES, string='Outcome', default='pending', required=True, index=True,
        copy=False, track_visibility='onchange')
    dsa_lost_reason_id = fields.Many2one(
        'crm.lost.reason', string='Lost reason', copy=False, ondelete='restrict',
        track_visibility='onchange')
    dsa_feedback = fields.Text(
        string='Feedback', copy=False,
        help="Feedback on the offer, from the customer or the agent.")
