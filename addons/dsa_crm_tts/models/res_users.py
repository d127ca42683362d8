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

    @api.multi
    def _dsa_crm_event_domain(self, prefix=''):
        """The events of interventions are for the intervention rule to judge
        (dsa_crm_tts_rules.xml): those of the user's zones, all of them for
        technicians. The attendees' rule has no such rule behind it, so the
        zone is part of the clause."""
        domain = super(ResUsers, self)._dsa_crm_event_domain(prefix)
        if not domain:
            return domain
        service = [(prefix + 'dsa_task_ids', '!=', False)]
        if not self._dsa_crm_tts_unrestricted():
            service = ['&'] + service + self._dsa_crm_zone_domain(
                prefix + 'dsa_task_ids.dsa_zone_id')
        return ['|'] + service + domain
