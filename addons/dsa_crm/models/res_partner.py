from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError


class ResPartner(models.Model):
    _inherit = 'res.partner'

    # Stored on every partner and synchronised from the commercial partner through
    # _commercial_fields(): contact persons carry their company's zone, so the
    # record rules compare one indexed column and moving a customer moves its
    # contacts in the same transaction (no recompute job).
    dsa_zone_id = fields.Many2one(
        'dsa.zone', string='Zone', index=True, ondelete='restrict',
        default=lambda self: self._default_dsa_zone_id(), track_visibility='onchange',
        help='Sales zone of the customer. Contact persons follow their company.')
    dsa_contact_log_ids = fields.One2many(
        'dsa.contact.log', 'commercial_partner_id', string='Contact log',
        groups='dsa_crm.group_agent,dsa_crm.group_administration')
    dsa_contact_log_count = fields.Integer(
        compute='_compute_dsa_contact_log_count', string='Contact log entries',
        groups='dsa_crm.group_agent,dsa_crm.group_administration')
    dsa_revenue_total = fields.Float(
        compute='_compute_dsa_revenue_total', string='Revenue',
        groups='dsa_crm.group_agent,dsa_crm.group_administration',
        help='Untaxed revenue of the imported invoices (CRM-9).')

    @api.model
    def _default_dsa_zone_id(self):
        """Customers created by a zone-restricted user land in one of their zones."""
        zone_ids = self.env.user._dsa_crm_zone_ids()
        return zone_ids[0] if zone_ids else False

    @api.multi
    def _compute_dsa_contact_log_count(self):
        data = self.env['dsa.contact.log'].read_group(
            [('commercial_partner_id', 'in', self.ids)],
            ['commercial_partner_id'], ['commercial_partner_id'])
        counts = {d['commercial_partner_id'][0]: d['commercial_partner_id_count'] for d in data}
        for partner in self:
            partner.dsa_contact_log_count = counts.get(partner.commercial_partner_id.id, 0)

    @api.multi
    def _compute_dsa_revenue_total(self):
        data = self.env['dsa.crm.revenue.report'].read_group(
            [('partner_id', 'in', self.mapped('commercial_partner_id').ids)],
            ['partner_id', 'amount'], ['partner_id'])
        totals = {d['partner_id'][0]: d['amount'] for d in data}
        for partner in self:
            partner.dsa_revenue_total = totals.get(partner.commercial_partner_id.id, 0.0)

    @api.model
    def _commercial_fields(self):
        return super(ResPartner, self)._commercial_fields() + ['dsa_zone_id']

    @api.model
    def create(self, vals):
        if vals.get('parent_id'):
            parent = self.browse(vals['parent_id']).sudo()
            if not vals.get('is_company'):
                vals = dict(vals, dsa_zone_id=parent.commercial_partner_id.dsa_zone_id.id)
        elif 'dsa_zone_id' not in vals and vals.get('state_id'):
            zone = self.env['dsa.zone']._dsa_zone_of_state(vals['state_id'])
            zone_ids = self.env.user._dsa_crm_zone_ids()
            if zone and (zone_ids is False or zone.id in zone_ids):
                vals = dict(vals, dsa_zone_id=zone.id)
        self._dsa_check_zone_allowed(vals)
        return super(ResPartner, self).create(vals)

    @api.multi
    def write(self, vals):
        self._dsa_check_zone_allowed(vals)
        res = super(ResPartner, self).write(vals)
        if self.env.uid != SUPERUSER_ID and self.env.user._dsa_crm_zone_ids() is not False:
            # rules are checked before a write only: a customer moved out of the
            # user's zones (zone emptied, new parent company) is refused too
            self.check_access_rule('write')
        return res

    @api.model
    def _dsa_check_zone_allowed(self, vals):
        """A zone-restricted user cannot move a customer to a zone outside their scope."""
        if not vals.get('dsa_zone_id') or self.env.uid == SUPERUSER_ID:
            return
        zone_ids = self.env.user._dsa_crm_zone_ids()
        if zone_ids is not False and vals['dsa_zone_id'] not in zone_ids:
            zone = self.env['dsa.zone'].sudo().browse(vals['dsa_zone_id'])
            raise AccessError(
                _('You cannot assign a customer to the zone "%s": it is not one of your zones.')
                % zone.display_name)

    @api.model
    def _dsa_after_fast_insert(self, partner_ids):
        """Customers inserted by the importer's batch INSERT get the zone of their
        province, like those created through create(). One UPDATE for the batch:
        the rows were just inserted without the ORM, so no cache holds them."""
        res = super(ResPartner, self)._dsa_after_fast_insert(partner_ids)
        if partner_ids:
            self.env.cr.execute("""
                UPDATE res_partner p SET dsa_zone_id = rel.zone_id
                  FROM dsa_zone_res_country_state_rel rel
                  JOIN dsa_zone z ON z.id = rel.zone_id AND z.active
                 WHERE p.id IN %s AND p.dsa_zone_id IS NULL AND p.state_id = rel.state_id
            """, (tuple(partner_ids),))
            self.browse(partner_ids).invalidate_cache(['dsa_zone_id'])
        return res

    # ------------------------------------------------------------------
    # Contact log (CRM-5)
    # ------------------------------------------------------------------
    @api.multi
    def action_dsa_log_visit(self):
        return self._dsa_log_action('visit')

    @api.multi
    def action_dsa_log_call(self):
        return self._dsa_log_action('call')

    @api.multi
    def _dsa_log_action(self, kind):
        """Quick entry form of a contact log for this customer."""
        self.ensure_one()
        return {
            'type': 'ir.actions.act_window',
            'name': _('Log a visit') if kind == 'visit' else _('Log a call'),
            'res_model': 'dsa.contact.log',
            'view_mode': 'form',
            'view_id': self.env.ref('dsa_crm.dsa_contact_log_view_form_quick').id,
            'target': 'new',
            'context': {'default_partner_id': self.id, 'default_kind': kind},
        }

    @api.multi
    def action_dsa_view_contact_logs(self):
        self.ensure_one()
        action = self.env.ref('dsa_crm.dsa_contact_log_action').read()[0]
        action['domain'] = [('commercial_partner_id', '=', self.commercial_partner_id.id)]
        action['context'] = {'default_partner_id': self.id}
        return action

    @api.multi
    def action_dsa_view_revenue(self):
        self.ensure_one()
        action = self.env.ref('dsa_crm.dsa_crm_revenue_report_action').read()[0]
        action['domain'] = [('partner_id', '=', self.commercial_partner_id.id)]
        action['context'] = {'search_default_group_year': 1}
        return action
