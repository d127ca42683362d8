"""Service-level escalation (issue 26): the cron warns the call's owner (a
real technician) before the breach and the service manager (a real one) at
the breach, exactly once per step; it survives a broken call and works in
batches."""
from unittest.mock import patch

from odoo.tests.common import SavepointCase, at_install, post_install

from odoo.addons.dsa_tts.models.dsa_ticket_sla import DsaTicket

from .sla_common import clock, make_sla_data, new_call


@at_install(False)
@post_install(True)
class TestSlaEscalation(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super(TestSlaEscalation, cls).setUpClass()
        make_sla_data(cls)

    def _cron(self, *at, **kw):
        with clock(*at) as now:
            return self.env['dsa.ticket']._cron_sla_escalation(now=now, **kw)

    def _activities(self, call, user):
        """The activities on ``call`` that ``user`` reads, as that user."""
        return self.env['mail.activity'].sudo(user).search(
            [('res_model', '=', 'dsa.ticket'), ('res_id', '=', call.id),
             ('user_id', '=', user.id)])

    def test_once_per_step(self):
        # normal priority: respond within 4 h (Mon 9:00 -> 14:00), warn at 80%: 13:12
        call = new_call(self, (2026, 11, 2, 9, 0))
        self._cron(2026, 11, 2, 13, 0)
        self.assertEqual(call.sla_status, 'on_time')
        self.assertFalse(call.activity_ids)

        self._cron(2026, 11, 2, 13, 30)
        self._cron(2026, 11, 2, 13, 45)
        self.assertEqual(call.sla_status, 'at_risk')
        warned = self._activities(call, self.sla_tech)
        self.assertEqual(len(warned), 1, 'the owner is warned once')
        self.assertIn('first response', warned.summary)
        self.assertFalse(self._activities(call, self.sla_manager))
        self.assertIn(self.sla_tech.partner_id, call.message_partner_ids)
        # the technician deals with it: done, it does not come back
        warned.sudo(self.sla_tech).action_feedback(feedback='Calling the customer')
        self._cron(2026, 11, 2, 13, 50)
        self.assertFalse(self._activities(call, self.sla_tech))

        self._cron(2026, 11, 2, 14, 30)
        self._cron(2026, 11, 2, 15, 0)
        self.assertEqual(call.sla_status, 'breached')
        breached = self._activities(call, self.sla_manager)
        self.assertEqual(len(breached), 1, 'the service manager hears of the breach once')
        self.assertIn('breached', breached.summary)
        self.assertFalse(self._activities(call, self.sla_tech))
        self.assertEqual(call.sla_response_step, 2)
        self.assertIn(self.sla_manager.partner_id, call.message_partner_ids)
        self.assertEqual(len(call.message_follower_ids.filtered(
            lambda f: f.partner_id == self.sla_manager.partner_id)), 1)
        self.assertTrue(call.message_follower_ids.filtered(
            lambda f: f.partner_id == self.sla_manager.partner_id).subtype_ids)
        # the manager reads the call and closes the activity with their own rights
        self.assertEqual(call.sudo(self.sla_manager).sla_status, 'breached')
        breached.sudo(self.sla_manager).action_feedback(feedback='Escalated to the customer')

        # resolution: 16 h -> Wed 9:00, warned at 12.8 h (Tue 14:48)
        self._cron(2026, 11, 3, 14, 0)
        self.assertFalse(self._activities(call, self.sla_tech))
        self._cron(2026, 11, 3, 15, 0)
        self.assertEqual(len(self._activities(call, self.sla_tech)), 1)
        self._cron(2026, 11, 4, 10, 0)
        self._cron(2026, 11, 4, 11, 0)
        self.assertEqual(len(self._activities(call, self.sla_manager)), 1)
        self.assertEqual(call.sla_resolution_step, 2)
        self.assertEqual(len(call.activity_ids), 2)

    def test_unowned_call_warns_the_manager(self):
        call = new_call(self, (2026, 11, 2, 9, 0), user_id=False)
        self._cron(2026, 11, 2, 13, 30)
        self.assertEqual(len(self._activities(call, self.sla_manager)), 1)

    def test_paused_and_solved_calls_are_left_alone(self):
        paused = new_call(self, (2026, 11, 2, 9, 0))
        solved = new_call(self, (2026, 11, 2, 9, 0))
        with clock(2026, 11, 2, 10, 0):
            paused.write({'stage_id': self.stage_waiting.id})
            solved.write({'stage_id': self.stage_solved.id})
        self._cron(2026, 11, 6, 10, 0)
        self.assertFalse(paused.activity_ids | solved.activity_ids)
        self.assertEqual((paused.sla_status, solved.sla_status), ('on_time', 'met'))

    def test_survives_a_broken_call_in_batches(self):
        calls = [new_call(self, (2026, 11, 2, 9, 0)) for _i in range(3)]
        broken = calls[1]
        original = DsaTicket._dsa_sla_status_at

        def status_at(record, now, vals=None):
            if record.id == broken.id:
                raise ValueError('broken call')
            return original(record, now, vals)
        with patch.object(DsaTicket, '_dsa_sla_status_at', status_at):
            failed = self._cron(2026, 11, 2, 15, 0, batch_size=2)
        self.assertEqual(failed, broken)
        for call in (calls[0], calls[2]):
            self.assertEqual(call.sla_status, 'breached')
            self.assertEqual(len(self._activities(call, self.sla_manager)), 1)
        self.assertFalse(broken.activity_ids)
        # repaired, the next run escalates it (once)
        self._cron(2026, 11, 2, 15, 15)
        self._cron(2026, 11, 2, 15, 30)
        self.assertEqual(len(self._activities(broken, self.sla_manager)), 1)
        self.assertEqual(len(self._activities(calls[0], self.sla_manager)), 1)
