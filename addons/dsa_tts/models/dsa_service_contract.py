import logging

import psycopg2

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.tools import html_escape
from odoo.exceptions import UserError, ValidationError

from odoo.addons.dsa_base.lib.runtime import running_tests

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
    _inherit = ['mail.thread', 'mail.activity.mixin', 'dsa.action.guard']
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
    corrective_billing = fields.Selection(
        [('billable', 'Billable'), ('included', 'Included in the contract')],
        'Corrective interventions', default='billable', required=True,
        track_visibility='onchange',
        help='Whether corrective interventions under this contract are invoiced. '
             'Preventive ones never are; extraordinary ones are, with the discounts.')
    dsa_team_id = fields.Many2one(
        'dsa.team', 'Preventive team',
        help='Team given to the preventive interventions created by the schedule.')
    notes = fields.Text('Terms and notes')
    task_ids = fields.One2many('project.task', 'dsa_contract_id', 'Interventions')
    task_count = fields.Integer('Interventions', compute='_compute_task_count')
    preventive_label = fields.Char(
        'Preventive schedule', compute='_compute_preventive_label',
        help='The preventive interval in words, e.g. "Every 6 months".')

    @api.depends('preventive_interval', 'preventive_unit')
    def _compute_preventive_label(self):
        units = {
            'days': (_('day'), _('days')), 'weeks': (_('week'), _('weeks')),
            'months': (_('month'), _('months')), 'years': (_('year'), _('years')),
        }
        for contract in self:
            interval = contract.preventive_interval
            if interval <= 0:
                contract.preventive_label = _('No preventive schedule')
            elif interval == 1:
                contract.preventive_label = _('Every %s') % units[contract.preventive_unit][0]
            else:
                contract.preventive_label = _('Every %d %s') % (
                    interval, units[contract.preventive_unit][1])

    @api.model
    def _dsa_portal_domain(self, user):
        """The contracts that the portal ``user`` sees (they never read the
        model themselves: a contract carries internal terms): their company's
        running and expired ones. Applied by the suite's one portal access
        check (dsa_security, DsaPortalAccess), with the request's user only."""
        partner = user.partner_id.commercial_partner_id
        return [('partner_id', 'child_of', [partner.id]),
                ('state', 'in', ('running', 'expired'))]

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

    @api.model
    def _dsa_action_fields(self):
        """The status moves through the buttons, which check the contract."""
        res = super(DsaServiceContract, self)._dsa_action_fields()
        res['state'] = _('the buttons Activate, Cancel or Set to draft (action_activate, '
                         'action_cancel, action_draft)')
        return res

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
            contract._dsa_action_write(vals)
        return True

    @api.multi
    def action_cancel(self):
        self._dsa_action_write({'state': 'cancelled'})
        return True

    @api.multi
    def action_draft(self):
        self._dsa_action_write({'state': 'draft'})
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
    def _dsa_preventive_vals(self, today):
        """Values of the preventive interventions due up to ``today`` on the
        contracts of ``self`` that do not exist yet, and the next due date of each
        contract: ([vals], {contract: next_date})."""
        Task = self.env['project.task'].with_context(active_test=False)
        project = self.env['project.project']._dsa_field_service_project()
        schedule = {}
        for contract in self:
            dates, next_date = contract._dsa_preventive_due_dates(today)
            if dates:
                contract._dsa_check_plant_owners()
                schedule[contract] = (dates, next_date)
        if not schedule:
            return [], {}
        existing = set((t['dsa_contract_id'][0], t['dsa_plant_id'][0], t['dsa_preventive_date'])
                       for t in Task.search_read([
                           ('dsa_contract_id', 'in', [c.id for c in schedule]),
                           ('dsa_preventive_date', '!=', False)],
                           ['dsa_contract_id', 'dsa_plant_id', 'dsa_preventive_date']))
        vals_list = []
        for contract, (dates, next_date) in schedule.items():
            plants = contract.plant_ids.filtered('active')
            for due_date in dates:
                for plant in plants:
                    if (contract.id, plant.id, due_date) not in existing:
                        vals_list.append(
                            contract._prepare_preventive_vals(plant, due_date, project))
        return vals_list, {contract: next_date for contract, (d, next_date) in schedule.items()}

    @api.multi
    def _dsa_generate_preventive(self, today=None):
        """Create the preventive interventions due up to ``today`` and advance the
        next due date. Never duplicates: a task already there for the same contract,
        plant and due date is kept (also enforced by a unique index).

        The tasks are inserted in bulk (project.task._dsa_create_preventive);
        the next dates are written without chatter tracking, one write per date."""
        today = today or fields.Date.context_today(self)
        vals_list, next_dates = self._dsa_preventive_vals(today)
        created = self.env['project.task']._dsa_create_preventive(vals_list)
        by_date = {}
        for contract, next_date in next_dates.items():
            by_date.setdefault(next_date, self.browse())
            by_date[next_date] |= contract
        for next_date, contracts in by_date.items():
            contracts.with_context(tracking_disable=True).write(
                {'next_preventive_date': next_date})
        return created

    @api.multi
    def _dsa_lock_due(self, today):
        """Lock the due running contracts of ``self`` for this transaction and
        return them. Contracts another worker holds are skipped (SKIP LOCKED):
        that worker creates their interventions; once it commits, their next date
        is past ``today`` and they are no longer due. Raw SQL: the ORM has no
        row locks."""
        if not self:
            return self
        self.env.cr.execute("""
            SELECT id FROM dsa_service_contract
             WHERE id IN %s AND state = 'running' AND preventive_interval > 0
               AND next_preventive_date <= %s
             ORDER BY id
               FOR UPDATE SKIP LOCKED""", (tuple(self.ids), today))
        ids = [row[0] for row in self.env.cr.fetchall()]
        self.invalidate_cache(ids=ids)
        return self.browse(ids)

    @api.multi
    def _dsa_cron_batch(self, today):
        """One batch of the cron: lock the contracts, create their interventions
        in one go; if that fails, contract by contract in savepoints so a bad
        contract is rolled back alone with the reason in its chatter.
        Returns the contracts that failed."""
        contracts = self._dsa_lock_due(today)
        try:
            with self.env.cr.savepoint():
                contracts._dsa_generate_preventive(today)
            return self.browse()
        except Exception:
            _logger.info('Preventive batch failed, retrying contract by contract',
                         exc_info=True)
            self.invalidate_cache()
        failed = self.browse()
        for contract in contracts:
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
                    % html_escape(getattr(exc, 'name', None) or str(exc)))
        return failed

    @api.model
    def _cron_preventive_interventions(self, today=None, commit=None, batch_size=CRON_BATCH,
                                       domain=None):
        """Daily: preventive interventions due for every running contract, then
        expiry of the contracts past their end date.

        Works in batches of ``batch_size`` contracts; each batch is committed
        (``commit``, by default unless running tests), so a run over 10,000
        contracts is not one transaction and a crash loses at most one batch.
        Two workers running it at once never create an intervention twice: each
        batch locks its contracts (SKIP LOCKED) and the unique key
        (contract, plant, due date) refuses a duplicate anyway. ``domain``
        restricts the run to some contracts."""
        if commit is None:
            commit = not running_tests()
        today = today or fields.Date.context_today(self)
        domain = list(domain or [])
        ids = self.search([
            ('state', '=', 'running'), ('preventive_interval', '>', 0),
            ('next_preventive_date', '<=', today)] + domain, order='id').ids
        failed = self.browse()
        for start in range(0, len(ids), batch_size):
            batch = self.browse(ids[start:start + batch_size])
            failed |= self._dsa_cron_run_batch(batch, today, commit)
        expired = self.search([('state', '=', 'running'), ('date_end', '<', today)] + domain)
        expired._dsa_action_write({'state': 'expired'})
        if commit:
            self.env.cr.commit()  # pylint: disable=invalid-commit
        return failed

    @api.model
    def _dsa_cron_run_batch(self, batch, today, commit):
        """Run and commit one batch. Under REPEATABLE READ a contract that another
        worker advanced after our snapshot raises a serialization failure when we
        lock it: the batch is rolled back and tried again on a fresh snapshot,
        where that contract is no longer due."""
        for attempt in range(3):
            try:
                failed = batch._dsa_cron_batch(today)
                if commit:
                    self.env.cr.commit()  # pylint: disable=invalid-commit
                return failed
            except psycopg2.extensions.TransactionRollbackError:
                if not commit or attempt == 2:
                    raise
                self.env.cr.rollback()
                self.invalidate_cache()
        return self.browse()
