import base64

from odoo.tests.common import TransactionCase, at_install, post_install


@at_install(False)
@post_install(True)
class TestDemoCompany(TransactionCase):
    """models/res_company.py: the demo company becomes DSA Impianti (Italian) only on
    a database built Italian (l10n_it installed or being installed); elsewhere it stays
    core's demo company, which core's own tests rely on (issue 29: an Italian country
    made account's post-init hook install l10n_it under account's tests)."""

    def setUp(self):
        super(TestDemoCompany, self).setUp()
        self.company = self.env['res.company'].create({'name': 'Core Demo Company'})
        self.env['ir.model.data'].create({
            'module': 'dsa_base', 'name': 'test_demo_company', 'model': 'res.company',
            'res_id': self.company.id})
        self.values = {'name': 'DSA Demo S.r.l.', 'city': 'Bologna',
                       'country_id': self.env.ref('base.it').id}
        self.l10n_it = self.env['ir.module.module'].search([('name', '=', 'l10n_it')])

    def test_italian_database_gets_the_identity(self):
        self.l10n_it.state = 'installed'
        Company = self.env['res.company']
        self.assertTrue(Company._dsa_demo_identity('dsa_base.test_demo_company', self.values))
        self.assertEqual(self.company.name, 'DSA Demo S.r.l.')
        self.assertEqual(self.company.country_id, self.env.ref('base.it'))

    def test_being_installed_counts(self):
        self.l10n_it.state = 'to install'
        Company = self.env['res.company']
        self.assertTrue(Company._dsa_demo_identity('dsa_base.test_demo_company', self.values))
        self.assertEqual(self.company.city, 'Bologna')

    def test_other_database_keeps_core_company(self):
        self.l10n_it.state = 'uninstalled'
        Company = self.env['res.company']
        self.assertFalse(Company._dsa_demo_identity('dsa_base.test_demo_company', self.values))
        self.assertEqual(self.company.name, 'Core Demo Company')
        self.assertFalse(self.company.country_id)

    def test_logo_and_the_automation_speak_as_the_company(self):
        """The demo company gets the logo drawn for the suite, and the superuser,
        who runs the scheduled actions and the demo loading, writes as the
        company (issue 28: "YourCompany, Administrator" in chatter and emails)."""
        self.l10n_it.state = 'installed'
        values = dict(self.values, email='info@dsa-demo.example.com',
                      logo_file='dsa_base/static/src/img/dsa_logo.png')
        self.env['res.company']._dsa_demo_identity('dsa_base.test_demo_company', values)
        self.assertTrue(base64.b64decode(self.company.logo).startswith(b'\x89PNG'))
        root = self.env.ref('base.partner_root')
        self.assertEqual(root.display_name, 'DSA Demo S.r.l.')
        self.assertEqual(root.email, 'info@dsa-demo.example.com')
        message = self.company.partner_id.message_post(body='automation')
        self.assertEqual(message.author_id, root)
        self.assertIn('DSA Demo S.r.l.', message.email_from)
        self.assertNotIn('YourCompany', message.email_from)
