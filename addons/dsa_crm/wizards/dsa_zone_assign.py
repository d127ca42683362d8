from odoo import _, api, fields, models
from odoo.exceptions import UserError


class DsaZoneAssign(models.TransientModel):
    """Assigns a zone to many customers at once (Direction): the chosen zone, or
    the zone covering each customer's province."""

    _name = 'dsa.zone.assign'
    _description = 'Assign a zone to customers'

    mode = fields.Selection([
        ('zone', 'This zone'),
        ('province', 'The zone of their province'),
    ], string='Assign', required=True, default='zone')
    zone_id = fields.Many2one('dsa.zone', string='Zone')
    partner_ids = fields.Many2many(
        'res.partner', string='Customers',
        default=lambda self: self._default_partner_ids())

    @api.model
    def _default_partner_ids(self):
        if self.env.context.get('active_model') == 'res.partner':
            return [(6, 0, self.env.context.get('active_ids') or [])]
        return []

    @api.multi
    def action_assign(self):
        self.ensure_one()
        partners = self.partner_ids.mapped('commercial_partner_id')
        if self.mode == 'zone':
            if not self.zone_id:
                raise UserError(_('Choose the zone to assign.'))
            partners.write({'dsa_zone_id': self.zone_id.id})
            return {'type': 'ir.actions.act_window_close'}
        Zone = self.env['dsa.zone']
        by_zone = {}
        for partner in partners.filtered('state_id'):
            zone = Zone._dsa_zone_of_state(partner.state_id.id)
            if zone:
                by_zone.setdefault(zone.id, self.env['res.partner'])
                by_zone[zone.id] |= partner
        for zone_id, group in by_zone.items():
            group.write({'dsa_zone_id': zone_id})
        return {'type': 'ir.actions.act_window_close'}
