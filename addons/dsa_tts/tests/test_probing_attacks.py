from odoo.exceptions import AccessError

from .common import ServiceCase


class TestProbingAttacks(ServiceCase):
    """Guessing what restricted fields hold through search domains, and
    finding other customers' records through their followers and activities
    (issue 12, dsa_security)."""

    @classmethod
    def setUpClass(cls):
        super(TestProbingAttacks, cls).setUpClass()
        cls.plant.notes = 'alarm code 1234 under the doormat'
        rival = cls.env['res.partner'].create({'name': 'Rival Spa', 'is_company': True})
        cls.rival_plant = cls.env['dsa.plant'].create({
            'name': 'Rival vault', 'partner_id': rival.id, 'notes': 'guard leaves at 6'})
        cls.rival_plant.message_subscribe(partner_ids=[rival.id])
        cls.env['mail.activity'].create({
            'res_model_id': cls.env['ir.model']._get('dsa.plant').id,
            'res_id': cls.rival_plant.id, 'user_id': cls.manager.id,
            'summary': 'Disable the vault alarm for maintenance',
            'activity_type_id': cls.env.ref('mail.mail_activity_data_todo').id})

    def test_portal_cannot_probe_internal_notes(self):
        Plant = self.env['dsa.plant'].sudo(self.portal_user)
        self.assertEqual(Plant.search_count([]), 1, 'the customer sees its own plant')
        probes = [
            lambda: Plant.search_count([('notes', '=like', 'a%')]),
            lambda: Plant.search([('notes', 'ilike', 'alarm')]),
            lambda: Plant.search_read([('notes', '!=', False)], ['name']),
            lambda: Plant.read_group([('notes', 'ilike', 'code')], ['name'], ['name']),
            lambda: Plant.name_search('', args=[('notes', 'ilike', '1234')]),
            lambda: self.env['dsa.plant.component'].sudo(self.portal_user).search_count(
                [('plant_id.notes', 'ilike', 'code')]),
            lambda: Plant.search([], order='notes desc'),
            lambda: Plant.search_read([], ['name'], order='name, notes'),
        ]
        for probe in probes:
            with self.assertRaises(AccessError):
                probe()

    def test_portal_cannot_export_or_group_internal_fields(self):
        """Odoo 11 checks a field's groups in read() only: export_data() and
        read_group() are guarded by dsa_security too."""
        Plant = self.env['dsa.plant'].sudo(self.portal_user)
        own = Plant.search([])
        self.assertEqual(own.export_data(['name'])['datas'], [[self.plant.name]])
        self.assertEqual([g['name'] for g in Plant.read_group([], ['name'], ['name'])],
                         [self.plant.name])
        self.assertTrue(own.component_ids, 'the customer reads its components')
        probes = [
            lambda: own.export_data(['notes']),
            lambda: own.export_data(['name', 'component_ids/access_key_encrypted']),
            lambda: own.export_data(['component_ids/config_notes']),
            lambda: Plant.read_group([], ['notes'], ['name']),
            lambda: Plant.read_group([], ['name'], ['notes']),
            lambda: self.env['dsa.plant.component'].sudo(self.portal_user).read_group(
                [], ['config_notes'], ['config_notes']),
        ]
        for probe in probes:
            with self.assertRaises(AccessError):
                probe()

    def test_technician_cannot_probe_the_encrypted_key_column(self):
        Comp = self.env['dsa.plant.component'].sudo(self.tech1)
        with self.assertRaises(AccessError):
            Comp.search_count([('access_key_encrypted', '=like', 'gAAAA%')])
        # what they may read, they may search
        self.assertTrue(Comp.search_count([('serial', '=', 'FP-OLD')]))

    def test_followers_and_activities_of_unreadable_records_stay_hidden(self):
        # the portal user of another customer, and an employee of another company
        company_b = self.env['res.company'].create({'name': 'Probing Company B'})
        employee_b = self.env['res.users'].with_context(no_reset_password=True).create({
            'name': 'Employee B', 'login': 'probe_employee_b',
            'company_id': company_b.id, 'company_ids': [(6, 0, company_b.ids)],
            'groups_id': [(6, 0, self.env.ref('base.group_user').ids)]})
        self.rival_plant.company_id = self.env.user.company_id
        Followers = self.env['mail.followers'].sudo(self.portal_user)
        Activities = self.env['mail.activity'].sudo(employee_b)
        domain = [('res_model', '=', 'dsa.plant'), ('res_id', '=', self.rival_plant.id)]
        self.assertFalse(Followers.search(domain))
        self.assertEqual(Followers.search_count(domain), 0)
        self.assertFalse(self.env['mail.followers'].sudo(employee_b).search(domain))
        self.assertFalse(Activities.search(domain))
        self.assertFalse(Activities.search([('summary', 'ilike', 'vault')]))
        follower = self.env['mail.followers'].search(domain, limit=1)
        activity = self.env['mail.activity'].search(domain, limit=1)
        self.assertTrue(follower and activity)
        with self.assertRaises(AccessError):
            Followers.browse(follower.id).read(['partner_id'])
        with self.assertRaises(AccessError):
            Activities.browse(activity.id).read(['summary'])
        # the technicians, who read every plant, still see them
        self.assertTrue(self.env['mail.activity'].sudo(self.tech1).search(domain))
