from odoo import _, api, fields, models
from odoo.exceptions import UserError


class DsaPlant(models.Model):
    """A customer's installation (TTS-1) and its component history (TTS-2)."""
    _name = 'dsa.plant'
    _inherit = ['mail.thread', 'mail.activity.mixin']
    _description = 'Plant'
    _order = 'code desc, id desc'

    name = fields.Char(required=True, track_visibility='onchange')
    code = fields.Char(
        required=True, readonly=True, copy=False, default='/', index=True,
        help='Unique plant code, given by a sequence when the plant is created.')
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        'res.company', 'Company', required=True,
        default=lambda self: self.env.user.company_id)
    partner_id = fields.Many2one(
        'res.partner', 'Customer', required=True, index=True, ondelete='restrict',
        track_visibility='onchange')
    # site address
    street = fields.Char('Street')
    street2 = fields.Char('Street 2')
    zip = fields.Char('ZIP')
    city = fields.Char('City')
    state_id = fields.Many2one('res.country.state', 'Province', ondelete='restrict')
    country_id = fields.Many2one('res.country', 'Country', ondelete='restrict')
    maintenance_contact_id = fields.Many2one(
        'res.partner', 'Maintenance contact', ondelete='set null',
        track_visibility='onchange',
        help="The customer's person in charge of the plant's maintenance.")
    admin_contact_id = fields.Many2one(
        'res.partner', 'Administrative contact', ondelete='set null',
        track_visibility='onchange',
        help='The person who receives quotes, contracts and invoices about the plant.')
    # internal: never shown on the portal, not readable by portal users
    notes = fields.Text('Internal notes', groups='base.group_user')
    component_ids = fields.One2many(
        'dsa.plant.component', 'plant_id', 'Component history',
        help='Every component ever installed in the plant, removed ones included.')
    current_component_ids = fields.One2many(
        'dsa.plant.component', 'plant_id', 'Current structure',
        domain=[('date_removed', '=', False)],
        help='The components installed now.')
    # The form shows the history through this computed field: reading the
    # one2many above loads every line (to group them by plant), which costs
    # one more query per 1,000 lines; this one runs a single id search.
    history_component_ids = fields.Many2many(
        'dsa.plant.component', string='History', compute='_compute_history_component_ids',
        help='Every component ever installed in the plant, with the dates it went in '
             'and came out.')
    component_count = fields.Integer(
        'Components installed', compute='_compute_component_count')
    contract_count = fields.Integer(
        'Service contracts', compute='_compute_contract_count')
    access_url = fields.Char('Portal URL', compute='_compute_access_url')

    _sql_constraints = [
        ('code_uniq', 'unique (code)', 'The plant code must be unique.'),
    ]

    @api.multi
    def _compute_component_count(self):
        # one grouped query for the whole recordset, whatever the history size
        data = self.env['dsa.plant.component'].read_group(
            [('plant_id', 'in', self.ids), ('date_removed', '=', False)],
            ['plant_id'], ['plant_id'])
        counts = {d['plant_id'][0]: d['plant_id_count'] for d in data}
        for plant in self:
            plant.component_count = counts.get(plant.id, 0)

    @api.multi
    def _compute_history_component_ids(self):
        Component = self.env['dsa.plant.component']
        for plant in self:
            # one indexed query per plant whatever the history size; the lines
            # themselves are read by the form's list, one page at a time
            plant.history_component_ids = (
                Component.search([('plant_id', '=', plant.id)]) if plant.id else Component)

    @api.multi
    def _compute_access_url(self):
        for plant in self:
            plant.access_url = '/my/plants/%s' % plant.id

    @api.onchange('partner_id')
    def _onchange_partner_id(self):
        """Propose the customer's address as the site address."""
        partner = self.partner_id
        if partner and not (self.street or self.city):
            self.street = partner.street
            self.street2 = partner.street2
            self.zip = partner.zip
            self.city = partner.city
            self.state_id = partner.state_id
            self.country_id = partner.country_id

    @api.model
    def create(self, vals):
        if not vals.get('code') or vals['code'] == '/':
            vals['code'] = self.env['ir.sequence'].next_by_code('dsa.plant') or '/'
        return super(DsaPlant, self).create(vals)

    @api.multi
    def name_get(self):
        return [(plant.id, '[%s] %s' % (plant.code, plant.name)) for plant in self]

    @api.model
    def name_search(self, name='', args=None, operator='ilike', limit=100):
        args = list(args or [])
        if name:
            args = ['|', ('code', operator, name), ('name', operator, name)] + args
        return self.search(args, limit=limit).name_get()

    @api.multi
    def components_at(self, date):
        """Return the ids of the components installed in these plants on ``date``.

        Boundary rule: a component counts on the days ``date_installed <= day``
        and (``date_removed`` is empty or ``day < date_removed``).  On the day of
        a replacement the new component counts and the old one does not; a
        component removed on day X is no longer there on day X.

        One SQL query whatever the size of the history (date columns are indexed).
        """
        if not date:
            raise UserError(_('Give the date of the configuration you want to see.'))
        date = fields.Date.to_string(fields.Date.from_string(date))
        return self.env['dsa.plant.component'].search([
            ('plant_id', 'in', self.ids),
            ('date_installed', '<=', date),
            '|', ('date_removed', '=', False), ('date_removed', '>', date),
        ]).ids

    @api.multi
    def _compute_contract_count(self):
        Contract = self.env['dsa.service.contract'].sudo()
        for plant in self:
            plant.contract_count = Contract.search_count([('plant_ids', 'in', plant.ids)])

    @api.multi
    def action_view_contracts(self):
        self.ensure_one()
        action = self.env.ref('dsa_tts.dsa_service_contract_action').read()[0]
        action['domain'] = [('plant_ids', 'in', self.ids)]
        action['context'] = {'default_partner_id': self.partner_id.id,
                             'default_plant_ids': [(6, 0, self.ids)]}
        return action

    @api.multi
    def action_view_components(self):
        self.ensure_one()
        action = self.env.ref('dsa_tts.dsa_plant_component_action').read()[0]
        action['domain'] = [('plant_id', '=', self.id)]
        action['context'] = {'default_plant_id': self.id, 'search_default_current': 1}
        return action

    @api.multi
    def action_configuration_on_date(self):
        self.ensure_one()
        return {
            'type': 'ir.actions.act_window',
            'name': _('Configuration on date'),
            'res_model': 'dsa.plant.configuration.wizard',
            'view_mode': 'form',
            'view_type': 'form',
            'target': 'new',
            'context': {'default_plant_id': self.id},
        }
