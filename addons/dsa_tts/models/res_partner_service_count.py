from odoo import api, models


class ResPartner(models.Model):
    """The Service calls and Interventions buttons of the customer form open
    exactly what their counts (dsa_call_count, dsa_intervention_count) count."""
    _inherit = 'res.partner'

    @api.multi
    def action_view_dsa_calls(self):
        self.ensure_one()
        action = self.env.ref('dsa_tts.dsa_ticket_action').read()[0]
        action['domain'] = self._dsa_history_scope()['dsa.ticket']
        action['context'] = {'default_partner_id': self.id}
        return action

    @api.multi
    def action_view_dsa_interventions(self):
        self.ensure_one()
        action = self.env.ref('dsa_tts.project_task_action_dsa_intervention').read()[0]
        action['domain'] = self._dsa_history_scope()['project.task']
        action['context'] = {'default_partner_id': self.id}
        return action
