from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class DsaInterventionPlanWizard(models.TransientModel):
    """The dispatcher's planning dialog: team, technician, start and duration
    in one step, from an intervention or straight from a service call.

    ``project.task.action_dsa_plan`` stays the one place that plans (checks,
    calendar event, emails); the dialog only fills what it needs first.
    """
    _name = 'dsa.intervention.plan.wizard'
    _description = 'Plan an intervention'

    task_id = fields.Many2one('project.task', 'Intervention', ondelete='cascade')
    ticket_id = fields.Many2one('dsa.ticket', 'Service call', ondelete='cascade')
    team_id = fields.Many2one('dsa.team', 'Team', required=True)
    user_id = fields.Many2one(
        'res.users', 'Technician in charge',
        help='One of the team members; leave it empty to let the team share it.')
    start = fields.Datetime('Start', required=True, default=lambda self: self._default_start())
    duration = fields.Float(
        'Duration (hours)', required=True, default=2.0,
        help='Expected length of the visit; the planned end is the start plus this.')

    @api.model
    def _default_start(self):
        """The next full hour: a dispatcher rarely plans in the past."""
        now = fields.Datetime.from_string(fields.Datetime.now())
        return fields.Datetime.to_string(
            now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1))

    @api.model
    def default_get(self, field_names):
        """Start from what the intervention already has."""
        res = super(DsaInterventionPlanWizard, self).default_get(field_names)
        task = self.env['project.task'].browse(
            res.get('task_id') or self.env.context.get('default_task_id'))
        if task:
            if task.dsa_team_id:
                res['team_id'] = task.dsa_team_id.id
            if task.user_id:
                res['user_id'] = task.user_id.id
            if task.dsa_planned_start:
                res['start'] = task.dsa_planned_start
                if task.dsa_planned_end:
                    length = (fields.Datetime.from_string(task.dsa_planned_end)
                              - fields.Datetime.from_string(task.dsa_planned_start))
                    res['duration'] = length.total_seconds() / 3600.0
        return res

    @api.onchange('team_id')
    def _onchange_team_id(self):
        if self.user_id and self.user_id not in self.team_id.member_ids:
            self.user_id = False
        return {'domain': {'user_id': [('id', 'in', self.team_id.member_ids.ids)]}}

    @api.multi
    def action_plan(self):
        """Fill the intervention's planning fields and plan it."""
        self.ensure_one()
        self.env['project.task']._dsa_check_dispatcher()
        if self.duration <= 0:
            raise UserError(_('The duration must be more than zero hours.'))
        if self.user_id and self.user_id not in self.team_id.member_ids:
            raise UserError(_('%s is not a member of team %s.') % (
                self.user_id.name, self.team_id.name))
        task = self.task_id or self._create_intervention()
        start = fields.Datetime.from_string(self.start)
        task.write({
            'dsa_team_id': self.team_id.id,
            'user_id': self.user_id.id or task.user_id.id,
            'dsa_planned_start': self.start,
            'dsa_planned_end': fields.Datetime.to_string(
                start + timedelta(hours=self.duration)),
        })
        task.action_dsa_plan()
        return task._dsa_form_action()

    def _create_intervention(self):
        if not self.ticket_id:
            raise UserError(_('Choose the intervention or the service call to plan.'))
        action = self.ticket_id.action_plan_intervention()
        return self.env['project.task'].browse(action['res_id'])
