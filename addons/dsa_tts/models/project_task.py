from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

KINDS = [
    ('corrective', 'Corrective'),
    ('preventive', 'Preventive'),
    ('extraordinary', 'Extraordinary'),
]

STATES = [
    ('draft', 'To plan'),
    ('planned', 'Planned'),
    ('done', 'Done'),
    ('cancelled', 'Cancelled'),
]

# fields that a change of re-plans the intervention (calendar event + emails)
PLANNING_FIELDS = ('dsa_planned_start', 'dsa_planned_end', 'dsa_team_id')
# fields frozen once the customer has signed the report
LOCKED_FIELDS = PLANNING_FIELDS + (
    'dsa_plant_id', 'dsa_kind', 'dsa_material_ids', 'timesheet_ids', 'dsa_work_report',
    'dsa_state', 'dsa_done_date', 'partner_id', 'project_id', 'dsa_ticket_id',
    'dsa_contract_id')


class ProjectTask(models.Model):
    """An intervention is a task of a field-service project (TTS-5, TTS-6).

    This file holds its fields, state and planning. Calendar and emails are in
    project_task_calendar.py, costing in project_task_costing.py, the report and
    its sign-off (TTS-7) in project_task_signoff.py on dsa_signoff_mixin.py.

    Its status and what its actions record are set by the actions only
    (``dsa.action.guard``): a technician refused Cancel cannot write the
    status either."""
    _name = 'project.task'
    _inherit = ['project.task', 'dsa.action.guard']

    dsa_is_intervention = fields.Boolean(
        'Intervention', related='project_id.dsa_field_service', store=True, readonly=True)
    dsa_plant_id = fields.Many2one(
        'dsa.plant', 'Plant', index=True, track_visibility='onchange')
    dsa_ticket_id = fields.Many2one(
        'dsa.ticket', 'Service call', index=True, track_visibility='onchange',
        ondelete='set null')
    dsa_kind = fields.Selection(
        KINDS, 'Intervention kind', default='corrective', track_visibility='onchange')
    dsa_planned_start = fields.Datetime(
        'Planned start', track_visibility='onchange', copy=False)
    dsa_planned_end = fields.Datetime('Planned end', track_visibility='onchange', copy=False)
    dsa_team_id = fields.Many2one(
        'dsa.team', 'Team', index=True, track_visibility='onchange')
    dsa_state = fields.Selection(
        STATES, 'Intervention status', default='draft', required=True, copy=False,
        track_visibility='onchange')
    dsa_event_id = fields.Many2one(
        'calendar.event', 'Calendar event', readonly=True, copy=False, ondelete='set null')
    dsa_material_ids = fields.One2many(
        'dsa.intervention.material', 'task_id', 'Materials', copy=False)
    dsa_work_report = fields.Text(
        'Work performed', help='The activities performed, as shown on the report.')
    dsa_done_date = fields.Date('Done on', readonly=True, copy=False)
    # service contract (TTS-9)
    dsa_contract_id = fields.Many2one(
        'dsa.service.contract', 'Service contract', index=True, ondelete='set null',
        track_visibility='onchange')
    dsa_preventive_date = fields.Date(
        'Preventive due date', readonly=True, copy=False,
        help='Due date of the contract schedule this preventive intervention comes from.')

    _sql_constraints = [
        ('dsa_preventive_unique',
         'unique(dsa_contract_id, dsa_plant_id, dsa_preventive_date)',
         'There is already a preventive intervention for this contract, plant and date.'),
    ]

    @api.constrains('dsa_contract_id', 'dsa_plant_id')
    def _check_dsa_contract_plant(self):
        """The contract decides discounts and whether the intervention is billed:
        it must be one that covers the intervention's plant."""
        for task in self.sudo():
            contract = task.dsa_contract_id
            if contract and task.dsa_plant_id and task.dsa_plant_id not in contract.plant_ids:
                raise ValidationError(_(
                    'Intervention %s: the service contract %s does not cover the plant %s.')
                    % (task.name, contract.display_name, task.dsa_plant_id.display_name))

    @api.constrains('dsa_planned_start', 'dsa_planned_end')
    def _check_dsa_planning_dates(self):
        for task in self:
            if task.dsa_planned_start and task.dsa_planned_end and \
                    task.dsa_planned_end <= task.dsa_planned_start:
                raise ValidationError(_(
                    'Intervention %s: the planned end must be after the planned start.')
                    % task.name)

    @api.multi
    def _compute_portal_url(self):
        super(ProjectTask, self)._compute_portal_url()
        for task in self.filtered('dsa_is_intervention'):
            task.portal_url = '/my/intervention/%s' % task.id

    @api.model
    def _dsa_find_contract(self, plant_id, date=None):
        """The running service contract covering ``plant_id`` on ``date`` (today)."""
        if not plant_id:
            return self.env['dsa.service.contract']
        date = (date or fields.Date.context_today(self))[:10]
        return self.env['dsa.service.contract'].sudo().search([
            ('state', '=', 'running'), ('plant_ids', 'in', [plant_id]),
            ('date_start', '<=', date),
            '|', ('date_end', '=', False), ('date_end', '>=', date)],
            order='date_start desc, id desc', limit=1)

    @api.onchange('dsa_ticket_id')
    def _onchange_dsa_ticket_id(self):
        ticket = self.dsa_ticket_id
        if ticket:
            self.partner_id = self.partner_id or ticket.partner_id
            self.dsa_plant_id = self.dsa_plant_id or ticket.plant_id

    @api.onchange('dsa_plant_id')
    def _onchange_dsa_plant_id(self):
        plant = self.dsa_plant_id
        if plant and not self.partner_id:
            self.partner_id = plant.maintenance_contact_id or plant.partner_id
        if plant and not self.dsa_contract_id:
            contract = self._dsa_find_contract(plant.id, self.dsa_planned_start)
            self.dsa_contract_id = contract.id or False

    @api.model
    def _dsa_action_fields(self):
        """Status, done date, calendar event and preventive due date are the
        actions' (and the contract schedule's): see ``dsa.action.guard``."""
        res = super(ProjectTask, self)._dsa_action_fields()
        res.update({
            'dsa_state': _('the buttons Plan, Cancel intervention, Close intervention or '
                           'Reopen (action_dsa_plan, action_dsa_cancel, action_dsa_done, '
                           'action_dsa_reopen)'),
            'dsa_done_date': _('the button Close intervention (action_dsa_done)'),
            'dsa_event_id': _('the button Plan (action_dsa_plan)'),
            'dsa_preventive_date': _('the preventive schedule of the service contract'),
        })
        return res

    # ------------------------------------------------------------------ CRUD

    @api.model
    def create(self, vals):
        if vals.get('dsa_ticket_id'):
            ticket = self.env['dsa.ticket'].browse(vals['dsa_ticket_id'])
            vals.setdefault('partner_id', ticket.partner_id.id)
            vals.setdefault('dsa_plant_id', ticket.plant_id.id)
        if vals.get('dsa_plant_id') and 'dsa_contract_id' not in vals:
            contract = self._dsa_find_contract(
                vals['dsa_plant_id'], vals.get('dsa_planned_start'))
            vals['dsa_contract_id'] = contract.id or False
        return super(ProjectTask, self).create(vals)

    @api.multi
    def write(self, vals):
        before = {}
        if set(vals) & set(PLANNING_FIELDS):
            for task in self.filtered(lambda t: t.dsa_state == 'planned'):
                before[task.id] = (task._dsa_planning_key(),
                                   task._dsa_technician_partners())
        res = super(ProjectTask, self).write(vals)
        if ('dsa_planned_start' in vals or 'dsa_plant_id' in vals) \
                and 'dsa_contract_id' not in vals:
            self._dsa_relink_contract()
        for task in self.filtered(lambda t: t.id in before):
            key, old_partners = before[task.id]
            if task._dsa_planning_key() != key:
                task._dsa_check_plannable()
                task._dsa_sync_event()
                task._dsa_notify('changed', extra_partners=old_partners)
        return res

    @api.multi
    def unlink(self):
        self.mapped('dsa_event_id').sudo().unlink()
        return super(ProjectTask, self).unlink()

    # ------------------------------------------------------------------ planning

    @api.multi
    def _dsa_planning_key(self):
        self.ensure_one()
        return (self.dsa_planned_start, self.dsa_planned_end, self.dsa_team_id.id)

    @api.multi
    def _dsa_check_plannable(self):
        for task in self:
            if not task.dsa_is_intervention:
                raise UserError(_(
                    'Task %s is not in a field-service project.') % task.name)
            missing = [label for label, value in (
                (_('planned start'), task.dsa_planned_start),
                (_('planned end'), task.dsa_planned_end),
                (_('team'), task.dsa_team_id)) if not value]
            if missing:
                raise UserError(_('Intervention %s cannot be planned without: %s.') % (
                    task.name, ', '.join(missing)))
            if not task.dsa_team_id.member_ids:
                raise UserError(_('Team %s has no members.') % task.dsa_team_id.name)

    def _dsa_check_dispatcher(self):
        """Planning and cancelling are the dispatcher's: the buttons are hidden
        from technicians, and this refuses the call over RPC too."""
        if not self.env.user.has_group('dsa_tts.group_manager'):
            raise AccessError(_('Only a Field Service manager can plan or cancel interventions.'))

    @api.multi
    def action_dsa_plan_dialog(self):
        """The Plan button: a small dialog asks for what planning needs."""
        self.ensure_one()
        self._dsa_check_dispatcher()
        return {
            'type': 'ir.actions.act_window',
            'name': _('Plan the intervention'),
            'res_model': 'dsa.intervention.plan.wizard',
            'view_mode': 'form',
            'views': [(False, 'form')],
            'target': 'new',
            'context': {'default_task_id': self.id},
        }

    @api.multi
    def _dsa_form_action(self):
        """Open the intervention in its field-service form."""
        self.ensure_one()
        return {
            'type': 'ir.actions.act_window',
            'res_model': 'project.task',
            'res_id': self.id,
            'view_mode': 'form',
            'views': [(self.env.ref('dsa_tts.project_task_view_form_dsa').id, 'form')],
            'target': 'current',
        }

    @api.multi
    def action_dsa_plan(self):
        """Plan the intervention: calendar event with the team and the customer
        contact, emails to all of them."""
        self._dsa_check_dispatcher()
        self._dsa_check_plannable()
        for task in self:
            if task.dsa_state not in ('draft', 'cancelled'):
                raise UserError(_('Intervention %s is already planned.') % task.name)
            vals = {'dsa_state': 'planned'}
            stage = self.env.ref('dsa_tts.project_task_type_dsa_planned',
                                 raise_if_not_found=False)
            if stage:
                vals['stage_id'] = stage.id
            task._dsa_action_write(vals)
            task._dsa_sync_event()
            task._dsa_notify('planned')
        return True

    @api.multi
    def action_dsa_cancel(self):
        self._dsa_check_dispatcher()
        for task in self:
            if task.dsa_state == 'done':
                raise UserError(_(
                    'Intervention %s is done: reopen it before cancelling it.') % task.name)
            was_planned = task.dsa_state == 'planned'
            vals = {'dsa_state': 'cancelled'}
            stage = self.env.ref('dsa_tts.project_task_type_dsa_cancelled',
                                 raise_if_not_found=False)
            if stage:
                vals['stage_id'] = stage.id
            task._dsa_action_write(vals)
            if was_planned:
                task._dsa_notify('cancelled')
            task.dsa_event_id.sudo().unlink()
        return True

    @api.multi
    def action_dsa_done(self):
        """Mark the intervention done and apply its materials to the plant
        structure. Each material line is applied once: closing again, or
        reopening and closing, changes nothing already applied."""
        for task in self:
            if task.dsa_state == 'cancelled':
                raise UserError(_('Intervention %s is cancelled.') % task.name)
            if task.dsa_material_ids and not task.dsa_plant_id:
                raise UserError(_(
                    'Intervention %s has materials but no plant.') % task.name)
            if task.dsa_state != 'done':
                vals = {'dsa_state': 'done',
                        'dsa_done_date': fields.Date.context_today(task)}
                stage = self.env.ref('dsa_tts.project_task_type_dsa_done',
                                     raise_if_not_found=False)
                if stage:
                    vals['stage_id'] = stage.id
                task._dsa_action_write(vals)
                task._dsa_close_planning_activity()
            task.dsa_material_ids._apply_to_plant()
        return True

    @api.multi
    def _dsa_close_planning_activity(self):
        """The calendar puts an activity on the intervention for its event: once
        the intervention is done, that activity is done too (not overdue)."""
        for task in self:
            activities = task.activity_ids.filtered(
                lambda a: a.calendar_event_id and a.calendar_event_id == task.dsa_event_id)
            if activities:
                activities.action_feedback(feedback=_('Intervention done.'))

    @api.multi
    def action_dsa_reopen(self):
        for task in self:
            if task.dsa_signed_on:
                raise UserError(_(
                    'Intervention %s is signed by the customer and cannot be reopened.')
                    % task.name)
            task._dsa_action_write(
                {'dsa_state': 'planned' if task.dsa_planned_start else 'draft'})
            task._dsa_signoff_reset()
        return True
