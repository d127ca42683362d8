from odoo import _, api, fields, models
from odoo.exceptions import UserError


class AccountAnalyticLine(models.Model):
    """Timesheet lines of a signed intervention are frozen (TTS-7).

    Their amount (hours x the employee's internal cost) is for employees only:
    portal users read their interventions' timesheets but not what they cost."""
    _inherit = 'account.analytic.line'

    amount = fields.Monetary(groups='base.group_user')

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
