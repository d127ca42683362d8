import logging

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

_logger = logging.getLogger(__name__)

CONTRACT_STATES = [
    ('draft', 'Draft'),
    ('running', 'Running'),
    ('expired', 'Expired'),
    ('cancelled', 'Cancelled'),
]

PREVENTIVE_UNITS = [
    ('days', 'Days'),
    ('weeks', 'Weeks'),
    ('months', 'Months'),
    ('years', 'Years'),
]

# contracts read per batch by the preventive cron
CRON_BATCH = 100
# at most this many overdue periods are caught up per contract and run
MAX_CATCH_UP = 60


class DsaServiceContract(models.Model):
    """A maintenance contract on some plants of a customer (TTS-9).

    It gives discounts on extraordinary interventions and carries a preventive
    schedule: the daily cron ``_cron_preventive_interventions`` creates one
    preventive intervention per plant and due date."""
    _name = 'dsa.service.contract'
    _description = 'Service contract'
    _inherit = ['mail.thread', 'mail.activity.mixin']
    _order = 'date_start desc, id desc'

    name = fields.Char(
        'Number', required=True, readonly=True, copy=False, default='/', index=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        'res.company', 'Company', required=True,
        default=lambda self: self.env.user.company_id)
    partner_id = fields.Many2one(
        'res.partner', 'Customer', required=True, index=True, ondelete='restrict',
        track_visibility='onchange')
    plant_ids = fields.Many2many(
        'dsa.plant', 'dsa_service_contract_plant_rel', 'contract_id', 'plant_id',
        'Plants', help="Plants covered by the contract: plants of the customer only.")
    date_start = fields.Date(
        'Start date', required=True, default=fields.Date.context_today,
        track_visibility='onchange')
    date_end = fields.Date(
        'End date', track_visibility='onchange',
        help='Last day covered; leave empty for an open-ended contract.')
    labour_discount = fields.Float(
        'Labour discount (%)', digits=(16, 2), track_visibility='onchange',
        help='Discount on labour of extraordinary interventions.')
    material_discount = fields.Float(
        'Material discount (%)', digits=(16, 2), track_visibility='onchange',
        help='Discount on materials of extraordinary interventions.')
    state = fields.Selection(
        CONTRACT_STATES, 'Status', default='draft', required=True, copy=False,
        track_visibility='onchange')
    preventive_interval = fields.Integer(
        'Preventive every', track_visibility='onchange',
        help='Interval between preventive interventions; 0 means no preventive schedule.')
    preventive_unit = fields.Selection(
        PREVENTIVE_UNITS, 'Preventive unit', default='months', required=True)
    next_preventive_date = fields.Date(
        'Next preventive', copy=False, track_visibility='onchange',
        help='Due date of the next preventive interventions (one per plant).')
    dsa_team_id = fields.Many2one(
        'dsa.team', 'Preventive team',
        help='Team given to the preventive interventions created by the schedule.')
    notes = fields.Text('Terms and notes')
    task_ids = fields.One2many('project.task', 'dsa_contract_id', 'Interventions')
    task_count = fields.Integer('Interventions', compute='_compute_task_count')

    @api.multi
    def _compute_task_count(self):
        data = self.env['project.task'].read_group(
            [('dsa_contract_id', 'in', self.ids)], ['dsa_contract_id'], ['dsa_contract_id'])
        counts = {d['dsa_contract_id'][0]: d['dsa_contract_id_count'] for d in data}
        for contract in self:
            contract.task_count = counts.get(contract.id, 0)

    # ------------------------------------------------------------------ constraints

    @api.constrains('date_start', 'date_end')
    def _check_dates(self):
        for contract in self:
            if contract.date_end and contract.date_end < contract.date_start:
                raise ValidationError(_(
                    'Contract %s: the end date must not be before the start date.')
                    % contract.name)

    @api.constrains('labour_discount', 'material_discount')
    def _check_discounts(self):
        for contract in self:
            for label, value in ((_('labour discount'), contract.labour_discount),
                                 (_('material discount'), contract.material_discount)):
                if value < 0 or value > 100:
                    raise ValidationError(_(
                        'Contract %s: the %s must be between 0 and 100%%.')
                        % (contract.name, label))

    @api.constrains('preventive_interval')
    def _check_preventive_interval(self):
        for contract in self:
            if contract.preventive_interval < 0:
                raise ValidationError(_(
                    'Contract %s: the preventive interval must be a positive number.')
                    % contract.name)

    @api.constrains('partner_id', 'plant_ids')
    def _check_plants(self):
        for contract in self:
            contract._dsa_check_plant_owners()

    @api.multi
    def _dsa_check_plant_owners(self):
        self.ensure_one()
        customer = self.partner_id.commercial_partner_id
        for plant in self.sudo().plant_ids:
            if plant.partner_id.commercial_partner_id != customer:
                raise ValidationError(_(
                    'Contract %s: plant %s belongs to %s, not to the customer %s.') % (
                    self.name, plant.display_name, plant.partner_id.display_name,
                    self.partner_id.display_name))

    # ------------------------------------------------------------------ CRUD

    @api.model
    def create(self, vals):
        if not vals.get('name') or vals['name'] == '/':
            vals['name'] = self.env['ir.sequence'].next_by_code('dsa.service.contract') or '/'
        return super(DsaServiceContract, self).create(vals)

    @api.onchange('partner_id')
    def _onchange_partner_id(self):
        customer = self.partner_id.commercial_partner_id
        self.plant_ids = self.plant_ids.filtered(
            lambda p: p.partner_id.commercial_partner_id == customer)

    # ------------------------------------------------------------------ actions

    @api.multi
    def action_activate(self):
        for contract in self:
            if contract.state != 'draft':
                raise UserError(_('Contract %s is not a draft.') % contract.name)
            if not contract.plant_ids:
                raise UserError(_('Contract %s covers no plant.') % contract.name)
            vals = {'state': 'running'}
            if contract.preventive_interval and not contract.next_preventive_date:
                # first schedule date from today on: no backlog for an old start date
                today = fields.Date.from_string(fields.Date.context_today(contract))
                vals['next_preventive_date'] = fields.Date.to_string(
                    contract._dsa_next_grid_date(today, strict=False))
            contract.write(vals)
        return True

    @api.multi
    def action_cancel(self):
        self.write({'state': 'cancelled'})
        return True

    @api.multi
    def action_draft(self):
        self.write({'state': 'draft'})
        return True

    @api.multi
    def action_view_interventions(self):
        self.ensure_one()
        action = self.env.ref('dsa_tts.project_task_action_dsa_intervention').read()[0]
        action['domain'] = [('dsa_contract_id', '=', self.id)]
        action['context'] = {'default_dsa_contract_id': self.id}
        return action

    @api.multi
    def action_print_contract(self):
        self.ensure_one()
        return self.env.ref('dsa_tts.action_report_dsa_service_contract').report_action(self)

    # ------------------------------------------------------------------ preventive schedule

    @api.multi
    def _dsa_grid_date(self, k):
        """k-th date of the preventive schedule: date_start + k x interval.

        The schedule is anchored on the start date, so a contract starting on
        31 Jan with a monthly schedule falls due on 28/29 Feb, then 31 Mar."""
        self.ensure_one()
        start = fields.Date.from_string(self.date_start)
        return start + relativedelta(**{self.preventive_unit: self.preventive_interval * k})

    @api.multi
    def _dsa_next_grid_date(self, after, strict=True):
        """First schedule date after ``after`` (a date), or on it if not ``strict``."""
        self.ensure_one()
        days = (after - fields.Date.from_string(self.date_start)).days
        longest = {'days': 1, 'weeks': 7, 'months': 31, 'years': 366}[self.preventive_unit]
        k = max(0, days // (longest * self.preventive_interval) - 1)
        while True:
            due = self._dsa_grid_date(k)
            if due > after or (due == after and not strict):
                return due
            k += 1

    @api.multi
    def _dsa_preventive_due_dates(self, today):
        """Due dates from next_preventive_date up to ``today`` (and the end date),
        and the next due date after them.

        Catch-up: every missed due date gets its interventions (at most
        MAX_CATCH_UP per run), so the history matches the contract."""
        self.ensure_one()
        if not self.preventive_interval or not self.next_preventive_date:
            return [], False
        due = fields.Date.from_string(self.next_preventive_date)
        last = fields.Date.from_string(today)
        if self.date_end:
            last = min(last, fields.Date.from_string(self.date_end))
        dates = []
        while due <= last and len(dates) < MAX_CATCH_UP:
            dates.append(due)
            due = self._dsa_next_grid_date(due)
        return [fields.Date.to_string(d) for d in dates], fields.Date.to_string(due)

    @api.multi
    def _prepare_preventive_vals(self, plant, due_date, project):
        self.ensure_one()
        return {
            'name': _('Preventive maintenance – %s – %s') % (plant.name, due_date),
            'project_id': project.id,
            'partner_id': (plant.maintenance_contact_id or plant.partner_id).id,
            'dsa_plant_id': plant.id,
            'dsa_kind': 'preventive',
            'dsa_contract_id': self.id,
            'dsa_preventive_date': due_date,
            'dsa_team_id': self.dsa_team_id.id,
            'date_deadline': due_date,
            'user_id': False,
        }

    @api.multi
    def _dsa_generate_preventive(self, today=None):
        """Create the preventive interventions due up to ``today`` and advance the
        next due date. Never duplicates: a task already there for the same contract,
        plant and due date is kept (also enforced by a unique index)."""
        Task = self.env['project.task'].with_context(
            mail_create_nosubscribe=True, mail_create_nolog=True)
        today = today or fields.Date.context_today(self)
        created = Task.browse()
        for contract in self:
            dates, next_date = contract._dsa_preventive_due_dates(today)
            if not dates:
                continue
            contract._dsa_check_plant_owners()
            plants = contract.plant_ids.filtered('active')
            project = self.env['project.project']._dsa_field_service_project()
            existing = set(
                (t.dsa_plant_id.id, t.dsa_preventive_date) for t in Task.with_context(
                    active_test=False).search([
                        ('dsa_contract_id', '=', contract.id),
                        ('dsa_preventive_date', 'in', dates)]))
            for due_date in dates:
                for plant in plants:
                    if (plant.id, due_date) in existing:
                        continue
                    created |= Task.create(
                        contract._prepare_preventive_vals(plant, due_date, project))
            contract.next_preventive_date = next_date
        return created

    @api.model
    def _cron_preventive_interventions(self, today=None):
        """Daily: preventive interventions due for every running contract, then
        expiry of the contracts past their end date.

        Each contract is processed in its own savepoint: a bad contract is rolled
        back, the error is posted in its chatter and the others go on."""
        today = today or fields.Date.context_today(self)
        ids = self.search([
            ('state', '=', 'running'), ('preventive_interval', '>', 0),
            ('next_preventive_date', '<=', today)]).ids
        failed = self.browse()
        for start in range(0, len(ids), CRON_BATCH):
            for contract in self.browse(ids[start:start + CRON_BATCH]):
                try:
                    with self.env.cr.savepoint():
                        contract._dsa_generate_preventive(today)
                except Exception as exc:
                    _logger.exception('Preventive interventions of contract %s failed',
                                      contract.name)
                    failed |= contract
                    self.invalidate_cache()
                    contract.message_post(body=_(
                        'The preventive interventions could not be created: %s')
                        % (getattr(exc, 'name', None) or str(exc)))
            self.invalidate_cache()
        expired = self.search([('state', '=', 'running'), ('date_end', '<', today)])
        expired.write({'state': 'expired'})
        return failed
