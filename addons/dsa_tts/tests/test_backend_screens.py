"""Backend screens of the field service (issue 16): counts on the smart
buttons, contract labels, one chatter note per planning email, the planning
activity closed with the intervention, the intervention form."""
import json

from lxml import etree

from odoo.tools import convert_file

from .common import ServiceCase


class TestBackendScreens(ServiceCase):

    def _planned(self):
        task = self._new_intervention()
        task.sudo(self.manager).action_dsa_plan()
        return task

    def _stat_buttons(self, model, user):
        arch = etree.fromstring(
            self.env[model].sudo(user).fields_view_get(view_type='form')['arch'])
        return arch.xpath("//div[@name='button_box']/button[contains(@class, 'oe_stat_button')]")

    def test_every_smart_button_shows_a_count(self):
        """No smart button of the customer and plant forms is a bare label: each
        holds a count (or the archive toggle)."""
        for model in ('res.partner', 'dsa.plant'):
            for button in self._stat_buttons(model, self.tech1):
                if json.loads(button.get('modifiers') or '{}').get('invisible') is True:
                    continue  # a button of another group's feature, not shown
                self.assertTrue(button.xpath('./field'), etree.tostring(button))

    def test_plant_and_customer_counts(self):
        plant = self.plant.sudo(self.tech1)
        self.assertEqual((plant.dsa_call_count, plant.dsa_intervention_count), (1, 0))
        task = self._planned()
        self.env['dsa.plant'].invalidate_cache()
        self.env['res.partner'].invalidate_cache()
        self.assertEqual((plant.dsa_call_count, plant.dsa_intervention_count), (1, 1))
        customer = self.customer.sudo(self.tech1)
        self.assertEqual((customer.dsa_call_count, customer.dsa_intervention_count), (1, 1))
        names = [b.get('name') for b in self._stat_buttons('dsa.plant', self.tech1)]
        self.assertIn('action_dsa_history_calls', names)
        self.assertIn('action_dsa_history_interventions', names)
        action = plant.action_dsa_history_interventions()
        self.assertEqual(self.env['project.task'].search(action['domain']), task)

    def test_contract_labels(self):
        contract = self.env['dsa.service.contract'].create({
            'partner_id': self.customer.id, 'plant_ids': [(6, 0, self.plant.ids)],
            'preventive_interval': 6, 'preventive_unit': 'months'})
        self.assertEqual(contract.preventive_label, 'Every 6 months')
        contract.preventive_interval = 1
        self.assertEqual(contract.preventive_label, 'Every month')
        contract.preventive_interval = 0
        self.assertEqual(contract.preventive_label, 'No preventive schedule')
        task = self._new_intervention(dsa_contract_id=contract.id)
        contract.invalidate_cache()
        self.assertEqual(contract.task_count, 1)
        self.assertEqual(task.dsa_contract_id, contract)

    def test_demo_corrective_intervention_has_its_contract(self):
        # Demo data is not updated by an upgrade: load the demo file as an
        # installation does (in this test's transaction, rolled back after), so
        # that the check holds on upgraded test databases too.
        convert_file(self.cr, 'dsa_tts', 'demo/dsa_service_contract_demo.xml', {},
                     mode='init', noupdate=True, kind='demo')
        self.env.clear()
        task = self.env.ref('dsa_tts.project_task_rossi_panel_demo')
        contract = self.env.ref('dsa_tts.dsa_service_contract_rossi_demo')
        self.assertEqual(task.dsa_contract_id, contract)
        self.assertGreaterEqual(contract.task_count, 1)

    def test_plan_posts_one_note(self):
        task = self._planned()
        notes = task.message_ids.filtered(lambda m: 'planned' in (m.subject or ''))
        self.assertEqual(len(notes), 1, notes.mapped('subject'))
        # every recipient still gets the email, and a reply threads into the task
        self.assertEqual(self._mails(task, 'planned').mapped('recipient_ids'),
                         self.contact | self.tech1.partner_id | self.tech2.partner_id)
        self.assertEqual((notes.model, notes.res_id), ('project.task', task.id))
        task.sudo(self.manager).write({'dsa_planned_start': '2026-11-03 08:00:00',
                                       'dsa_planned_end': '2026-11-03 12:00:00'})
        notes = task.message_ids.filtered(lambda m: 'rescheduled' in (m.subject or ''))
        self.assertEqual(len(notes), 1, notes.mapped('subject'))

    def test_done_closes_planning_activity(self):
        task = self._planned()
        activity = task.activity_ids.filtered(lambda a: a.calendar_event_id == task.dsa_event_id)
        self.assertTrue(activity, 'the calendar puts an activity on the intervention')
        task.sudo(self.tech1).action_dsa_done()
        self.assertFalse(task.activity_ids.filtered(
            lambda a: a.calendar_event_id == task.dsa_event_id))
        self.assertTrue(task.message_ids.filtered(lambda m: 'Intervention done.' in m.body))

    def test_intervention_form(self):
        view = self.env['project.task'].sudo(self.tech1).fields_view_get(view_type='form')
        arch = etree.fromstring(view['arch'])
        for name in ('planned_hours', 'remaining_hours'):
            nodes = arch.xpath("//field[@name='%s']" % name)
            self.assertTrue(nodes, name)
            for node in nodes:
                invisible = json.loads(node.get('modifiers'))['invisible']
                self.assertIn(['dsa_is_intervention', '=', True], invisible, name)
        self.assertTrue(arch.xpath(
            "//page[@name='description_page']//field[@name='dsa_ticket_description']"))
        task = self._new_intervention()
        self.assertEqual(task.sudo(self.tech1).dsa_ticket_description, 'Fault light on.')
