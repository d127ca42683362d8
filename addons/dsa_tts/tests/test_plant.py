from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests.common import SavepointCase, at_install, post_install
from odoo.tools import mute_logger

from odoo.addons.dsa_base.tests.common import make_user

from .common import install_component


@at_install(False)
@post_install(True)
class PlantCase(SavepointCase):
    """Plants and component history built in the test, acted on by real users."""

    @classmethod
    def setUpClass(cls):
        super(PlantCase, cls).setUpClass()
        cls.technician = make_user(cls.env, 'plant_tech', ['dsa_tts.group_technician'],
                                   name='Plant technician', email='pt@example.com')
        cls.employee = make_user(cls.env, 'plant_employee', ['base.group_user'],
                                 name='Plain employee', email='pe@example.com')
        cls.customer = cls.env['res.partner'].create({
            'name': 'Plant Customer Ltd', 'is_company': True, 'city': 'Bologna',
            'street': 'Via Indipendenza 1'})
        cls.contact = cls.env['res.partner'].create({
            'name': 'Maintenance Person', 'parent_id': cls.customer.id})
        cls.product_a = cls.env['product.product'].create(
            {'name': 'Control panel', 'type': 'consu'})
        cls.product_b = cls.env['product.product'].create({'name': 'Sensor', 'type': 'consu'})
        cls.plant = cls.env['dsa.plant'].sudo(cls.technician).create({
            'name': 'Alarm system', 'partner_id': cls.customer.id,
            'maintenance_contact_id': cls.contact.id,
        })
        # history: panel 1 installed 2020-01-10, replaced by panel 2 on 2021-06-15;
        # sensor installed 2020-01-10, removed on 2022-03-01 (by the technician)
        cls.panel1 = install_component(cls.plant, cls.product_a, 'P-1', '2020-01-10')
        cls.sensor = install_component(cls.plant, cls.product_b, 'S-1', '2020-01-10')
        cls.panel2 = cls.panel1.replace_component(
            {'product_id': cls.product_a.id, 'serial': 'P-2'}, '2021-06-15')
        cls.sensor.remove_component('2022-03-01')


class TestPlant(PlantCase):

    def test_code_from_sequence_and_unique(self):
        other = self.env['dsa.plant'].create({'name': 'Second', 'partner_id': self.customer.id})
        self.assertTrue(self.plant.code and self.plant.code != '/')
        self.assertNotEqual(self.plant.code, other.code)
        with self.assertRaises(IntegrityError), mute_logger('odoo.sql_db'), \
                self.cr.savepoint():
            other.write({'code': self.plant.code})

    def test_components_at_boundaries(self):
        at = self.plant.components_at
        # before the installation: nothing
        self.assertEqual(at('2020-01-09'), [])
        # the installation day counts
        self.assertEqual(set(at('2020-01-10')), {self.panel1.id, self.sensor.id})
        # the day before the replacement: the old panel
        self.assertEqual(set(at('2021-06-14')), {self.panel1.id, self.sensor.id})
        # the replacement day: the new panel, not the old one
        self.assertEqual(set(at('2021-06-15')), {self.panel2.id, self.sensor.id})
        # the day before the removal: the sensor is there
        self.assertEqual(set(at('2022-02-28')), {self.panel2.id, self.sensor.id})
        # the removal day: the sensor is gone
        self.assertEqual(at('2022-03-01'), [self.panel2.id])
        self.assertEqual(at('2030-01-01'), [self.panel2.id])
        with self.assertRaises(UserError):
            at(False)

    def test_components_at_as_plain_employee_and_multi_plant(self):
        other = self.env['dsa.plant'].create({'name': 'Other', 'partner_id': self.customer.id})
        comp = self.env['dsa.plant.component'].create({
            'plant_id': other.id, 'product_id': self.product_b.id, 'date_installed': '2019-01-01'})
        plants = (self.plant | other).sudo(self.employee)
        self.assertEqual(set(plants.components_at('2021-06-15')),
                         {self.panel2.id, self.sensor.id, comp.id})
        self.assertEqual(self.plant.sudo(self.employee).components_at('2019-06-01'), [])

    def test_replace_links_and_never_deletes(self):
        self.assertEqual(self.panel1.date_removed, '2021-06-15')
        self.assertEqual(self.panel1.replaced_by_id, self.panel2)
        self.assertEqual(self.panel2.replaces_id, self.panel1)
        self.assertEqual(self.panel2.date_installed, '2021-06-15')
        self.assertEqual(self.plant.current_component_ids, self.panel2)
        self.assertEqual(self.plant.component_ids, self.panel1 | self.panel2 | self.sensor)
        self.assertEqual(self.plant.sudo(self.employee).history_component_ids,
                         self.panel1 | self.panel2 | self.sensor)
        self.assertEqual(self.plant.component_count, 1)
        with self.assertRaises(UserError):
            self.panel1.unlink()
        with self.assertRaises(UserError):
            self.sensor.remove_component('2022-05-01')
        with self.assertRaises(UserError):
            self.panel2.remove_component('2021-01-01')
        with self.assertRaises(ValidationError):
            self.panel2.write({'date_removed': '2020-01-01'})

    def test_change_wizard_replace(self):
        wizard = self.env['dsa.plant.component.change.wizard'].sudo(self.technician).create({
            'component_id': self.panel2.id, 'mode': 'replace', 'date': '2023-02-01',
            'product_id': self.product_a.id, 'serial': 'P-3'})
        action = wizard.action_apply()
        panel3 = self.env['dsa.plant.component'].browse(action['res_id'])
        self.assertEqual(panel3.serial, 'P-3')
        self.assertEqual(self.panel2.replaced_by_id, panel3)
        self.assertEqual(self.plant.components_at('2023-02-01'), [panel3.id])

    def test_plain_employee_reads_but_cannot_change(self):
        plant = self.plant.sudo(self.employee)
        self.assertEqual(plant.name, 'Alarm system')
        with self.assertRaises(AccessError):
            plant.write({'name': 'Hacked'})
        with self.assertRaises(AccessError):
            self.panel2.sudo(self.employee).remove_component('2023-01-01')

    def test_configuration_wizard_and_diff(self):
        Wizard = self.env['dsa.plant.configuration.wizard'].sudo(self.employee)
        wizard = Wizard.create({'plant_id': self.plant.id, 'date': '2021-06-15',
                                'date_compare': '2020-06-01'})
        self.assertEqual(wizard.component_ids, self.panel2 | self.sensor)
        self.assertEqual(wizard.added_ids, self.panel2)
        self.assertEqual(wizard.removed_ids, self.panel1)
        wizard2 = Wizard.create({'plant_id': self.plant.id, 'date': '2021-01-01',
                                 'date_compare': '2022-03-01'})
        self.assertEqual(wizard2.added_ids, self.panel2)
        self.assertEqual(wizard2.removed_ids, self.panel1 | self.sensor)

    def test_partner_smart_button(self):
        self.assertEqual(self.customer.dsa_plant_count, 1)
        self.assertEqual(self.contact.dsa_plant_count, 0)
        action = self.customer.sudo(self.employee).action_view_dsa_plants()
        self.assertEqual(self.env['dsa.plant'].search(action['domain']), self.plant)

    def test_name_search_by_code(self):
        found = self.env['dsa.plant'].name_search(self.plant.code)
        self.assertEqual([r[0] for r in found], [self.plant.id])


class TestPlantRecordRules(PlantCase):
    """Portal users see the plants of their commercial partner only, through every API."""

    @classmethod
    def setUpClass(cls):
        super(TestPlantRecordRules, cls).setUpClass()
        Users = cls.env['res.users'].with_context(no_reset_password=True)
        portal = cls.env.ref('base.group_portal')
        cls.other = cls.env['res.partner'].create({'name': 'Other Customer', 'is_company': True})
        cls.other_plant = cls.env['dsa.plant'].create({
            'name': 'Other plant', 'partner_id': cls.other.id, 'notes': 'secret notes'})
        cls.other_comp = cls.env['dsa.plant.component'].create({
            'plant_id': cls.other_plant.id, 'product_id': cls.product_a.id, 'serial': 'O-1',
            'date_installed': '2020-01-01'})
        cls.portal_user = Users.create({
            'name': 'Portal of customer', 'login': 'plant_portal', 'email': 'pp@example.com',
            'partner_id': cls.contact.id, 'groups_id': [(6, 0, [portal.id])]})

    def test_portal_sees_only_own_plants(self):
        Plant = self.env['dsa.plant'].sudo(self.portal_user)
        Comp = self.env['dsa.plant.component'].sudo(self.portal_user)
        self.assertEqual(Plant.search([]), self.plant)
        self.assertEqual(Comp.search([]), self.panel1 | self.panel2 | self.sensor)
        self.assertEqual([r[0] for r in Plant.name_search('plant')], [])
        self.assertEqual([r[0] for r in Plant.name_search('')], [self.plant.id])
        groups = Plant.read_group([], ['partner_id'], ['partner_id'])
        self.assertEqual([g['partner_id'][0] for g in groups], [self.customer.id])
        self.assertEqual(Comp.search_count([('plant_id', '=', self.other_plant.id)]), 0)
        self.assertEqual(self.other_plant.sudo(self.portal_user).components_at('2021-01-01'), [])
        with self.assertRaises(AccessError):
            self.other_plant.sudo(self.portal_user).read(['name'])
        with self.assertRaises(AccessError):
            self.other_comp.sudo(self.portal_user).read(['serial'])
        with self.assertRaises(AccessError):
            self.other_plant.sudo(self.portal_user).export_data(['name'])
        with self.assertRaises(AccessError):
            self.plant.sudo(self.portal_user).write({'name': 'x'})

    def test_portal_cannot_read_internal_notes(self):
        plant = self.plant.sudo(self.portal_user)
        self.assertEqual(plant.read(['name'])[0]['name'], 'Alarm system')
        for name in ('notes',):
            with self.assertRaises(AccessError):
                plant.read([name])
        with self.assertRaises(AccessError):
            self.panel2.sudo(self.portal_user).read(['config_notes'])
        self.assertNotIn('notes', plant.fields_get())
