from odoo import api, fields, models, tools


class DsaWorkAnalysis(models.Model):
    """Working time on interventions by month, technician, team and kind.

    A SQL view (``_auto = False``) over the timesheet lines of the
    interventions: hours are grouped by dimensions that live on the task (team,
    kind, plant), which the timesheet analysis of hr_timesheet cannot do.
    ``partner_id`` is the customer, so record rules on it work."""
    _name = 'dsa.work.analysis'
    _description = 'Working time (analysis)'
    _auto = False
    _rec_name = 'task_id'
    _order = 'date desc'

    date = fields.Date('Date', readonly=True)
    task_id = fields.Many2one('project.task', 'Intervention', readonly=True)
    employee_id = fields.Many2one('hr.employee', 'Technician', readonly=True)
    user_id = fields.Many2one('res.users', 'User', readonly=True)
    team_id = fields.Many2one('dsa.team', 'Team', readonly=True)
    plant_id = fields.Many2one('dsa.plant', 'Plant', readonly=True)
    partner_id = fields.Many2one('res.partner', 'Customer', readonly=True)
    company_id = fields.Many2one('res.company', 'Company', readonly=True)
    kind = fields.Selection(
        [('corrective', 'Corrective'), ('preventive', 'Preventive'),
         ('extraordinary', 'Extraordinary')], 'Intervention kind', readonly=True)
    hours = fields.Float('Hours', readonly=True, digits=(16, 2))

    @api.model_cr
    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute("""
            CREATE VIEW %s AS (
                SELECT l.id AS id,
                       l.date AS date,
                       t.id AS task_id,
                       l.employee_id AS employee_id,
                       l.user_id AS user_id,
                       t.dsa_team_id AS team_id,
                       t.dsa_plant_id AS plant_id,
                       COALESCE(cp.commercial_partner_id, cp.id) AS partner_id,
                       t.company_id AS company_id,
                       t.dsa_kind AS kind,
                       l.unit_amount AS hours
                  FROM account_analytic_line l
                  JOIN project_task t ON t.id = l.task_id
                  LEFT JOIN res_partner cp ON cp.id = t.partner_id
                 WHERE t.dsa_is_intervention
            )""" % self._table)
