from odoo import api, models

from .zone_guard import check_rules_after_write, check_targets_readable


class CrmLead(models.Model):
    """An agent's opportunity cannot be moved onto another zone's customer."""
    _inherit = 'crm.lead'

    @api.model
    def create(self, vals):
        check_targets_readable(self, vals, ('partner_id',))
        return super(CrmLead, self).create(vals)

    @api.multi
    def write(self, vals):
        check_targets_readable(self, vals, ('partner_id',))
        res = super(CrmLead, self).write(vals)
        check_rules_after_write(self)
        return res
