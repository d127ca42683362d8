from odoo import api, fields, models


class DsaZone(models.Model):
    """A sales zone: the unit of customer visibility for the sales force (CRM-1)."""

    _name = 'dsa.zone'
    _description = 'Sales zone'
    _inherit = ['mail.thread']
    _order = 'name'

    name = fields.Char(required=True, translate=True, track_visibility='onchange')
    code = fields.Char(index=True, track_visibility='onchange')
    active = fields.Boolean(default=True)
    agent_ids = fields.Many2many(
        'res.users', 'dsa_zone_res_users_rel', 'zone_id', 'user_id', string='Agents',
        help='Agents covering this zone.')
    partner_count = fields.Integer(compute='_compute_partner_count', string='Customers')
    note = fields.Text(string='Notes')

    _sql_constraints = [
        ('code_uniq', 'unique(code)', 'The zone code must be unique.'),
    ]

    @api.multi
    def _compute_partner_count(self):
        data = self.env['res.partner'].read_group(
            [('dsa_zone_id', 'in', self.ids), ('parent_id', '=', False)],
            ['dsa_zone_id'], ['dsa_zone_id'])
        counts = {d['dsa_zone_id'][0]: d['dsa_zone_id_count'] for d in data}
        for zone in self:
            zone.partner_count = counts.get(zone.id, 0)

    @api.model
    def create(self, vals):
        zone = super(DsaZone, self).create(vals)
        if vals.get('agent_ids'):
            self.env['ir.rule'].clear_caches()
        return zone

    @api.multi
    def write(self, vals):
        res = super(DsaZone, self).write(vals)
        if 'agent_ids' in vals or 'active' in vals:
            # record rules embed the zone ids of each user: recompute them
            self.env['ir.rule'].clear_caches()
        return res

    @api.multi
    def action_view_partners(self):
        self.ensure_one()
        action = self.env.ref('base.action_partner_form').read()[0]
        action['domain'] = [('dsa_zone_id', '=', self.id)]
        action['context'] = {'default_dsa_zone_id': self.id}
        return action
