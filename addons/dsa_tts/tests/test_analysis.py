from odoo.exceptions import AccessError

from .test_service_contract import ContractCase

MODELS = ('dsa.intervention.cost.analysis', 'dsa.material.analysis', 'dsa.work.analysis')


class TestAnalysis(ContractCase):
    """The analyses (SQL views) reconcile with the timesheets, the material lines
    and the costs each intervention shows, contract discounts included."""

    @classmethod
    def setUpClass(cls):
        super(TestAnalysis, cls).setUpClass()
        env = cls.env
        cls.contract = cls._contract_cls(cls)
        cls.employee2 = env['hr.employee'].create({'name': 'Tecnica Tina',
                                                   'user_id': cls.tech2.id})
        if 'timesheet_cost' in cls.employee1._fields:
            cls.employee1.timesheet_cost = 27.5
        cls.categ = env['product.category'].create({'name': 'Sirens (test)'})
        cls.siren.categ_id = cls.categ
        # a product without a sales price is costed at its cost
        cls.cable = env['product.product'].create({
            'name': 'Cable', 'type': 'consu', 'list_price': 0.0, 'standard_price': 1.3})
        cls.tasks = env['project.task']
        for index, kind in enumerate(('extraordinary', 'corrective', 'preventive')):
            cls.tasks |= cls._intervention(cls, kind, index)
        # not done: in no analysis of done work
        cls.open_task = cls._intervention(cls, 'extraordinary', 3, close=False)

    def _contract_cls(self):
        return self.Contract.sudo(self.manager).create({
            'partner_id': self.customer.id, 'plant_ids': [(6, 0, [self.plant.id])],
            'date_start': '2026-01-01', 'date_end': '2027-12-31',
            'labour_discount': 15.0, 'material_discount': 7.5}).sudo()

    def _intervention(self, kind, index, close=True):
        self.contract.state = 'running'
        project = self.env['project.project']._dsa_field_service_project()
        task = self.env['project.task'].create({
            'name': 'Analysed %s' % kind, 'project_id': project.id,
            'dsa_plant_id': self.plant.id, 'partner_id': self.contact.id,
            'dsa_kind': kind, 'dsa_team_id': self.team_north.id,
            'dsa_planned_start': '2026-11-0%d 08:00:00' % (index + 2),
            'dsa_planned_end': '2026-11-0%d 10:00:00' % (index + 2)})
        Material = self.env['dsa.intervention.material']
        Material.create({'task_id': task.id, 'action': 'installed',
                         'product_id': self.siren.id, 'quantity': 3,
                         'serial': 'S%d-1, S%d-2, S%d-3' % (index, index, index)})
        Material.create({'task_id': task.id, 'action': 'installed',
                         'product_id': self.cable.id, 'quantity': 12.5})
        old = self.env['dsa.plant.component'].create({
            'plant_id': self.plant.id, 'product_id': self.detector.id,
            'date_installed': '2019-01-01'})
        Material.create({'task_id': task.id, 'action': 'removed', 'component_id': old.id})
        for employee, hours in ((self.employee1, 1.25 + index), (self.employee2, 0.75)):
            self.env['account.analytic.line'].create({
                'name': 'Work', 'task_id': task.id, 'project_id': project.id,
                'employee_id': employee.id, 'unit_amount': hours,
                'date': '2026-1%d-05' % min(index, 2)})
        if close:
            task.action_dsa_done()
            task.dsa_done_date = '2026-1%d-06' % index
        return task

    def test_cost_analysis_reconciles_with_each_intervention(self):
        rows = self.env['dsa.intervention.cost.analysis'].search([
            ('task_id', 'in', (self.tasks | self.open_task).ids)])
        self.assertEqual(rows.mapped('task_id'), self.tasks)
        self.assertEqual(self.tasks.mapped('dsa_contract_id'), self.contract)
        for row in rows:
            task = row.task_id
            self.assertAlmostEqual(row.hours, task.dsa_labour_hours, places=9)
            self.assertAlmostEqual(row.labour_cost, task.dsa_labour_cost, places=9)
            self.assertAlmostEqual(row.material_cost, task.dsa_material_cost, places=9)
            self.assertAlmostEqual(row.discount, task.dsa_discount_amount, places=9)
            self.assertAlmostEqual(row.net, task.dsa_total_cost, places=9)
            self.assertEqual(row.date, task.dsa_done_date)
            self.assertEqual(row.partner_id, self.customer)
            self.assertEqual(row.contract_id, self.contract)
            # the sale price of labour, apart from the cost
            self.assertAlmostEqual(row.labour_price, task.dsa_labour_hours * self.env.ref(
                'dsa_tts.product_product_dsa_labour').lst_price, places=9)
        extra = rows.filtered(lambda r: r.kind == 'extraordinary')
        self.assertGreater(extra.discount, 0)
        self.assertEqual(rows.filtered(lambda r: r.kind != 'extraordinary').mapped('discount'),
                         [0.0, 0.0])
        # the pivot: grouped sums equal the sums of the interventions
        groups = self.env['dsa.intervention.cost.analysis'].read_group(
            [('task_id', 'in', self.tasks.ids)],
            ['date', 'labour_cost', 'material_cost', 'discount', 'net'], ['date:month'])
        self.assertEqual(len(groups), 3)
        self.assertAlmostEqual(sum(g['net'] for g in groups),
                               sum(self.tasks.mapped('dsa_total_cost')), places=9)

    def test_material_analysis_reconciles_with_the_lines(self):
        Analysis = self.env['dsa.material.analysis']
        rows = Analysis.search([('task_id', 'in', (self.tasks | self.open_task).ids)])
        lines = self.tasks.mapped('dsa_material_ids')
        self.assertEqual(len(rows), len(lines))
        for task in self.tasks:
            mine = rows.filtered(lambda r: r.task_id == task)
            self.assertAlmostEqual(sum(mine.mapped('amount')), task.dsa_material_cost, places=9)
            self.assertEqual(set(mine.mapped('date')), {task.dsa_done_date})
        groups = Analysis.read_group([('task_id', 'in', self.tasks.ids)],
                                     ['categ_id', 'quantity', 'amount'], ['categ_id'])
        sirens = [g for g in groups if g['categ_id'] and g['categ_id'][0] == self.categ.id][0]
        self.assertEqual(sirens['quantity'], 9.0)
        self.assertAlmostEqual(sirens['amount'], 9 * 120.0)
        cable = rows.filtered(lambda r: r.product_id == self.cable)
        self.assertAlmostEqual(sum(cable.mapped('amount')), 3 * 12.5 * 1.3, places=9)

    def test_work_analysis_reconciles_with_the_timesheets(self):
        Analysis = self.env['dsa.work.analysis']
        tasks = self.tasks | self.open_task
        rows = Analysis.search([('task_id', 'in', tasks.ids)])
        timesheets = tasks.mapped('timesheet_ids')
        self.assertEqual(sorted(rows.ids), sorted(timesheets.ids))
        self.assertAlmostEqual(sum(rows.mapped('hours')), sum(timesheets.mapped('unit_amount')))
        groups = Analysis.read_group([('task_id', 'in', tasks.ids)],
                                     ['kind', 'employee_id', 'hours'],
                                     ['kind', 'employee_id'], lazy=False)
        by_key = {(g['kind'], g['employee_id'][0]): g['hours'] for g in groups}
        self.assertAlmostEqual(by_key[('corrective', self.employee1.id)], 2.25)
        self.assertAlmostEqual(by_key[('extraordinary', self.employee1.id)], 1.25 + 4.25)
        self.assertEqual(set(rows.mapped('team_id')), {self.team_north})

    def test_only_managers_read_the_analyses(self):
        for model in MODELS:
            self.assertTrue(self.env[model].sudo(self.manager).search([]))
            for user in (self.tech1, self.env.ref('base.user_demo')):
                with self.assertRaises(AccessError):
                    self.env[model].sudo(user).search([])
                with self.assertRaises(AccessError):
                    self.env[model].sudo(user).read_group([], ['partner_id'], ['partner_id'])

    def test_a_customer_rule_filters_every_path(self):
        """As the zone rules of dsa_crm_tts will: a rule on the customer."""
        other_customer = self.env['res.partner'].create({'name': 'Hidden Srl'})
        other_plant = self.env['dsa.plant'].create({'name': 'Hidden plant',
                                                    'partner_id': other_customer.id})
        project = self.env['project.project']._dsa_field_service_project()
        hidden = self.env['project.task'].create({
            'name': 'Hidden work', 'project_id': project.id, 'dsa_plant_id': other_plant.id,
            'partner_id': other_customer.id})
        self.env['dsa.intervention.material'].create({
            'task_id': hidden.id, 'action': 'installed', 'product_id': self.siren.id})
        self.env['account.analytic.line'].create({
            'name': 'Work', 'task_id': hidden.id, 'project_id': project.id,
            'employee_id': self.employee1.id, 'unit_amount': 1.0})
        hidden.action_dsa_done()
        Partner = self.env['res.partner']
        if 'dsa_zone_id' in Partner._fields:
            north = self.env['dsa.zone'].create({'name': 'Nord'})
            self.customer.dsa_zone_id = north
            domain = "[('partner_id.dsa_zone_id', '=', %d)]" % north.id
        else:
            domain = "[('partner_id', '=', %d)]" % self.customer.id
        for model in MODELS:
            self.env['ir.rule'].create({
                'name': 'Zone of the manager (test)',
                'model_id': self.env['ir.model']._get(model).id,
                'groups': [(6, 0, [self.env.ref('dsa_tts.group_manager').id])],
                'domain_force': domain})
            Analysis = self.env[model].sudo(self.manager)
            rows = Analysis.search([])
            self.assertTrue(rows)
            self.assertEqual(rows.mapped('partner_id'), self.customer, model)
            self.assertFalse(Analysis.search([('task_id', '=', hidden.id)]))
            groups = Analysis.read_group([], ['partner_id'], ['partner_id'])
            self.assertEqual([g['partner_id'][0] for g in groups], [self.customer.id])
            hidden_row = self.env[model].search([('task_id', '=', hidden.id)], limit=1)
            with self.assertRaises(AccessError):
                hidden_row.sudo(self.manager).read(['partner_id'])
            names = [name for _id, name in Analysis.name_search('')]
            self.assertEqual(len(names), len(Analysis.search([], limit=100)))
            exported = Analysis.search([]).export_data(['partner_id'])['datas']
            self.assertFalse([row for row in exported
                              if row[0] and 'Hidden' in row[0]])
