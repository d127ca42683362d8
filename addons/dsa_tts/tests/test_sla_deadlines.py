"""Service-level deadlines in working hours (issue 26): across a night, a
weekend, a public holiday and a customer pause; a contract starting or
ending while the call is open; a priority raised mid-way; a reopened call."""
from odoo.exceptions import AccessError
from odoo.tests.common import SavepointCase, at_install, post_install

from .sla_common import clock, make_sla_data, new_call, rome_str


@at_install(False)
@post_install(True)
class TestSlaDeadlines(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super(TestSlaDeadlines, cls).setUpClass()
        make_sla_data(cls)

    def test_night(self):
        """Opened Tuesday 16:00: one hour that day, the rest the next morning."""
        call = new_call(self, (2026, 11, 3, 16, 0))
        self.assertEqual(call.sla_policy_id, self.policy_std)
        self.assertEqual(call.sla_response_deadline, rome_str(2026, 11, 4, 11, 0))
        # 16 h: Tue 1 h, Wed 8 h, Thu 7 h (8-12, 13-16)
        self.assertEqual(call.sla_resolution_deadline, rome_str(2026, 11, 5, 16, 0))
        self.assertEqual(call.sla_status, 'on_time')

    def test_weekend(self):
        """Opened Friday 15:00: two hours on Friday, two on Monday."""
        call = new_call(self, (2026, 11, 6, 15, 0))
        self.assertEqual(call.sla_response_deadline, rome_str(2026, 11, 9, 10, 0))

    def test_public_holiday(self):
        """Opened Monday 7 December 16:00: the 8th is a holiday of the calendar."""
        call = new_call(self, (2026, 12, 7, 16, 0))
        self.assertEqual(call.sla_response_deadline, rome_str(2026, 12, 9, 11, 0))

    def test_customer_pause(self):
        """Waiting on the customer stops the clock; the deadline moves by the
        working hours of the pause, and the pause stays in the history."""
        call = new_call(self, (2026, 11, 2, 9, 0))
        self.assertEqual(call.sla_resolution_deadline, rome_str(2026, 11, 4, 9, 0))
        with clock(2026, 11, 2, 10, 0):
            call.sudo(self.sla_tech).action_sla_acknowledge()
        self.assertEqual(call.sla_responded_date, rome_str(2026, 11, 2, 10, 0))
        self.assertEqual(call.sla_response_hours, 1.0)
        with clock(2026, 11, 2, 14, 0):
            call.sudo(self.sla_tech).write({'stage_id': self.stage_waiting.id})
        self.assertEqual(call.sla_paused_since, rome_str(2026, 11, 2, 14, 0))
        # paused past its old deadline: not breached
        with clock(2026, 11, 4, 12, 0) as now:
            self.env['dsa.ticket']._cron_sla_escalation(now=now)
        self.assertEqual(call.sla_status, 'on_time')
        with clock(2026, 11, 3, 14, 0):
            call.sudo(self.sla_tech).write({'stage_id': self.stage_progress.id})
        # paused Mon 14-17 and Tue 8-12, 13-14: 8 working hours later
        self.assertEqual(call.sla_resolution_deadline, rome_str(2026, 11, 5, 9, 0))
        self.assertFalse(call.sla_paused_since)
        self.assertEqual(
            [(p.date_start, p.date_end, p.reason) for p in call.sla_pause_ids],
            [(rome_str(2026, 11, 2, 14, 0), rome_str(2026, 11, 3, 14, 0), 'customer')])
        # solved Thursday 8:30: 16 working hours minus the pause... met
        with clock(2026, 11, 5, 8, 30):
            call.sudo(self.sla_tech).write({'stage_id': self.stage_solved.id})
        self.assertEqual(call.sla_status, 'met')
        self.assertEqual(call.sla_resolution_hours, 15.5)

    def test_reopened_keeps_history(self):
        """Closed then reopened: the closed time is a pause, the resolution
        is pending again and the deadline moves by the closed working hours."""
        call = new_call(self, (2026, 11, 2, 9, 0))
        with clock(2026, 11, 2, 11, 0):
            call.write({'stage_id': self.stage_solved.id})
        self.assertEqual(call.sla_status, 'met')
        with clock(2026, 11, 3, 11, 0):
            call.write({'stage_id': self.stage_progress.id})
        self.assertFalse(call.sla_resolved_date)
        self.assertEqual(call.sla_pause_ids.mapped('reason'), ['closed'])
        # Mon 11-12, 13-17 and Tue 8-11: 8 working hours later than Wed 9:00
        self.assertEqual(call.sla_resolution_deadline, rome_str(2026, 11, 5, 9, 0))
        # the first response stays: it happened at the first closing
        self.assertEqual(call.sla_responded_date, rome_str(2026, 11, 2, 11, 0))
        self.assertEqual(call.sla_status, 'on_time')

    def test_priority_raised(self):
        """Raised to urgent on Monday 11:00: the urgent targets from then on."""
        call = new_call(self, (2026, 11, 2, 9, 0))
        with clock(2026, 11, 2, 11, 0):
            call.sudo(self.sla_tech).write({'priority': '3'})
        self.assertEqual(call.sla_start, rome_str(2026, 11, 2, 11, 0))
        self.assertEqual(call.sla_response_deadline, rome_str(2026, 11, 2, 13, 0))
        self.assertEqual(call.sla_resolution_deadline, rome_str(2026, 11, 2, 16, 0))

    def _contract(self, start, end, policy):
        contract = self.env['dsa.service.contract'].create({
            'partner_id': self.sla_customer.id, 'plant_ids': [(6, 0, self.sla_plant.ids)],
            'date_start': start, 'date_end': end, 'dsa_sla_policy_id': policy.id})
        contract.action_activate()
        return contract

    def test_contract_starting_while_open(self):
        """The promise is the one made at the opening: a contract that starts
        later applies to the next calls only."""
        call = new_call(self, (2026, 11, 2, 9, 0))
        contract = self._contract('2026-11-03', False, self.policy_gold)
        with clock(2026, 11, 3, 9, 0):
            call.write({'priority': '1'})  # no change: nothing moves
            later = new_call(self, (2026, 11, 3, 9, 0))
        self.assertEqual(call.sla_policy_id, self.policy_std)
        self.assertEqual(call.sla_resolution_deadline, rome_str(2026, 11, 4, 9, 0))
        self.assertEqual(later.sla_policy_id, self.policy_gold)
        self.assertEqual(later.sla_contract_id, contract)
        # gold, normal priority: 8 working hours, Tue 9-12, 13-17, Wed 8-9
        self.assertEqual(later.sla_resolution_deadline, rome_str(2026, 11, 4, 9, 0))

    def test_contract_ending_while_open(self):
        """A contract that ends (and expires) while its call is open keeps its
        stricter promise for that call, through a pause and a resume."""
        contract = self._contract('2026-10-01', '2026-11-02', self.policy_gold)
        call = new_call(self, (2026, 11, 2, 9, 0))
        self.assertEqual(call.sla_policy_id, self.policy_gold)
        # gold, normal priority: 8 working hours, Mon 9-12, 13-17, Tue 8-9
        self.assertEqual(call.sla_resolution_deadline, rome_str(2026, 11, 3, 9, 0))
        self.env['dsa.service.contract']._cron_preventive_interventions(today='2026-11-03')
        self.assertEqual(contract.state, 'expired')
        with clock(2026, 11, 2, 16, 0):
            call.write({'stage_id': self.stage_waiting.id})
        with clock(2026, 11, 3, 8, 0):
            call.write({'stage_id': self.stage_progress.id})
        self.assertEqual(call.sla_policy_id, self.policy_gold)
        # one working hour paused (Mon 16-17)
        self.assertEqual(call.sla_resolution_deadline, rome_str(2026, 11, 3, 10, 0))

    def test_contract_must_be_stricter(self):
        """A contract cannot promise more time than the company default."""
        lax = self.env['dsa.sla.policy'].create({
            'name': 'Lax', 'calendar_id': self.calendar.id,
            'target_ids': [(0, 0, {'priority': '1', 'response_hours': 9,
                                   'resolution_hours': 20})]})
        with self.assertRaises(Exception):
            self._contract('2026-10-01', False, lax)

    def test_fields_set_by_the_clock_only(self):
        """Nobody moves a deadline or a status by hand or over RPC."""
        call = new_call(self, (2026, 11, 2, 9, 0))
        for vals in ({'sla_resolution_deadline': '2030-01-01 00:00:00'},
                     {'sla_status': 'met'}, {'sla_responded_date': '2026-11-02 08:00:00'}):
            with self.assertRaises(AccessError):
                call.sudo(self.sla_manager).write(vals)
        self.assertEqual(call.sla_resolution_deadline, rome_str(2026, 11, 4, 9, 0))

    def test_public_reply_is_a_first_response(self):
        """A public reply of the technician is the first response; a note is not."""
        call = new_call(self, (2026, 11, 2, 9, 0))
        with clock(2026, 11, 2, 9, 30):
            call.sudo(self.sla_tech).message_post(
                body='Internal remark', message_type='comment', subtype='mail.mt_note')
        self.assertFalse(call.sla_responded_date)
        with clock(2026, 11, 2, 10, 0):
            call.sudo(self.sla_tech).message_post(
                body='We are on it', message_type='comment', subtype='mail.mt_comment')
        self.assertEqual(call.sla_responded_date, rome_str(2026, 11, 2, 10, 0))
        self.assertEqual(call.sla_response_kept, 'kept')
