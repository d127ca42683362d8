from datetime import datetime, timedelta

from odoo import fields

from .common import DsaCrmZoneCase


def _ago(days):
    return fields.Datetime.to_string(datetime.now() - timedelta(days=days))


class TestActivityFlags(DsaCrmZoneCase):
    """Activity monitoring opens on the current month, where every sales user
    shows, and the users the inactivity alert would flag are flagged."""

    @classmethod
    def setUpClass(cls):
        super(TestActivityFlags, cls).setUpClass()
        cls.env['ir.config_parameter'].sudo().set_param('dsa_crm.inactivity_days', '10')
        cls.env.cr.execute("UPDATE res_users SET create_date = %s", (_ago(100),))
        Log = cls.env['dsa.contact.log']
        Log.create({'partner_id': cls.cust_a.id, 'user_id': cls.agent_a.id, 'kind': 'call',
                    'summary': 'Recent call', 'date': _ago(2)})
        Log.create({'partner_id': cls.cust_b.id, 'user_id': cls.agent_b.id, 'kind': 'call',
                    'summary': 'Old call', 'date': _ago(40)})
        cls.env['res.users'].invalidate_cache()

    def _this_month(self, user):
        first = fields.Date.context_today(self.env['res.users'])[:8] + '01'
        groups = self.env['dsa.crm.activity.report'].sudo(user).read_group(
            [('date', '>=', first)], ['user_id', 'activity_state', 'log_count', 'idle_days'],
            ['user_id', 'activity_state'], lazy=False)
        return {(g['user_id'][0], g['activity_state']): g for g in groups}

    def test_silent_users_show_this_month_flagged(self):
        rows = self._this_month(self.direction)
        self.assertIn((self.agent_b.id, 'inactive'), rows,
                      'silent for 40 days: shown this month, flagged')
        self.assertEqual(rows[(self.agent_b.id, 'inactive')]['log_count'], 0)
        self.assertGreaterEqual(rows[(self.agent_b.id, 'inactive')]['idle_days'], 39)
        self.assertIn((self.agent_a.id, 'active'), rows)
        self.assertEqual(rows[(self.agent_a.id, 'active')]['log_count'], 1)
        self.assertNotIn((self.agent_a.id, 'inactive'), rows)
        self.assertFalse([key for key in rows if key[0] == self.direction.id],
                         'Direction is not monitored')

    def test_flags_are_the_alerts(self):
        flagged = {key[0] for key in self._this_month(self.direction) if key[1] == 'inactive'}
        alerted = self.env['dsa.crm.activity.report']._cron_inactivity_alert()
        self.assertEqual(flagged & set((self.agent_a | self.agent_b | self.manager).ids),
                         set((alerted & (self.agent_a | self.agent_b | self.manager)).ids))
        self.assertIn(self.agent_b.id, flagged)

    def test_action_opens_on_this_month(self):
        action = self.env.ref('dsa_crm.dsa_crm_activity_report_action')
        self.assertIn("'search_default_this_month': 1", action.context)
