from odoo import fields, models


class DsaPlant(models.Model):
    _inherit = 'dsa.plant'

    # Stored copy of the customer's zone for the zone record rule: an indexed
    # column of this table instead of partner_id.dsa_zone_id, which Odoo 11
    # expands into the list of every partner id of the zones (measured in
    # bench/bench_service_zone_rules.py). The ORM keeps it up to date when the
    # customer moves to another zone.
    dsa_zone_id = fields.Many2one(
        'dsa.zone', string='Zone', related='partner_id.dsa_zone_id', store=True,
        index=True, readonly=True)
