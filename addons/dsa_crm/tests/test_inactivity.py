from datetime import datetime, timedelta

from odoo import fields

from .common import DsaCrmZoneCase


def _ago(days):
    return fields.Datetime.to_string(datetime.now() - timedelta(days=days))


class TestInactivityAlert(DsaCrmZoneCase):
    """CRM-12: the daily cron alerts Direction about every sales user with no
    contribution for dsa_crm.inactivity_days days, once."""

    @classmethod
    def setUpClass(cls):
        super(TestInactivityAlert, cls).setUpClass()
        cls.Report = cls.env['dsa.crm.activity.report']
        cls.env['ir.config_parameter'].sudo().set_param('dsa_crm.inactivity_days', '10')
        cls.type = cls.env.ref('dsa_crm.mail_activity_type_inactivity')
        # every sales user of the database is old and silent, except ours below
        cls.env.cr.execute("UPDATE res_users SET create_date = %s", (_ago(100),))
        Log = cls.env['dsa.contact.log']
        # agent A contributed 2 days ago; agent B 20 days ago; the manager never
        Log.create({'partner_id': cls.cust_a.id, 'user_id': cls.agent_a.id, 'kind': 'call',
                    'summary': 'Zeta recent', 'date': _ago(2)})
        Log.create({'partner_id': cls.cust_b.id, 'user_id': cls.agent_b.id, 'kind': 'call',
                    'summary': 'Zeta old', 'date': _ago(20)})
        cls.env['res.users'].invalidate_cache()

    def alerts(self, user):
        return self.env['mail.activity'].search([
            ('activity_type_id', '=', self.type.id), ('res_model', '=', 'res.partner'),
            ('res_id', '=', user.partner_id.id)])

    def test_flags_exactly_the_inactive_users(self):
        directors = self.env.ref('dsa_crm.group_direction').users.filtered(
            lambda u: u.active and not u.share)
        self.assertIn(self.direction, directors)
        alerted = self.Report._cron_inactivity_alert()
        self.assertIn(self.agent_b, alerted)
        self.assertIn(self.manager, alerted)
        self.assertNotIn(self.agent_a, alerted)
        self.assertNotIn(self.direction, alerted, 'Direction is not monitored')
        self.assertNotIn(self.administration, alerted)
        self.assertEqual(self.alerts(self.agent_b).mapped('user_id'), directors,
                         'one activity per Direction user')
        self.assertFalse(self.alerts(self.agent_a))
        # the report for Direction shows the last contribution per user
        groups = self.Report.sudo(self.direction).read_group(
            [('user_id', 'in', (self.agent_a | self.agent_b).ids)],
            ['user_id', 'log_count', 'last_date'], ['user_id'])
        last = {g['user_id'][0]: (g['log_count'], g['last_date'][:10]) for g in groups}
        self.assertEqual(last[self.agent_b.id], (1, _ago(20)[:10]))

    def test_not_repeated(self):
        self.Report._cron_inactivity_alert()
        count = len(self.alerts(self.agent_b))
        self.assertTrue(count)
        self.assertFalse(self.Report._cron_inactivity_alert() & self.agent_b)
        self.assertEqual(len(self.alerts(self.agent_b)), count)
        # Direction closes the alert; still inactive: no new alert
        self.alerts(self.agent_b).action_done()
        self.assertFalse(self.Report._cron_inactivity_alert() & self.agent_b)
        self.assertFalse(self.alerts(self.agent_b))

    def test_alerted_again_after_contributing_and_falling_silent(self):
        self.Report._cron_inactivity_alert()
        self.alerts(self.agent_b).action_done()
        # agent B writes a log: active again, not alerted
        log = self.env['dsa.contact.log'].sudo(self.agent_b).create({
            'partner_id': self.cust_b.id, 'kind': 'visit', 'summary': 'Zeta back'})
        self.assertFalse(self.Report._cron_inactivity_alert() & self.agent_b)
        # ... then silent for 11 days
        log.sudo().write({'date': _ago(11)})
        self.env.cr.execute("UPDATE res_users SET dsa_inactivity_alert_date = %s WHERE id = %s",
                            (_ago(15), self.agent_b.id))
        self.env['res.users'].invalidate_cache()
        self.assertTrue(self.Report._cron_inactivity_alert() & self.agent_b)

    def test_survives_a_broken_user(self):
        # users written by other tools: one without a creation date and without
        # contributions, one created "at infinity" (PostgreSQL accepts it)
        broken = self._user('t_agent_broken', [self.group_agent])
        infinite = self._user('t_agent_infinite', [self.group_agent])
        self.env.cr.execute("UPDATE res_users SET create_date = NULL WHERE id = %s", (broken.id,))
        self.env.cr.execute("UPDATE res_users SET create_date = 'infinity' WHERE id = %s",
                            (infinite.id,))
        self.env['res.users'].invalidate_cache()
        alerted = self.Report._cron_inactivity_alert()
        self.assertIn(self.agent_b, alerted, 'the others are still alerted')
        self.assertIn(self.manager, alerted)
        self.assertNotIn(broken, alerted, 'no date to judge by: not alerted')
        self.assertNotIn(infinite, alerted)

    def test_threshold_is_the_parameter(self):
        self.env['ir.config_parameter'].sudo().set_param('dsa_crm.inactivity_days', '30')
        alerted = self.Report._cron_inactivity_alert()
        self.assertNotIn(self.agent_b, alerted)
        self.assertIn(self.manager, alerted)
        self.env['ir.config_parameter'].sudo().set_param('dsa_crm.inactivity_days', 'abc')
        self.assertEqual(self.Report._dsa_inactivity_days(), 7)
        cron = self.env.ref('dsa_crm.ir_cron_inactivity_alert')
        self.assertEqual((cron.interval_number, cron.interval_type), (1, 'days'))
