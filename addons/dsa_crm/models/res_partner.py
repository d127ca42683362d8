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

    @api.model
    def _default_dsa_zone_id(self):
        """Customers created by a zone-restricted user land in one of their zones."""
        zone_ids = self.env.user._dsa_crm_zone_ids()
        return zone_ids[0] if zone_ids else False

    @api.model
    def _commercial_fields(self):
        return super(ResPartner, self)._commercial_fields() + ['dsa_zone_id']

    @api.model
    def create(self, vals):
        if vals.get('parent_id'):
            parent = self.browse(vals['parent_id']).sudo()
            if not vals.get('is_company'):
                vals = dict(vals, dsa_zone_id=parent.commercial_partner_id.dsa_zone_id.id)
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
