from odoo import api, models

# context key of a LeaveMemo: set by the service-level clock (dsa_ticket_sla.py)
MEMO_KEY = 'dsa_leave_memo'


class LeaveMemo(dict):
    """The leave intervals already read, for one computation of many
    deadlines. A class of its own: a context sent over RPC holds plain
    dicts, never this, so no client can hand Odoo fake leaves."""


class ResourceCalendar(models.Model):
    """Odoo 11's plan_hours and get_work_hours_count read the calendar's
    leaves again for every day they cross (one search per day); computing the
    deadlines of thousands of calls crosses the same days again and again.
    Within a LeaveMemo they are read once per day and calendar."""
    _inherit = 'resource.calendar'

    @api.multi
    def _get_leave_intervals(self, resource_id=None, start_datetime=None, end_datetime=None):
        memo = self.env.context.get(MEMO_KEY)
        if not isinstance(memo, LeaveMemo):
            return super(ResourceCalendar, self)._get_leave_intervals(
                resource_id=resource_id, start_datetime=start_datetime,
                end_datetime=end_datetime)
        key = (self.id, resource_id, start_datetime, end_datetime,
               self.env.context.get('tz'), self.env.uid)
        if key not in memo:
            memo[key] = super(ResourceCalendar, self)._get_leave_intervals(
                resource_id=resource_id, start_datetime=start_datetime,
                end_datetime=end_datetime)
        return memo[key]
