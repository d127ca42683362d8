from odoo import api, fields, models, tools

from .dsa_analysis_common import LABOUR_PRICE, labour_rate, material_unit_price


class DsaInterventionCostAnalysis(models.Model):
    """Cost of the done interventions by customer, plant, contract and month:
    labour, materials, contract discount and net, as each intervention shows
    them (project_task_costing.py), plus the labour at the sale price.

    A SQL view (``_auto = False``): the costs are non-stored computed fields,
    computed here in SQL with the same rules so the pivot can group and sum
    them. Amounts are rounded to the cent per intervention (material per line)
    exactly as the intervention's fields (digits 2) show them. Cost (the
    employee's timesheet cost) and price (the labour product's
    sale price, what the invoice uses) are separate columns.
    ``partner_id`` is the customer, so record rules on it work."""
    _name = 'dsa.intervention.cost.analysis'
    _description = 'Intervention costs (analysis)'
    _auto = False
    _rec_name = 'task_id'
    _order = 'date desc'

    date = fields.Date('Done on', readonly=True)
    task_id = fields.Many2one('project.task', 'Intervention', readonly=True)
    partner_id = fields.Many2one('res.partner', 'Customer', readonly=True)
    plant_id = fields.Many2one('dsa.plant', 'Plant', readonly=True)
    contract_id = fields.Many2one('dsa.service.contract', 'Service contract', readonly=True)
    team_id = fields.Many2one('dsa.team', 'Team', readonly=True)
    company_id = fields.Many2one('res.company', 'Company', readonly=True)
    kind = fields.Selection(
        [('corrective', 'Corrective'), ('preventive', 'Preventive'),
         ('extraordinary', 'Extraordinary')], 'Intervention kind', readonly=True)
    hours = fields.Float('Hours', readonly=True, digits=(16, 2))
    labour_cost = fields.Float('Labour cost', readonly=True, digits=(16, 2))
    labour_price = fields.Float(
        'Labour at sale price', readonly=True, digits=(16, 2),
        help='Hours x the sale price of the labour product (what an invoice charges).')
    material_cost = fields.Float('Materials', readonly=True, digits=(16, 2))
    discount = fields.Float('Contract discount', readonly=True, digits=(16, 2))
    net = fields.Float('Net cost', readonly=True, digits=(16, 2))

    @api.model_cr
    def _register_hook(self):
        """The labour cost rate depends on a column that sale_timesheet adds
        (hr_employee.timesheet_cost). In a fresh installation sale_timesheet can
        come in after dsa_tts (it is auto-installed by sale + hr_timesheet), so
        the view built at install time would not use it: rebuild the view when
        it does not match the columns of the database. One catalogue query at
        each registry load."""
        super(DsaInterventionCostAnalysis, self)._register_hook()
        cr = self.env.cr
        cr.execute("SELECT pg_get_viewdef(%s::regclass) LIKE %s",
                   (self._table, '%timesheet_cost%'))
        row = cr.fetchone()
        if row and row[0] != ('timesheet_cost' in labour_rate(cr)):
            self.init()

    @api.model_cr
    def init(self):
        cr = self.env.cr
        tools.drop_view_if_exists(cr, self._table)
        # the statement is composed of constants of this module (table name, SQL
        # fragments); values are bound by psycopg2
        # pylint: disable=sql-injection
        cr.execute("""
            CREATE VIEW %(table)s AS (
                WITH labour AS (
                    SELECT l.task_id, SUM(l.unit_amount) AS hours,
                           SUM(l.unit_amount * %(rate)s) AS cost
                      FROM account_analytic_line l
                      LEFT JOIN hr_employee e ON e.id = l.employee_id
                     WHERE l.task_id IS NOT NULL
                     GROUP BY l.task_id
                ), material AS (
                    SELECT m.task_id, SUM(ROUND((m.quantity * %(unit)s)::numeric, 2)) AS cost
                      FROM dsa_intervention_material m
                      JOIN project_task t ON t.id = m.task_id
                      LEFT JOIN product_product pp ON pp.id = m.product_id
                      LEFT JOIN product_template pt ON pt.id = pp.product_tmpl_id
                     GROUP BY m.task_id
                ), base AS (
                    SELECT t.id AS task_id, t.dsa_done_date AS date,
                           COALESCE(cp.commercial_partner_id, cp.id) AS partner_id,
                           t.dsa_plant_id AS plant_id, t.dsa_contract_id AS contract_id,
                           t.dsa_team_id AS team_id, t.company_id, t.dsa_kind AS kind,
                           COALESCE(lab.hours, 0) AS hours,
                           COALESCE(lab.cost, 0) AS labour_cost,
                           COALESCE(lab.hours, 0) * %(price)s AS labour_price,
                           COALESCE(mat.cost, 0) AS material_cost,
                           CASE WHEN c.id IS NOT NULL AND t.dsa_kind = 'extraordinary'
                                THEN COALESCE(c.labour_discount, 0) ELSE 0 END AS labour_pct,
                           CASE WHEN c.id IS NOT NULL AND t.dsa_kind = 'extraordinary'
                                THEN COALESCE(c.material_discount, 0) ELSE 0 END
                                AS material_pct
                      FROM project_task t
                      LEFT JOIN labour lab ON lab.task_id = t.id
                      LEFT JOIN material mat ON mat.task_id = t.id
                      LEFT JOIN dsa_service_contract c ON c.id = t.dsa_contract_id
                      LEFT JOIN res_partner cp ON cp.id = t.partner_id
                     WHERE t.dsa_is_intervention AND t.dsa_state = 'done'
                )
                SELECT task_id AS id, task_id, date, partner_id, plant_id, contract_id,
                       team_id, company_id, kind, hours,
                       ROUND(labour_cost::numeric, 2) AS labour_cost,
                       ROUND(labour_price::numeric, 2) AS labour_price,
                       ROUND(material_cost::numeric, 2) AS material_cost,
                       ROUND((labour_cost * labour_pct / 100.0
                              + material_cost * material_pct / 100.0)::numeric, 2) AS discount,
                       ROUND((labour_cost + material_cost
                              - labour_cost * labour_pct / 100.0
                              - material_cost * material_pct / 100.0)::numeric, 2) AS net
                  FROM base
            )""" % {'table': self._table, 'rate': labour_rate(cr), 'price': LABOUR_PRICE,
                    'unit': material_unit_price('t.company_id')})
