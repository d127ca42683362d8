from odoo import api, models


class ProjectTask(models.Model):
    """An intervention planned is the first response to its call; one done
    is its resolution (issue 26)."""
    _inherit = 'project.task'

    @api.multi
    def write(self, vals):
        res = super(ProjectTask, self).write(vals)
        state = vals.get('dsa_state')
        if state in ('planned', 'done'):
            tickets = self.mapped('dsa_ticket_id').sudo()
            tickets._dsa_sla_mark(responded=True, resolved=state == 'done')
        return res
