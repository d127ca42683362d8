from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


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
    state_ids = fields.Many2many(
        'res.country.state', 'dsa_zone_res_country_state_rel', 'zone_id', 'state_id',
        string='Provinces',
        help='New customers of these provinces get this zone, whichever way they are '
             'created (form, RPC, accounting import).')
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

    @api.constrains('state_ids', 'active')
    def _check_state_ids(self):
        for zone in self.filtered('active'):
            others = self.search([('id', '!=', zone.id), ('state_ids', 'in', zone.state_ids.ids)])
            if others:
                shared = zone.state_ids & others.mapped('state_ids')
                raise ValidationError(
                    _('The province %s is already covered by the zone "%s": a province '
                      'belongs to one zone only.') % (shared[0].name, others[0].name))

    @api.model
    def _dsa_zone_of_state(self, state_id):
        """The active zone covering a province (empty recordset if none)."""
        return self.sudo().search([('state_ids', 'in', [state_id])], limit=1)

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
