from odoo import api, fields, models, tools

from .dsa_analysis_common import material_unit_price
from ..models.dsa_intervention_material import ACTIONS


class DsaMaterialAnalysis(models.Model):
    """Materials used by the done interventions, by product, category, plant,
    customer and month (the intervention's done date).

    A SQL view (``_auto = False``): one row per material line; the amount is
    the line's cost as the intervention shows it, computed in SQL because it is
    not stored. ``partner_id`` is the customer, so record rules on it work."""
    _name = 'dsa.material.analysis'
    _description = 'Materials used (analysis)'
    _auto = False
    _rec_name = 'product_id'
    _order = 'date desc'

    date = fields.Date('Done on', readonly=True)
    task_id = fields.Many2one('project.task', 'Intervention', readonly=True)
    product_id = fields.Many2one('product.product', 'Product', readonly=True)
    categ_id = fields.Many2one('product.category', 'Product category', readonly=True)
    plant_id = fields.Many2one('dsa.plant', 'Plant', readonly=True)
    partner_id = fields.Many2one('res.partner', 'Customer', readonly=True)
    company_id = fields.Many2one('res.company', 'Company', readonly=True)
    kind = fields.Selection(
        [('corrective', 'Corrective'), ('preventive', 'Preventive'),
         ('extraordinary', 'Extraordinary')], 'Intervention kind', readonly=True)
    action = fields.Selection(ACTIONS, 'Action', readonly=True)
    quantity = fields.Float('Quantity', readonly=True, digits=(16, 2))
    amount = fields.Float('Amount', readonly=True, digits=(16, 2),
                          help='Quantity x the unit cost shown on the material line.')

    @api.model_cr
    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        # the statement is composed of constants of this module (table name, SQL
        # fragments); values are bound by psycopg2
        # pylint: disable=sql-injection
        self.env.cr.execute("""
            CREATE VIEW %s AS (
                SELECT m.id AS id,
                       t.dsa_done_date AS date,
                       t.id AS task_id,
                       m.product_id AS product_id,
                       pt.categ_id AS categ_id,
                       t.dsa_plant_id AS plant_id,
                       COALESCE(cp.commercial_partner_id, cp.id) AS partner_id,
                       t.company_id AS company_id,
                       t.dsa_kind AS kind,
                       m.action AS action,
                       m.quantity AS quantity,
                       ROUND((m.quantity * %s)::numeric, 2) AS amount
                  FROM dsa_intervention_material m
                  JOIN project_task t ON t.id = m.task_id
                  LEFT JOIN product_product pp ON pp.id = m.product_id
                  LEFT JOIN product_template pt ON pt.id = pp.product_tmpl_id
                  LEFT JOIN res_partner cp ON cp.id = t.partner_id
                 WHERE t.dsa_state = 'done'
            )""" % (self._table, material_unit_price('t.company_id')))
