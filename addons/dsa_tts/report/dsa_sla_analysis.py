from odoo import api, fields, models, tools

from ..models.dsa_ticket import PRIORITIES
from ..models.dsa_ticket_sla import SLA_STATUSES

# measures computed in Python per group (read_group): SQL aggregates of a pivot
# are plain functions of a column, and a percentile is an ordered-set aggregate
PERCENTILES = {
    'response_p50': ('response_hours', 50),
    'response_p90': ('response_hours', 90),
    'resolution_p50': ('resolution_hours', 50),
    'resolution_p90': ('resolution_hours', 90),
}


def percentile(values, share):
    """The ``share``-th percentile of ``values``, interpolated between the two
    nearest ranks (as PostgreSQL's percentile_cont); None without values."""
    values = sorted(v for v in values if v is not None)
    if not values:
        return None
    position = (len(values) - 1) * share / 100.0
    low = int(position)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (position - low)


class DsaSlaAnalysis(models.Model):
    """Service-level compliance (issue 26): one row per call with a service
    level, by month, customer, contract, priority, team and technician.

    A SQL view (``_auto = False``): the team is the one of the call's first
    intervention, a value of another table that the call does not store, and
    the counts of met and breached calls are 0/1 columns to sum. The median
    and 90th percentile are computed per group by read_group (PERCENTILES).
    ``partner_id`` is the customer company, so the zone rules of dsa_crm_tts
    apply as on the other analyses."""
    _name = 'dsa.sla.analysis'
    _description = 'Service-level compliance (analysis)'
    _auto = False
    _rec_name = 'ticket_id'
    _order = 'date desc'

    ticket_id = fields.Many2one('dsa.ticket', 'Service call', readonly=True)
    date = fields.Datetime('Opened on', readonly=True)
    partner_id = fields.Many2one('res.partner', 'Customer', readonly=True)
    contract_id = fields.Many2one('dsa.service.contract', 'Contract', readonly=True)
    policy_id = fields.Many2one('dsa.sla.policy', 'Service level', readonly=True)
    priority = fields.Selection(PRIORITIES, 'Priority', readonly=True)
    team_id = fields.Many2one('dsa.team', 'Team', readonly=True)
    user_id = fields.Many2one('res.users', 'Technician', readonly=True)
    company_id = fields.Many2one('res.company', 'Company', readonly=True)
    status = fields.Selection(SLA_STATUSES, 'Status', readonly=True)
    nbr = fields.Integer('Calls', readonly=True)
    met_count = fields.Integer('Met', readonly=True)
    breached_count = fields.Integer('Breached', readonly=True)
    response_hours = fields.Float(
        'Response time (avg)', readonly=True, group_operator='avg',
        help='Working hours to the first response, clock pauses excluded.')
    resolution_hours = fields.Float(
        'Resolution time (avg)', readonly=True, group_operator='avg',
        help='Working hours to the resolution, clock pauses excluded.')
    response_p50 = fields.Float('Response time (median)', readonly=True)
    response_p90 = fields.Float('Response time (90th percentile)', readonly=True)
    resolution_p50 = fields.Float('Resolution time (median)', readonly=True)
    resolution_p90 = fields.Float('Resolution time (90th percentile)', readonly=True)

    @api.model_cr
    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute("""
            CREATE VIEW %s AS (
                SELECT t.id AS id,
                       t.id AS ticket_id,
                       t.sla_date_open AS date,
                       COALESCE(t.commercial_partner_id, t.partner_id) AS partner_id,
                       t.sla_contract_id AS contract_id,
                       t.sla_policy_id AS policy_id,
                       t.priority AS priority,
                       (SELECT pt.dsa_team_id FROM project_task pt
                         WHERE pt.dsa_ticket_id = t.id AND pt.dsa_team_id IS NOT NULL
                         ORDER BY pt.id LIMIT 1) AS team_id,
                       t.user_id AS user_id,
                       t.company_id AS company_id,
                       t.sla_status AS status,
                       1 AS nbr,
                       CASE WHEN t.sla_status = 'met' THEN 1 ELSE 0 END AS met_count,
                       CASE WHEN t.sla_status = 'breached' THEN 1 ELSE 0 END AS breached_count,
                       CASE WHEN t.sla_responded_date IS NOT NULL
                            THEN t.sla_response_hours END AS response_hours,
                       CASE WHEN t.sla_resolved_date IS NOT NULL
                            THEN t.sla_resolution_hours END AS resolution_hours,
                       CASE WHEN t.sla_responded_date IS NOT NULL
                            THEN t.sla_response_hours END AS response_p50,
                       CASE WHEN t.sla_responded_date IS NOT NULL
                            THEN t.sla_response_hours END AS response_p90,
                       CASE WHEN t.sla_resolved_date IS NOT NULL
                            THEN t.sla_resolution_hours END AS resolution_p50,
                       CASE WHEN t.sla_resolved_date IS NOT NULL
                            THEN t.sla_resolution_hours END AS resolution_p90
                  FROM dsa_ticket t
                 WHERE t.sla_policy_id IS NOT NULL
            )""" % self._table)

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False,
                   lazy=True):
        """The median and 90th percentile of each group, from the rows the
        user may read (search applies the record rules)."""
        wanted = [name for name in PERCENTILES
                  if any(f.split(':')[0] == name for f in fields)]
        result = super(DsaSlaAnalysis, self).read_group(
            domain, fields, groupby, offset=offset, limit=limit, orderby=orderby, lazy=lazy)
        if not wanted:
            return result
        for group in result:
            group_domain = group.get('__domain', domain)
            for name in wanted:
                column, share = PERCENTILES[name]
                # a call without a response (resolution) yet has no time
                rows = self.search_read(group_domain + [(column, '!=', False)], [column])
                value = percentile([r[column] for r in rows], share)
                group[name] = round(value, 2) if value is not None else False
        return result
