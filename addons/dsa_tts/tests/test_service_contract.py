import psycopg2

import odoo
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import mute_logger

from odoo.addons.dsa_base.tests.pdf import pdf_text, render_pdf

from .common import ServiceCase


class ContractCase(ServiceCase):

    @classmethod
    def setUpClass(cls):
        super(ContractCase, cls).setUpClass()
        env = cls.env
        cls.plant2 = env['dsa.plant'].create({
            'name': 'CCTV warehouse', 'partner_id': cls.customer.id, 'city': 'Carpi'})
        cls.other_customer = env['res.partner'].create({
            'name': 'Other Customer Srl', 'is_company': True})
        cls.other_plant = env['dsa.plant'].create({
            'name': 'Heating plant', 'partner_id': cls.other_customer.id})
        cls.Contract = env['dsa.service.contract']

    def _contract(self, **vals):
        values = {
            'partner_id': self.customer.id,
            'plant_ids': [(6, 0, [self.plant.id, self.plant2.id])],
            'date_start': '2026-01-31',
            'date_end': '2028-12-31',
            'labour_discount': 20.0,
            'material_discount': 10.0,
            'preventive_interval': 1,
            'preventive_unit': 'months',
            'dsa_team_id': self.team_north.id,
        }
        values.update(vals)
        contract = self.Contract.sudo(self.manager).create(values)
        contract.action_activate()
        return contract.sudo()

    def _preventive(self, contract):
        return self.env['project.task'].search(
            [('dsa_contract_id', '=', contract.id), ('dsa_kind', '=', 'preventive')],
            order='dsa_preventive_date, dsa_plant_id')


class TestContractConstraints(ContractCase):

    def test_sequence_and_activation(self):
        contract = self._contract(next_preventive_date='2027-01-31')
        self.assertTrue(contract.name.startswith('CTR/'), contract.name)
        self.assertEqual(contract.state, 'running')
        contract.sudo(self.manager).action_cancel()
        self.assertEqual(contract.state, 'cancelled')
        contract.sudo(self.manager).action_draft()
        self.assertEqual(contract.state, 'draft')

    def test_activation_starts_schedule_on_grid_from_today(self):
        contract = self._contract(date_start='2020-03-15', date_end=False)
        today = odoo.fields.Date.from_string(odoo.fields.Date.context_today(contract))
        nxt = odoo.fields.Date.from_string(contract.next_preventive_date)
        self.assertGreaterEqual(nxt, today)
        self.assertEqual(nxt.day, 15)

    def test_dates(self):
        with self.assertRaisesRegex(ValidationError, 'end date must not be before'):
            self._contract(date_start='2027-01-01', date_end='2026-12-31')

    def test_discounts(self):
        with self.assertRaisesRegex(ValidationError, 'labour discount must be between 0'):
            self._contract(labour_discount=120)
        with self.assertRaisesRegex(ValidationError, 'material discount must be between 0'):
            self._contract(material_discount=-5)

    def test_interval(self):
        with self.assertRaisesRegex(ValidationError, 'preventive interval'):
            self._contract(preventive_interval=-1)

    def test_plants_of_another_customer(self):
        with self.assertRaisesRegex(ValidationError, 'Heating plant.*Other Customer Srl'):
            self._contract(plant_ids=[(6, 0, [self.plant.id, self.other_plant.id])])
        contract = self._contract()
        with self.assertRaises(ValidationError):
            contract.write({'partner_id': self.other_customer.id})

    def test_activate_without_plants(self):
        contract = self.Contract.sudo(self.manager).create({
            'partner_id': self.customer.id, 'date_start': '2026-01-01'})
        with self.assertRaisesRegex(UserError, 'covers no plant'):
            contract.action_activate()


class TestPreventiveCron(ContractCase):

    def test_cron_creates_due_tasks_once_and_catches_up(self):
        contract = self._contract(next_preventive_date='2027-01-31')
        self.Contract._cron_preventive_interventions(today='2027-04-05')
        tasks = self._preventive(contract)
        # 31 Jan, 28 Feb, 31 Mar x 2 plants
        self.assertEqual(len(tasks), 6)
        self.assertEqual(sorted(set(tasks.mapped('dsa_preventive_date'))),
                         ['2027-01-31', '2027-02-28', '2027-03-31'])
        self.assertEqual(contract.next_preventive_date, '2027-04-30')
        task = tasks[0]
        self.assertEqual(task.project_id,
                         self.env['project.project']._dsa_field_service_project())
        self.assertTrue(task.dsa_is_intervention)
        self.assertEqual(task.dsa_team_id, self.team_north)
        self.assertEqual(task.dsa_state, 'draft')
        self.assertIn('Preventive maintenance', task.name)
        self.assertIn('2027-01-31', task.name)
        self.assertEqual(tasks.mapped('dsa_plant_id'), self.plant | self.plant2)
        # idempotent: same day again, nothing more
        self.Contract._cron_preventive_interventions(today='2027-04-05')
        self.assertEqual(len(self._preventive(contract)), 6)
        # a next date moved back by hand does not duplicate either
        contract.next_preventive_date = '2027-02-28'
        self.Contract._cron_preventive_interventions(today='2027-04-05')
        self.assertEqual(len(self._preventive(contract)), 6)
        self.assertEqual(contract.next_preventive_date, '2027-04-30')
        # the grid stays anchored on the start date: 30 Apr then 31 May
        self.Contract._cron_preventive_interventions(today='2027-05-31')
        self.assertEqual(len(self._preventive(contract)), 10)
        self.assertEqual(contract.next_preventive_date, '2027-06-30')

    def test_database_refuses_duplicates(self):
        contract = self._contract(next_preventive_date='2027-01-31')
        self.Contract._cron_preventive_interventions(today='2027-01-31')
        task = self._preventive(contract)[0]
        with self.assertRaises(psycopg2.IntegrityError), mute_logger('odoo.sql_db'), \
                self.env.cr.savepoint():
            task.copy({'dsa_preventive_date': task.dsa_preventive_date})

    def test_other_units(self):
        weekly = self._contract(preventive_unit='weeks', preventive_interval=2,
                                next_preventive_date='2026-01-31')
        yearly = self._contract(preventive_unit='years', preventive_interval=1,
                                date_start='2024-02-29', next_preventive_date='2025-02-28')
        self.Contract._cron_preventive_interventions(today='2026-03-01')
        # 31 Jan, 14 Feb, 28 Feb x 2 plants
        self.assertEqual(weekly.next_preventive_date, '2026-03-14')
        self.assertEqual(len(self._preventive(weekly)), 6)
        self.assertEqual(yearly.next_preventive_date, '2027-02-28')
        self.assertEqual(sorted(set(self._preventive(yearly).mapped('dsa_preventive_date'))),
                         ['2025-02-28', '2026-02-28'])

    def test_not_running_contracts_are_skipped(self):
        draft = self.Contract.create({
            'partner_id': self.customer.id, 'plant_ids': [(6, 0, self.plant.ids)],
            'date_start': '2026-01-01', 'preventive_interval': 1,
            'next_preventive_date': '2026-02-01'})
        cancelled = self._contract(next_preventive_date='2026-02-01')
        cancelled.action_cancel()
        self.Contract._cron_preventive_interventions(today='2026-06-01')
        self.assertFalse(self._preventive(draft) | self._preventive(cancelled))

    def test_cron_survives_a_bad_contract(self):
        good = self._contract(next_preventive_date='2027-01-31')
        bad_plant = self.env['dsa.plant'].create({
            'name': 'Sold plant', 'partner_id': self.customer.id})
        bad = self._contract(plant_ids=[(6, 0, [bad_plant.id, self.plant2.id])],
                             next_preventive_date='2027-01-31')
        # the plant is sold to another customer after the contract was signed
        bad_plant.partner_id = self.other_customer
        failed = self.Contract._cron_preventive_interventions(today='2027-02-01')
        self.assertEqual(failed, bad)
        self.assertEqual(len(self._preventive(good)), 2)
        self.assertEqual(good.next_preventive_date, '2027-02-28')
        # nothing half done for the bad one, and the reason is in its chatter
        self.assertFalse(self._preventive(bad))
        self.assertEqual(bad.next_preventive_date, '2027-01-31')
        self.assertIn('Sold plant', bad.message_ids[0].body)
        self.assertIn('could not be created', bad.message_ids[0].body)

    def test_expiry(self):
        contract = self._contract(date_end='2027-02-15', next_preventive_date='2027-01-31')
        open_ended = self._contract(date_end=False, next_preventive_date='2027-06-30')
        self.Contract._cron_preventive_interventions(today='2027-06-01')
        self.assertEqual(contract.state, 'expired')
        self.assertEqual(open_ended.state, 'running')
        # only the due dates inside the contract period
        self.assertEqual(set(self._preventive(contract).mapped('dsa_preventive_date')),
                         {'2027-01-31'})

    def test_cron_record_direct_trigger(self):
        today = odoo.fields.Date.from_string(odoo.fields.Date.context_today(self.Contract))
        contract = self._contract(
            date_start=odoo.fields.Date.to_string(today.replace(day=1)), date_end=False,
            next_preventive_date=odoo.fields.Date.to_string(today))
        cron = self.env.ref('dsa_tts.ir_cron_preventive_interventions')
        self.assertEqual(cron.model_id.model, 'dsa.service.contract')
        self.assertEqual(cron.interval_type, 'days')
        cron.method_direct_trigger()
        self.assertEqual(len(self._preventive(contract)), 2)
        self.assertGreater(contract.next_preventive_date, odoo.fields.Date.to_string(today))


class TestContractCosts(ContractCase):

    def _intervention_with_costs(self, kind):
        task = self._new_intervention(dsa_kind=kind)
        self.env['dsa.intervention.material'].sudo(self.tech1).create({
            'task_id': task.id, 'action': 'installed', 'product_id': self.siren.id,
            'serial': 'SI-%s' % kind})
        self.env['account.analytic.line'].sudo(self.tech1).create({
            'name': 'Work', 'task_id': task.id, 'project_id': task.project_id.id,
            'employee_id': self.employee1.id, 'unit_amount': 2.0, 'date': '2026-11-02'})
        return task

    def test_contract_found_on_create(self):
        contract = self._contract(date_start='2026-01-01', date_end='2027-12-31',
                                  next_preventive_date='2027-01-01')
        task = self._new_intervention()
        self.assertEqual(task.dsa_contract_id, contract)
        other = self.env['project.task'].create({
            'name': 'Other customer', 'dsa_plant_id': self.other_plant.id,
            'project_id': task.project_id.id})
        self.assertFalse(other.dsa_contract_id)
        outside = self.env['project.task'].create({
            'name': 'Before the contract', 'dsa_plant_id': self.plant.id,
            'project_id': task.project_id.id, 'dsa_planned_start': '2025-06-01 08:00:00',
            'dsa_planned_end': '2025-06-01 10:00:00'})
        self.assertFalse(outside.dsa_contract_id)

    def test_discount_only_on_extraordinary(self):
        self._contract(date_start='2026-01-01', date_end='2027-12-31',
                       next_preventive_date='2027-01-01')
        rate = self.env.ref('dsa_tts.product_product_dsa_labour').lst_price
        extra = self._intervention_with_costs('extraordinary')
        self.assertTrue(extra.dsa_contract_id)
        self.assertAlmostEqual(extra.dsa_labour_cost, 2.0 * rate)
        self.assertAlmostEqual(extra.dsa_material_cost, 120.0)
        self.assertAlmostEqual(extra.dsa_labour_discount, 20.0)
        self.assertAlmostEqual(extra.dsa_material_discount, 10.0)
        self.assertAlmostEqual(extra.dsa_discount_amount, 0.2 * 2.0 * rate + 12.0)
        self.assertAlmostEqual(extra.dsa_total_cost, 0.8 * 2.0 * rate + 108.0)
        html = self.env['ir.qweb'].render('dsa_tts.report_dsa_intervention_standalone', {
            'docs': extra, 'company': self.env.user.company_id, 'dsa_sign': {}})
        html = html.decode() if isinstance(html, bytes) else html
        self.assertIn('Contract discount', html)
        self.assertIn(extra.dsa_contract_id.name, html)
        for kind in ('corrective', 'preventive'):
            task = self._intervention_with_costs(kind)
            self.assertTrue(task.dsa_contract_id)
            self.assertAlmostEqual(task.dsa_discount_amount, 0.0)
            self.assertAlmostEqual(task.dsa_total_cost, 2.0 * rate + 120.0)

    def test_onchange_plant_proposes_contract(self):
        contract = self._contract(date_start='2026-01-01', date_end='2027-12-31',
                                  next_preventive_date='2027-01-01')
        task = self.env['project.task'].new({'name': 'New', 'dsa_plant_id': self.plant.id})
        task._onchange_dsa_plant_id()
        self.assertEqual(task.dsa_contract_id, contract)
        self.assertEqual(task.partner_id, self.contact)

    def test_no_contract_no_discount(self):
        task = self._intervention_with_costs('extraordinary')
        self.assertFalse(task.dsa_contract_id)
        self.assertAlmostEqual(task.dsa_discount_amount, 0.0)


class TestContractReportAndSecurity(ContractCase):

    def test_pdf_renders(self):
        contract = self._contract(next_preventive_date='2027-01-31',
                                  notes='Semestral maintenance')
        report = self.env.ref('dsa_tts.action_report_dsa_service_contract')
        text = pdf_text(render_pdf(report, contract.ids))
        self.assertIn(contract.name, text)
        self.assertIn('Fire alarm HQ', text)
        self.assertIn('CCTV warehouse', text)

    def test_technician_reads_but_cannot_write(self):
        contract = self._contract(next_preventive_date='2027-01-31')
        Contract = self.Contract.sudo(self.tech1)
        self.assertEqual(Contract.search([('id', '=', contract.id)]), contract)
        self.assertEqual(contract.sudo(self.tech1).read(['name'])[0]['name'], contract.name)
        with self.assertRaises(AccessError):
            Contract.create({'partner_id': self.customer.id, 'date_start': '2026-01-01'})
        with self.assertRaises(AccessError):
            contract.sudo(self.tech1).write({'labour_discount': 90})
        with self.assertRaises(AccessError):
            contract.sudo(self.tech1).unlink()

    def test_portal_user_cannot_read(self):
        contract = self._contract(next_preventive_date='2027-01-31')
        portal = self.env['res.users'].with_context(no_reset_password=True).create({
            'name': 'Carla Portal', 'login': 'svc_portal', 'partner_id': self.contact.id,
            'groups_id': [(6, 0, [self.env.ref('base.group_portal').id])]})
        Contract = self.Contract.sudo(portal)
        with self.assertRaises(AccessError):
            Contract.search([])
        with self.assertRaises(AccessError):
            contract.sudo(portal).read(['name'])
        with self.assertRaises(AccessError):
            Contract.name_search('CTR')
        with self.assertRaises(AccessError):
            Contract.read_group([], ['partner_id'], ['partner_id'])

    def test_other_company_contract_is_hidden(self):
        contract = self._contract(next_preventive_date='2027-01-31')
        company = self.env['res.company'].create({'name': 'Other DSA company'})
        contract.company_id = company
        Contract = self.Contract.sudo(self.manager)
        self.assertFalse(Contract.search([('id', '=', contract.id)]))
        with self.assertRaises(AccessError):
            contract.sudo(self.manager).read(['name'])
