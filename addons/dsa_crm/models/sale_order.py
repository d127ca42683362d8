from odoo import SUPERUSER_ID, api, fields, models


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

    @api.multi
    def write(self, vals):
        """Odoo 11 checks the record rules before a write only: a zone-restricted
        user could move an order onto another zone's customer (or change the
        customer's zone through the stored related field). Check the result too."""
        res = super(SaleOrder, self).write(vals)
        if self.env.uid != SUPERUSER_ID and self.env.user._dsa_crm_zone_ids() is not False:
            self.check_access_rule('write')
        return res
