from odoo import _, api, models
from odoo.exceptions import UserError

COST_FIELDS = ('amount', 'amount_currency', 'analytic_amount_currency', 'timesheet_revenue')


class AccountAnalyticLine(models.Model):
    """Timesheet lines of a signed intervention are frozen (TTS-7).

    Their amount (hours x the employee's internal cost) is for employees only:
    portal users read their interventions' timesheets but not what they cost."""
    _inherit = 'account.analytic.line'

    @api.model
    def _setup_fields(self):
        # the amount and the fields derived from it (account, sale_timesheet), when
        # installed: employees only
        super(AccountAnalyticLine, self)._setup_fields()
        for name in COST_FIELDS:
            if name in self._fields:
                self._fields[name].groups = 'base.group_user'

    @api.model
    def _dsa_check_task_unlocked(self, tasks):
        signed = tasks.sudo().filtered('dsa_signed_on')
        if signed:
            raise UserError(_(
                'Intervention %s is signed by the customer: its times can no longer '
                'change.') % signed[0].name)

    @api.model
    def create(self, vals):
        if vals.get('task_id'):
            self._dsa_check_task_unlocked(self.env['project.task'].browse(vals['task_id']))
        return super(AccountAnalyticLine, self).create(vals)

    @api.multi
    def write(self, vals):
        tasks = self.mapped('task_id')
        if vals.get('task_id'):
            tasks |= self.env['project.task'].browse(vals['task_id'])
        self._dsa_check_task_unlocked(tasks)
        return super(AccountAnalyticLine, self).write(vals)

    @api.multi
    def unlink(self):
        self._dsa_check_task_unlocked(self.mapped('task_id'))
        return super(AccountAnalyticLine, self).unlink()
