from odoo import api, models

from odoo.addons.dsa_crm.models.res_partner_card import CARD_ROWS


class ResPartner(models.Model):
    """The service part of the customer card (CRM-8), when TTS is installed."""
    _inherit = 'res.partner'

    @api.multi
    def dsa_card_data(self):
        data = super(ResPartner, self).dsa_card_data()
        partner = self.commercial_partner_id
        data['service'] = partner._dsa_card_service()
        return data

    @api.multi
    def _dsa_card_service(self):
        """Open calls, planned and recent interventions, plants and running
        contracts: searches with a limit and counts, read with the caller's
        rights (the zone rules of this addon)."""
        customer = [('partner_id', 'child_of', self.id)]
        task = [('dsa_is_intervention', '=', True), '|',
                ('dsa_plant_id.partner_id', 'child_of', self.id),
                ('partner_id', 'child_of', self.id)]
        card_list = self._dsa_card_list
        return {
            'calls': card_list(
                'dsa.ticket', customer + [('is_closed', '=', False)],
                ['name', 'subject', 'stage_id', 'plant_id', 'create_date'],
                'create_date desc, id desc'),
            'interventions_planned': card_list(
                'project.task', task + [('dsa_state', '=', 'planned')],
                ['name', 'dsa_planned_start', 'dsa_team_id', 'dsa_plant_id', 'dsa_kind'],
                'dsa_planned_start, id'),
            'interventions_recent': card_list(
                'project.task', task + [('dsa_state', '=', 'done')],
                ['name', 'dsa_done_date', 'dsa_plant_id', 'dsa_kind'],
                'dsa_done_date desc, id desc'),
            'plants': card_list(
                'dsa.plant', customer, ['name', 'code', 'city'], 'name, id', limit=CARD_ROWS),
            'contracts': card_list(
                'dsa.service.contract', customer + [('state', '=', 'running')],
                ['name', 'date_start', 'date_end'], 'date_start desc, id desc'),
        }

    @api.multi
    def _dsa_card_service_action(self, xmlid, domain):
        self.ensure_one()
        action = self.env.ref(xmlid).read()[0]
        action['domain'] = domain
        action['context'] = {'create': False}
        return action

    @api.multi
    def action_dsa_card_calls(self):
        return self._dsa_card_service_action(
            'dsa_tts.dsa_ticket_action',
            [('partner_id', 'child_of', self.commercial_partner_id.id)])

    @api.multi
    def action_dsa_card_interventions(self):
        pid = self.commercial_partner_id.id
        return self._dsa_card_service_action(
            'dsa_tts.project_task_action_dsa_intervention',
            ['|', ('dsa_plant_id.partner_id', 'child_of', pid), ('partner_id', 'child_of', pid)])

    @api.multi
    def action_dsa_card_contracts(self):
        return self._dsa_card_service_action(
            'dsa_tts.dsa_service_contract_action',
            [('partner_id', 'child_of', self.commercial_partner_id.id)])
