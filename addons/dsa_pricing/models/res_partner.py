from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = 'res.partner'

    dsa_subscription_ids = fields.One2many(
        'dsa.licence.subscription', 'partner_id', string='Licence subscriptions',
        groups='dsa_pricing.group_pricing_user')
    dsa_hour_package_ids = fields.One2many(
        'dsa.hour.package', 'partner_id', string='Hour packages',
        groups='dsa_pricing.group_pricing_user')
    dsa_subscription_count = fields.Integer(
        compute='_compute_dsa_counts', string='Licences',
        groups='dsa_pricing.group_pricing_user')
    dsa_hour_package_count = fields.Integer(
        compute='_compute_dsa_counts', string='Hour packages',
        groups='dsa_pricing.group_pricing_user')

    @api.multi
    def _compute_dsa_counts(self):
        for partner in self:
            partner.dsa_subscription_count = len(partner.dsa_subscription_ids)
            partner.dsa_hour_package_count = len(partner.dsa_hour_package_ids)

    @api.multi
    def action_dsa_licence_quote(self):
        self.ensure_one()
        action = self.env.ref('dsa_pricing.dsa_licence_quote_wizard_action').read()[0]
        action['context'] = {'default_partner_id': self.id}
        return action
