from odoo.exceptions import ValidationError

from .test_service_contract import ContractCase


class TestInterventionBulk(ContractCase):
    """Quantities to components, closing at a bounded cost, contract found again."""

    def _task_with_lines(self, count, plant=None):
        plant = plant or self.env['dsa.plant'].create({
            'name': 'Bulk plant %d' % count, 'partner_id': self.customer.id})
        task = self._new_intervention(dsa_plant_id=plant.id)
        Component = self.env['dsa.plant.component']
        Material = self.env['dsa.intervention.material']
        for i in range(count):
            old = Component.create({'plant_id': plant.id, 'product_id': self.detector.id,
                                    'serial': 'OLD-%d-%d' % (count, i),
                                    'date_installed': '2020-01-01'})
            Material.create({'task_id': task.id, 'action': 'replaced' if i % 2 else 'removed',
                             'component_id': old.id, 'product_id': self.detector.id,
                             'serial': 'NEW-%d-%d' % (count, i) if i % 2 else False})
            Material.create({'task_id': task.id, 'action': 'installed',
                             'product_id': self.siren.id})
        return task

    def test_quantity_creates_one_component_each(self):
        task = self._new_intervention()
        Material = self.env['dsa.intervention.material']
        sensors = Material.create({'task_id': task.id, 'action': 'installed',
                                   'product_id': self.detector.id, 'quantity': 3,
                                   'serial': 'SD-7, SD-8\nSD-9'})
        plain = Material.create({'task_id': task.id, 'action': 'installed',
                                 'product_id': self.siren.id, 'quantity': 2})
        cable = Material.create({'task_id': task.id, 'action': 'installed',
                                 'product_id': self.panel.id, 'quantity': 2.5})
        task.action_dsa_done()
        self.assertEqual(sorted(sensors.new_component_ids.mapped('serial')),
                         ['SD-7', 'SD-8', 'SD-9'])
        self.assertEqual(len(plain.new_component_ids), 2)
        self.assertEqual(plain.new_component_ids.mapped('serial'), [False, False])
        self.assertEqual(len(cable.new_component_ids), 1)
        for comp in (sensors | plain | cable).mapped('new_component_ids'):
            self.assertEqual(comp.task_in_id, task)
            self.assertEqual(comp.plant_id, self.plant)
            self.assertEqual(comp.date_installed, task.dsa_done_date)
            self.assertEqual(comp.partner_id, self.customer)
        # the history a user sees on the component
        comp = sensors.new_component_ids[0]
        tracked = comp.message_ids.mapped('tracking_value_ids').mapped('field')
        self.assertIn('serial', tracked)
        self.assertIn('product_id', tracked)
        self.assertIn(task.name, comp.message_ids[0].body)
        # closing again applies nothing twice
        task.action_dsa_done()
        self.assertEqual(len(sensors.new_component_ids), 3)

    def test_serials_must_match_the_quantity(self):
        task = self._new_intervention()
        with self.assertRaisesRegex(ValidationError, '2 serial numbers for 3 components'):
            self.env['dsa.intervention.material'].create({
                'task_id': task.id, 'action': 'installed', 'product_id': self.detector.id,
                'quantity': 3, 'serial': 'A1 A2'})
        with self.assertRaisesRegex(ValidationError, 'repeated'):
            self.env['dsa.intervention.material'].create({
                'task_id': task.id, 'action': 'installed', 'product_id': self.detector.id,
                'quantity': 2, 'serial': 'A1, A1'})

    def test_replacement_history_and_tracking(self):
        task = self._task_with_lines(2)
        task.action_dsa_done()
        removed, replaced = task.dsa_material_ids.filtered(
            lambda l: l.action != 'installed').mapped('component_id')
        self.assertEqual(removed.date_removed, task.dsa_done_date)
        self.assertEqual(removed.task_out_id, task)
        self.assertFalse(removed.replaced_by_id)
        new = replaced.replaced_by_id
        self.assertEqual(new.replaces_id, replaced)
        self.assertEqual(new.serial, 'NEW-2-1')
        self.assertEqual(replaced.task_out_id, task)
        message = replaced.message_ids[0]
        self.assertEqual(message.tracking_value_ids.field, 'date_removed')
        self.assertTrue(all(task.dsa_material_ids.mapped('applied')))

    def test_removal_rule_stops_everything(self):
        task = self._task_with_lines(2)
        comp = task.dsa_material_ids.filtered(lambda l: l.action == 'removed').component_id
        comp.date_removed = '2021-01-01'
        with self.assertRaisesRegex(Exception, 'already removed'):
            with self.env.cr.savepoint():
                task.action_dsa_done()
        self.assertFalse(any(task.dsa_material_ids.mapped('applied')))

    def test_closing_cost_grows_at_most_5_queries_per_line(self):
        counts = {}
        for count in (5, 25):
            task = self._task_with_lines(count)
            self.env['project.task'].invalidate_cache()
            before = self.cr.sql_log_count
            task.action_dsa_done()
            counts[count] = self.cr.sql_log_count - before
        # 2 material lines per count: 40 more lines
        per_line = (counts[25] - counts[5]) / 40.0
        self.assertLessEqual(per_line, 5, counts)

    def test_contract_found_again_when_the_date_changes(self):
        old = self._contract(date_start='2026-01-01', date_end='2026-12-31',
                             next_preventive_date='2026-12-31')
        new = self._contract(date_start='2027-01-01', date_end='2027-12-31',
                             next_preventive_date='2027-12-31', labour_discount=5)
        task = self._new_intervention()
        self.assertEqual(task.dsa_contract_id, old)
        task.write({'dsa_planned_start': '2027-03-01 08:00:00',
                    'dsa_planned_end': '2027-03-01 10:00:00'})
        self.assertEqual(task.dsa_contract_id, new)
        task.write({'dsa_planned_start': '2028-03-01 08:00:00',
                    'dsa_planned_end': '2028-03-01 10:00:00'})
        self.assertFalse(task.dsa_contract_id)
        # a preventive intervention keeps the contract of its schedule
        self.Contract._cron_preventive_interventions(today='2027-01-01')
        preventive = self._preventive(old)[0]
        preventive.write({'dsa_planned_start': '2027-06-01 08:00:00'})
        self.assertEqual(preventive.dsa_contract_id, old)
