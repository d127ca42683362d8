from lxml import etree

from odoo.exceptions import AccessError, UserError

from .common import ServiceCase


class TestPlanDialog(ServiceCase):
    """Plan opens a dialog (team, technician, start, duration) instead of an
    error listing the missing fields; closing an empty intervention asks."""

    def _dialog(self, action, user):
        self.assertEqual(action['res_model'], 'dsa.intervention.plan.wizard')
        self.assertEqual(action['target'], 'new')
        Wizard = self.env['dsa.intervention.plan.wizard'].sudo(user)
        return Wizard.with_context(**action['context'])

    def test_plan_from_the_intervention(self):
        action = self.ticket.sudo(self.manager).action_plan_intervention()
        task = self.env['project.task'].browse(action['res_id'])
        self.assertEqual(task.dsa_state, 'draft')
        dialog = task.sudo(self.manager).action_dsa_plan_dialog()
        wizard = self._dialog(dialog, self.manager).create({
            'team_id': self.team_north.id, 'user_id': self.tech2.id,
            'start': '2026-11-03 07:00:00', 'duration': 3.5})
        result = wizard.action_plan()
        self.assertEqual(result['res_id'], task.id)
        self.assertEqual(task.dsa_state, 'planned')
        self.assertEqual(task.dsa_team_id, self.team_north)
        self.assertEqual(task.user_id, self.tech2)
        self.assertEqual(task.dsa_planned_start, '2026-11-03 07:00:00')
        self.assertEqual(task.dsa_planned_end, '2026-11-03 10:30:00')
        self.assertTrue(task.dsa_event_id, 'planning creates the calendar event')

    def test_dialog_starts_from_what_the_intervention_has(self):
        task = self._new_intervention(user_id=self.tech1.id)
        dialog = task.sudo(self.manager).action_dsa_plan_dialog()
        defaults = self._dialog(dialog, self.manager).default_get(
            ['team_id', 'user_id', 'start', 'duration'])
        self.assertEqual(defaults['team_id'], self.team_north.id)
        self.assertEqual(defaults['user_id'], self.tech1.id)
        self.assertEqual(defaults['start'], '2026-11-02 08:00:00')
        self.assertEqual(defaults['duration'], 4.0)

    def test_plan_straight_from_the_call(self):
        dialog = self.ticket.sudo(self.manager).action_plan_intervention_dialog()
        wizard = self._dialog(dialog, self.manager).create({
            'team_id': self.team_south.id, 'start': '2026-11-04 13:00:00', 'duration': 2})
        result = wizard.action_plan()
        task = self.env['project.task'].browse(result['res_id'])
        self.assertEqual(task.dsa_ticket_id, self.ticket)
        self.assertEqual(task.dsa_state, 'planned')
        self.assertEqual(task.dsa_planned_end, '2026-11-04 15:00:00')

    def test_technician_opens_a_draft_and_cannot_plan(self):
        result = self.ticket.sudo(self.tech1).action_plan_intervention_dialog()
        self.assertEqual(result['res_model'], 'project.task')
        task = self.env['project.task'].browse(result['res_id'])
        self.assertEqual(task.dsa_state, 'draft')
        with self.assertRaises(AccessError):
            task.sudo(self.tech1).action_dsa_plan_dialog()
        wizard = self.env['dsa.intervention.plan.wizard'].sudo(self.tech1).create({
            'task_id': task.id, 'team_id': self.team_north.id,
            'start': '2026-11-03 07:00:00', 'duration': 1})
        with self.assertRaises(AccessError):
            wizard.action_plan()
        self.assertEqual(task.dsa_state, 'draft')

    def test_bad_input_is_named(self):
        task = self._new_intervention()
        Wizard = self.env['dsa.intervention.plan.wizard'].sudo(self.manager)
        outsider = Wizard.create({'task_id': task.id, 'team_id': self.team_north.id,
                                  'user_id': self.tech3.id, 'start': '2026-11-03 07:00:00'})
        with self.assertRaisesRegex(UserError, 'Tecnico Ugo'):
            outsider.action_plan()
        empty = Wizard.create({'task_id': task.id, 'team_id': self.team_north.id,
                               'start': '2026-11-03 07:00:00', 'duration': 0})
        with self.assertRaisesRegex(UserError, 'duration'):
            empty.action_plan()
        self.assertEqual(task.dsa_state, 'draft')

    def test_closing_with_nothing_recorded_asks(self):
        task = self._new_intervention()
        self.assertFalse(task.sudo(self.tech1).dsa_has_work)
        self.env['dsa.intervention.material'].create({
            'task_id': task.id, 'action': 'installed', 'product_id': self.siren.id,
            'quantity': 1})
        task.invalidate_cache()
        self.assertTrue(task.sudo(self.tech1).dsa_has_work)
        arch = etree.fromstring(self.env['project.task'].sudo(self.tech1).fields_view_get(
            view_id=self.env.ref('dsa_tts.project_task_view_form_dsa').id,
            view_type='form')['arch'])
        closes = arch.xpath("//header/button[@name='action_dsa_done']")
        asking = [b for b in closes if b.get('confirm')]
        self.assertEqual(len(closes), 4)
        self.assertEqual(len(asking), 2, 'the two buttons shown without work ask first')
        for button in asking:
            self.assertIn('dsa_has_work', button.get('modifiers'))
        highlighted = [b for b in closes if 'oe_highlight' in (b.get('class') or '')]
        for button in highlighted:
            self.assertIn('"planned"', button.get('modifiers'),
                          'only a planned intervention highlights Close')
