from odoo.exceptions import AccessError, UserError
from odoo.tests.common import SavepointCase, at_install, post_install
from odoo.tools import config

from odoo.addons.dsa_base.tests.common import make_user

PLAIN = 'PIN-4711-secret'


@at_install(False)
@post_install(True)
class TestAccessKey(SavepointCase):
    """TTS-3: the key is plain text to technicians and managers only, encrypted at rest."""

    @classmethod
    def setUpClass(cls):
        super(TestAccessKey, cls).setUpClass()

        def user(login, groups, **kw):
            return make_user(cls.env, login, groups, name=login, **kw)

        cls.customer = cls.env['res.partner'].create({'name': 'Key Customer', 'is_company': True})
        cls.customer_contact = cls.env['res.partner'].create({
            'name': 'Key Customer contact', 'parent_id': cls.customer.id,
            'email': 'kc@example.com'})
        cls.technician = user('key_tech', ['dsa_tts.group_technician'])
        cls.manager = user('key_manager', ['dsa_tts.group_manager'])
        cls.employee = user('key_employee', ['base.group_user'])
        # a CRM agent: dsa_crm is not a dependency of dsa_tts, so use its agent group
        # when it is installed, else the salesman group, else an equivalent group
        agent_group = (cls.env.ref('dsa_crm.group_agent', raise_if_not_found=False)
                       or cls.env.ref('sales_team.group_sale_salesman', raise_if_not_found=False)
                       or cls.env['res.groups'].create({
                           'name': 'Sales agent (test)',
                           'implied_ids': [(4, cls.env.ref('base.group_user').id)]}))
        cls.agent = user('key_agent', [agent_group, 'base.group_user'])
        if 'dsa.zone' in cls.env:
            # with dsa_crm (and so the glue dsa_crm_tts) the agent sees the plants
            # of the customers of their zones only: put the customer in the agent's zone
            zone = cls.env['dsa.zone'].create({'name': 'Nord', 'code': 'T-NORD-KEY'})
            cls.customer.write({'dsa_zone_id': zone.id})
            cls.agent.write({'dsa_zone_ids': [(6, 0, zone.ids)]})
        cls.portal = user('key_portal', ['base.group_portal'],
                          partner_id=cls.customer_contact.id)
        product = cls.env['product.product'].create({'name': 'Keypad', 'type': 'consu'})
        cls.plant = cls.env['dsa.plant'].create({'name': 'Keyed plant',
                                                 'partner_id': cls.customer.id})
        cls.component = cls.env['dsa.plant.component'].sudo(cls.technician).create({
            'plant_id': cls.plant.id, 'product_id': product.id, 'serial': 'K-1',
            'date_installed': '2021-01-01', 'access_key': PLAIN})
        cls.Log = cls.env['dsa.access.key.log']

    def _logs(self, action='reveal'):
        return self.Log.search([('component_id', '=', self.component.id),
                                ('action', '=', action)])

    def test_technician_and_manager_read_the_key_and_it_is_logged(self):
        self.assertEqual(len(self._logs('set')), 1)
        self.assertEqual(self._logs('set').user_id, self.technician)
        self.assertFalse(self._logs())
        comp = self.component.sudo(self.technician)
        self.assertEqual(comp.read(['access_key'])[0]['access_key'], PLAIN)
        log = self._logs()
        self.assertEqual(len(log), 1)
        self.assertEqual(log.user_id, self.technician)
        self.assertTrue(log.date)
        self.env['dsa.plant.component'].invalidate_cache()
        rows = self.env['dsa.plant.component'].sudo(self.manager).search_read(
            [('id', '=', self.component.id)], ['access_key'])
        self.assertEqual(rows[0]['access_key'], PLAIN)
        self.assertEqual(self._logs().mapped('user_id'), self.technician | self.manager)

    def test_list_and_form_reads_do_not_reveal(self):
        comp = self.component.sudo(self.technician)
        comp.read(['serial', 'date_installed', 'has_access_key', 'product_id'])
        self.env['dsa.plant.component'].sudo(self.technician).search_read(
            [('plant_id', '=', self.plant.id)], ['serial', 'has_access_key'])
        self.assertTrue(comp.has_access_key)
        self.assertFalse(self._logs())

    def test_reveal_and_set_dialogs(self):
        comp = self.component.sudo(self.technician)
        action = comp.action_reveal_access_key()
        wizard = self.env['dsa.access.key.wizard'].sudo(self.technician).browse(action['res_id'])
        self.assertEqual(wizard.read(['access_key'])[0]['access_key'], PLAIN)
        self.assertEqual(len(self._logs()), 1)
        action = comp.action_set_access_key()
        wizard = self.env['dsa.access.key.wizard'].sudo(self.technician).browse(action['res_id'])
        wizard.write({'access_key': 'NEW-KEY'})
        self.env['dsa.plant.component'].invalidate_cache()
        self.assertEqual(comp.access_key, 'NEW-KEY')
        self.assertEqual(len(self._logs('set')), 2)
        # the wizard table keeps no clear text
        self.cr.execute('SELECT * FROM dsa_access_key_wizard')
        self.assertNotIn('NEW-KEY', repr(self.cr.fetchall()))
        with self.assertRaises(AccessError):
            self.component.sudo(self.employee).action_reveal_access_key()

    def test_others_get_access_error_everywhere(self):
        for who in (self.portal, self.employee, self.agent):
            Comp = self.env['dsa.plant.component'].sudo(who)
            comp = Comp.browse(self.component.id)
            # the record itself is readable: only the key is refused
            self.assertEqual(comp.read(['serial'])[0]['serial'], 'K-1', who.login)
            self.assertNotIn('access_key', Comp.fields_get())
            for name in ('access_key', 'access_key_encrypted'):
                with self.assertRaises(AccessError, msg='%s read %s' % (who.login, name)):
                    comp.read([name])
                with self.assertRaises(AccessError, msg='%s search_read' % who.login):
                    Comp.search_read([('id', '=', comp.id)], [name])
                with self.assertRaises(AccessError, msg='%s export' % who.login):
                    comp.export_data([name])
                with self.assertRaises(AccessError, msg='%s read_group' % who.login):
                    Comp.read_group([], [name], [name])
                with self.assertRaises(AccessError, msg='%s read_group agg' % who.login):
                    Comp.read_group([], ['serial', name], ['serial'])
            # through the plant's one2many and attribute access in code
            with self.assertRaises(AccessError):
                self.plant.sudo(who).export_data(['component_ids/access_key'])
            with self.assertRaises(AccessError):
                comp.access_key
            with self.assertRaises(AccessError):
                comp.action_reveal_access_key()
        # ... and none of the attempts revealed or logged anything
        self.assertFalse(self._logs())

    def test_others_cannot_write_the_key(self):
        for who in (self.portal, self.employee, self.agent):
            with self.assertRaises(AccessError):
                self.component.sudo(who).write({'access_key': 'x'})
        with self.assertRaises(AccessError):
            self.component.sudo(self.technician).write({'access_key_encrypted': 'forged'})

    def test_raw_column_is_encrypted_and_chatter_is_clean(self):
        self.cr.execute('SELECT access_key_encrypted FROM dsa_plant_component WHERE id = %s',
                        (self.component.id,))
        raw = self.cr.fetchone()[0]
        self.assertTrue(raw)
        self.assertNotIn(PLAIN, raw)
        self.cr.execute("SELECT column_name FROM information_schema.columns "
                        "WHERE table_name = 'dsa_plant_component' AND column_name = 'access_key'")
        self.assertFalse(self.cr.fetchall(), 'no clear-text column')
        # nothing in the chatter or its tracking values
        self.cr.execute("SELECT count(*) FROM mail_message WHERE body LIKE %s",
                        ('%' + PLAIN + '%',))
        self.assertEqual(self.cr.fetchone()[0], 0)
        self.cr.execute("SELECT count(*) FROM mail_tracking_value "
                        "WHERE old_value_char LIKE %s OR new_value_char LIKE %s",
                        ('%' + PLAIN + '%', '%' + PLAIN + '%'))
        self.assertEqual(self.cr.fetchone()[0], 0)
        # the same key encrypts differently each time (random IV)
        other = self.component.copy({'serial': 'K-2'})
        self.assertFalse(other.has_access_key, 'copy does not duplicate the key')
        other.sudo(self.technician).write({'access_key': PLAIN})
        self.cr.execute('SELECT access_key_encrypted FROM dsa_plant_component WHERE id = %s',
                        (other.id,))
        self.assertNotEqual(self.cr.fetchone()[0], raw)

    def test_technician_cannot_group_by_key(self):
        with self.assertRaises(UserError):
            self.env['dsa.plant.component'].sudo(self.technician).read_group(
                [], ['access_key'], ['access_key'])

    def test_without_configured_key(self):
        saved = config.get('dsa_secret_key')
        config['dsa_secret_key'] = ''
        self.addCleanup(config.__setitem__, 'dsa_secret_key', saved)
        comp = self.component.sudo(self.technician)
        self.cr.execute('SELECT access_key_encrypted FROM dsa_plant_component WHERE id = %s',
                        (comp.id,))
        before = self.cr.fetchone()[0]
        with self.assertRaises(UserError) as err:
            comp.write({'serial': 'CHANGED', 'access_key': 'another'})
        self.assertIn('dsa_secret_key', str(err.exception.name))
        comp.invalidate_cache()
        self.assertEqual(comp.serial, 'K-1', 'no partial write')
        self.cr.execute('SELECT access_key_encrypted FROM dsa_plant_component WHERE id = %s',
                        (comp.id,))
        self.assertEqual(self.cr.fetchone()[0], before)
        with self.assertRaises(UserError):
            self.env['dsa.plant.component'].sudo(self.technician).create({
                'plant_id': self.plant.id, 'product_id': comp.product_id.id,
                'access_key': 'abc'})
        # reading a key needs the secret too, and says so
        with self.assertRaises(UserError):
            comp.read(['access_key'])
        # everything else keeps working
        comp.write({'serial': 'K-1b'})
        new = self.env['dsa.plant.component'].sudo(self.technician).create({
            'plant_id': self.plant.id, 'product_id': comp.product_id.id,
            'date_installed': '2022-01-01'})
        self.assertIn(new.id, self.plant.components_at('2022-01-01'))
        comp.write({'access_key': False})
        self.assertFalse(comp.has_access_key)

    def test_technician_of_another_company_gets_no_key(self):
        """Issue 12: reveal and set respect the record rules (multi-company), not
        only the group: a technician of another company is refused through the
        doors that do not check rules by themselves (export, the dialogs, code)."""
        company_b = self.env['res.company'].create({'name': 'Key Company B'})
        tech_b = self.env['res.users'].with_context(no_reset_password=True).create({
            'name': 'key_tech_b', 'login': 'key_tech_b', 'email': 'key_tech_b@example.com',
            'company_id': company_b.id, 'company_ids': [(6, 0, company_b.ids)],
            'groups_id': [(6, 0, self.env.ref('dsa_tts.group_technician').ids)]})
        self.assertEqual(self.component.company_id, self.env.user.company_id)
        comp = self.component.sudo(tech_b)
        Wizard = self.env['dsa.access.key.wizard'].sudo(tech_b)
        attacks = [
            lambda: comp.export_data(['access_key']),
            lambda: comp.access_key,
            lambda: comp.read(['access_key']),
            lambda: comp.action_reveal_access_key(),
            lambda: Wizard.create({'component_id': comp.id, 'mode': 'reveal'}).access_key,
            lambda: comp.write({'access_key': 'overwritten'}),
            lambda: Wizard.create({'component_id': comp.id, 'mode': 'set',
                                   'access_key': 'overwritten'}),
        ]
        for attack in attacks:
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                attack()
        self.assertFalse(self._logs())
        self.assertEqual(self.component.sudo(self.technician).access_key, PLAIN)
