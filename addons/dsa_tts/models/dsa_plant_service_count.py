from odoo import api, fields, models


class DsaPlant(models.Model):
    """Counts on the Service calls and Interventions buttons of the plant form."""
    _inherit = 'dsa.plant'

    dsa_ticket_count = fields.Integer('Service calls', compute='_compute_dsa_service_counts')
    dsa_task_count = fields.Integer('Interventions', compute='_compute_dsa_service_counts')

    @api.model
    def _dsa_count_by(self, model, field, domain):
        """{plant id: number of ``model`` records the user can read}."""
        Model = self.env[model]
        if not self.ids or not Model.check_access_rights('read', raise_exception=False):
            return {}
        data = Model.read_group(domain + [(field, 'in', self.ids)], [field], [field])
        return {d[field][0]: d['%s_count' % field] for d in data}

    @api.multi
    def _compute_dsa_service_counts(self):
        tickets = self._dsa_count_by('dsa.ticket', 'plant_id', [])
        tasks = self._dsa_count_by('project.task', 'dsa_plant_id',
                                   [('dsa_is_intervention', '=', True)])
        for plant in self:
            plant.dsa_ticket_count = tickets.get(plant.id, 0)
            plant.dsa_task_count = tasks.get(plant.id, 0)

    @api.multi
    def action_view_dsa_tickets(self):
        self.ensure_one()
        action = self.env.ref('dsa_tts.dsa_ticket_action').read()[0]
        action['domain'] = [('plant_id', '=', self.id)]
        action['context'] = {'default_plant_id': self.id,
                             'default_partner_id': self.partner_id.id}
        return action

    @api.multi
    def action_view_dsa_interventions(self):
        self.ensure_one()
        action = self.env.ref('dsa_tts.project_task_action_dsa_intervention').read()[0]
        action['domain'] = [('dsa_is_intervention', '=', True), ('dsa_plant_id', '=', self.id)]
        action['context'] = dict(self.env.context, default_dsa_plant_id=self.id)
        return action
