import logging
from datetime import datetime, timedelta

from odoo import _, api, fields, models, tools

_logger = logging.getLogger(__name__)

DEFAULT_INACTIVITY_DAYS = 7


class DsaCrmActivityReport(models.Model):
    """User activity monitoring (CRM-12): one row per contribution of a user.

    Contributions are the contact logs written, the offers created and updated
    and the opportunities updated. An SQL view (_auto = False) because they come
    from three tables and Direction groups them per user and per period in one
    read_group; the last contribution is a max() over the same rows."""

    _name = 'dsa.crm.activity.report'
    _description = 'Sales force activity'
    _auto = False
    _rec_name = 'user_id'
    _order = 'date desc'

    user_id = fields.Many2one('res.users', string='User', readonly=True)
    date = fields.Datetime(string='Date', readonly=True)
    last_date = fields.Datetime(string='Last contribution', readonly=True,
                                group_operator='max')
    log_count = fields.Integer(string='Contact logs', readonly=True)
    offer_count = fields.Integer(string='Offers created or updated', readonly=True)
    lead_count = fields.Integer(string='Opportunities updated', readonly=True)
    idle_days = fields.Integer(
        string='Days without contributions', readonly=True, group_operator='max',
        help='Days since the last contribution of the user (since their creation '
             'when they have none).')
    activity_state = fields.Selection(
        [('inactive', 'Inactive: to follow up'), ('active', 'Active')],
        string='Activity', readonly=True,
        help='Inactive: silent for longer than the inactivity alert allows (system '
             'parameter dsa_crm.inactivity_days), the alert flags this user.')

    @api.model_cr
    def init(self):
        """Contributions, plus one empty row per sales user dated now: a user
        who contributed nothing this month still shows in this month's
        analysis, flagged when the inactivity alert would flag them (the same
        users as _dsa_sales_users, the same delay as _dsa_inactivity_days)."""
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute("""
            CREATE VIEW dsa_crm_activity_report AS (
              WITH contribution AS (
                    SELECT user_id, date, 1 AS log_count, 0 AS offer_count, 0 AS lead_count
                      FROM dsa_contact_log
                    UNION ALL
                    SELECT create_uid, create_date, 0, 1, 0 FROM sale_order
                    UNION ALL
                    SELECT write_uid, write_date, 0, 1, 0 FROM sale_order
                     WHERE write_date > create_date + interval '1 minute'
                    UNION ALL
                    SELECT write_uid, write_date, 0, 0, 1 FROM crm_lead
              ), sales_user AS (
                    SELECT u.id, u.create_date
                      FROM res_users u
                     WHERE u.active AND NOT u.share
                       AND u.id IN (SELECT r.uid FROM res_groups_users_rel r
                                      JOIN ir_model_data d ON d.model = 'res.groups'
                                       AND d.res_id = r.gid AND d.module = 'dsa_crm'
                                       AND d.name = 'group_agent')
                       AND u.id NOT IN (SELECT r.uid FROM res_groups_users_rel r
                                          JOIN ir_model_data d ON d.model = 'res.groups'
                                           AND d.res_id = r.gid AND d.module = 'dsa_crm'
                                           AND d.name IN ('group_direction',
                                                          'group_administration'))
              ), delay AS (
                    SELECT COALESCE(MAX(NULLIF(regexp_replace(value, '[^0-9]', '', 'g'),
                                               '')::int), %s) AS days
                      FROM ir_config_parameter WHERE key = 'dsa_crm.inactivity_days'
              ), idle AS (
                    SELECT s.id AS user_id,
                           date_part('day', (now() AT TIME ZONE 'UTC')
                                     - COALESCE(MAX(c.date), s.create_date))::int AS days
                      FROM sales_user s LEFT JOIN contribution c ON c.user_id = s.id
                     GROUP BY s.id, s.create_date
              ), entry AS (
                    SELECT user_id, date, date AS last_date, log_count, offer_count, lead_count
                      FROM contribution WHERE user_id IS NOT NULL
                    UNION ALL
                    SELECT id, now() AT TIME ZONE 'UTC', NULL, 0, 0, 0 FROM sales_user
              )
              SELECT row_number() OVER (ORDER BY e.date, e.user_id) AS id,
                     e.user_id, e.date, e.last_date, e.log_count, e.offer_count, e.lead_count,
                     i.days AS idle_days,
                     CASE WHEN i.days >= GREATEST((SELECT days FROM delay), 1)
                          THEN 'inactive' ELSE 'active' END AS activity_state
                FROM entry e LEFT JOIN idle i ON i.user_id = e.user_id
            )""", (DEFAULT_INACTIVITY_DAYS,))

    # ------------------------------------------------------------------
    # Inactivity alert (cron dsa_crm.ir_cron_inactivity_alert)
    # ------------------------------------------------------------------
    @api.model
    def _dsa_inactivity_days(self):
        value = self.env['ir.config_parameter'].sudo().get_param(
            'dsa_crm.inactivity_days', DEFAULT_INACTIVITY_DAYS)
        try:
            return max(int(value), 1)
        except (TypeError, ValueError):
            _logger.warning('dsa_crm.inactivity_days is not a number: %r', value)
            return DEFAULT_INACTIVITY_DAYS

    @api.model
    def _dsa_sales_users(self):
        """Agents and area managers (not Direction nor Administration)."""
        agents = self.env.ref('dsa_crm.group_agent').users
        excluded = (self.env.ref('dsa_crm.group_direction').users |
                    self.env.ref('dsa_crm.group_administration').users)
        return (agents - excluded).filtered(lambda u: u.active and not u.share)

    @api.model
    def _dsa_last_contributions(self, users):
        """{user id: last contribution (datetime string)} for the users who have one."""
        data = self.sudo().read_group(
            [('user_id', 'in', users.ids)], ['user_id', 'last_date'], ['user_id'])
        return {d['user_id'][0]: d['last_date'] for d in data if d['last_date']}

    @api.model
    def _cron_inactivity_alert(self):
        """Alert each Direction user, with one activity per inactive sales user.

        A user is inactive when their last contribution (or, with none, their
        creation) is older than dsa_crm.inactivity_days. The alert is not repeated
        while an open one exists, nor after it is closed until the user has
        contributed again (dsa_inactivity_alert_date)."""
        days = self._dsa_inactivity_days()
        limit = fields.Datetime.to_string(datetime.now() - timedelta(days=days))
        users = self._dsa_sales_users()
        last = self._dsa_last_contributions(users)
        directors = self.env.ref('dsa_crm.group_direction').users.filtered(
            lambda u: u.active and not u.share)
        alerted = self.env['res.users']
        for user in users:
            try:
                with self.env.cr.savepoint():
                    if self._dsa_alert_user(user, last.get(user.id), limit, days, directors):
                        alerted |= user
            except Exception:
                _logger.exception('Inactivity alert: user %s (id %s) skipped',
                                  user.login, user.id)
        return alerted

    @api.model
    def _dsa_alert_user(self, user, last, limit, days, directors):
        last = last or user.create_date
        if not last or last >= limit:
            return False
        if user.dsa_inactivity_alert_date and user.dsa_inactivity_alert_date >= last:
            return False     # already alerted for this inactivity
        Activity = self.env['mail.activity'].sudo()
        model = self.env['ir.model']._get('res.partner')
        activity_type = self.env.ref('dsa_crm.mail_activity_type_inactivity')
        open_alerts = Activity.search([
            ('res_model_id', '=', model.id), ('res_id', '=', user.partner_id.id),
            ('activity_type_id', '=', activity_type.id)])
        if open_alerts:
            return False
        summary = _('%s has contributed nothing for %d days') % (user.name, days)
        note = _('Last contribution: %s') % last
        for director in directors:
            Activity.create({
                'res_model_id': model.id, 'res_id': user.partner_id.id,
                'activity_type_id': activity_type.id, 'user_id': director.id,
                'summary': summary, 'note': note,
                'date_deadline': fields.Date.context_today(self),
            })
        user.sudo().dsa_inactivity_alert_date = fields.Datetime.now()
        return True
