from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = 'res.partner'

    dsa_plant_ids = fields.One2many('dsa.plant', 'partner_id', 'Plants')
    dsa_plant_count = fields.Integer('Plants', compute='_compute_dsa_plant_count')

    @api.multi
    def _compute_dsa_plant_count(self):
        Plant = self.env['dsa.plant']
        if not Plant.check_access_rights('read', raise_exception=False):
            for partner in self:
                partner.dsa_plant_count = 0
            return
        for partner in self:
            # the plants of the partner and of its contacts
            partner.dsa_plant_count = Plant.search_count(
                [('partner_id', 'child_of', partner.id)]) if partner.id else 0

    @api.multi
    def action_view_dsa_plants(self):
        self.ensure_one()
        action = self.env.ref('dsa_tts.dsa_plant_action').read()[0]
        action['domain'] = [('partner_id', 'child_of', self.id)]
        action['context'] = {'default_partner_id': self.id}
        return action
