from odoo import api, models


class ResUsers(models.Model):
    _inherit = 'res.users'

    @api.multi
    def _dsa_crm_tts_unrestricted(self):
        """Technicians and service managers work for every customer: the zones
        of the sales force never hide service data from them."""
        user = self[:1] or self.env.user
        return user.has_group('dsa_tts.group_technician') or user._dsa_crm_unrestricted()

    @api.multi
    def _dsa_crm_tts_zone_domain(self, zone_path='dsa_zone_id'):
        """Record rule domain of the service models (see dsa_crm_tts_rules.xml):
        the zone domain of dsa_crm, empty for technicians and service managers."""
        if self._dsa_crm_tts_unrestricted():
            return []
        return self._dsa_crm_zone_domain(zone_path)
