import re

from odoo import fields
from odoo.tests.common import at_install, post_install

from odoo.addons.dsa_base.tests.common import RpcCase, make_user


@at_install(False)
@post_install(True)
class TestPortalHours(RpcCase):
    """A portal customer sees only their own hour packages and timesheets,
    over real HTTP and through the ORM as that user."""

    def setUp(self):
        super(TestPortalHours, self).setUp()
        env = self.env
        Partner = env['res.partner']
        today = fields.Date.from_string(fields.Date.context_today(env.user))
        self.month = fields.Date.to_string(today.replace(day=1))
        self.customer = Partner.create({'name': 'Arancio Srl', 'is_company': True})
        self.other = Partner.create({'name': 'Azzurro SpA', 'is_company': True})
        contact = Partner.create({'name': 'Marta Arancio', 'parent_id': self.customer.id,
                                  'email': 'marta@arancio.example.com'})
        other_contact = Partner.create({'name': 'Luca Azzurro', 'parent_id': self.other.id,
                                        'email': 'luca@azzurro.example.com'})
        self.portal = make_user(env, 'dsa_portal_arancio', ['base.group_portal'], contact)
        self.other_portal = make_user(env, 'dsa_portal_azzurro', ['base.group_portal'],
                                      other_contact)
        self.package = self._setup_customer(self.customer, 'Arancio CRM workflow', 6)
        self.other_package = self._setup_customer(self.other, 'Azzurro secret task', 9)
        self.rpc_sync()

    def _setup_customer(self, partner, task_name, hours):
        project = self.env['project.project'].create({
            'name': '%s support' % partner.name, 'partner_id': partner.id})
        task = self.env['project.task'].create({
            'name': task_name, 'project_id': project.id, 'partner_id': partner.id})
        self.env['account.analytic.line'].create({
            'name': '%s work' % task_name, 'project_id': project.id, 'task_id': task.id,
            'date': self.month, 'unit_amount': hours, 'user_id': self.env.uid})
        return self.env['dsa.hour.package'].create({
            'partner_id': partner.id, 'period_start': self.month, 'package_hours': '20'})

    def test_portal_pages(self):
        self.authenticate('dsa_portal_arancio', 'dsa_portal_arancio')
        home = self.url_open('/my/home', timeout=60)
        self.assertEqual(home.status_code, 200)
        self.assertIn('/my/hours', home.text)
        page = self.url_open('/my/hours', timeout=60)
        self.assertEqual(page.status_code, 200)
        self.assertIn('Arancio CRM workflow', page.text)
        self.assertIn('14:00', page.text)            # hours left: 20 - 6
        self.assertNotIn('Azzurro secret task', page.text)
        detail = self.url_open('/my/hours/%d' % self.package.id, timeout=60)
        self.assertEqual(detail.status_code, 200)
        self.assertIn('Arancio CRM workflow work', detail.text)
        self.assertIn('06:00', detail.text)
        forbidden = self.url_open('/my/hours/%d' % self.other_package.id, timeout=60)
        self.assertEqual(forbidden.status_code, 404)
        self.assertNotIn('Azzurro secret task', forbidden.text)
        missing = self.url_open('/my/hours/999999999', timeout=60)
        self.assertEqual(missing.status_code, 404)

    def test_hours_and_dates_in_portal_format(self):
        """Hours as 9:30, not 9.50; dates in the customer's language format."""
        task = self.env['project.task'].search([('name', '=', 'Arancio CRM workflow')])
        self.env['account.analytic.line'].create({
            'name': 'Arancio half day', 'project_id': task.project_id.id, 'task_id': task.id,
            'date': self.month, 'unit_amount': 3.5, 'user_id': self.env.uid})
        self.env['res.lang'].load_lang('it_IT')
        self.portal.write({'lang': 'it_IT'})
        self.rpc_sync()
        self.authenticate('dsa_portal_arancio', 'dsa_portal_arancio')
        for url in ('/my/hours', '/my/hours/%d' % self.package.id):
            page = self.url_open(url, timeout=60).text
            self.assertIn('09:30', page, url)            # 6 + 3.5 hours spent
            self.assertIn('10:30', page, url)            # hours left: 20 - 9.5
            self.assertNotIn('9.50', page, url)
            self.assertNotIn('10.50', page, url)
            year, month = self.month[:4], self.month[5:7]
            self.assertIn('>01/%s/%s<' % (month, year), page, url)   # dd/mm/yyyy
            self.assertNotIn('>%s<' % self.month, page, url)
        # another customer's package and a missing one: the same portal 404 page
        pages = []
        for package_id in (self.other_package.id, 999999999):
            response = self.url_open('/my/hours/%d' % package_id, timeout=60)
            self.assertEqual(response.status_code, 404)
            pages.append(re.sub(r'csrf_token[^\n]*', '', response.text))
        self.assertEqual(pages[0], pages[1])
        self.assertNotIn('Azzurro', pages[0])

    def test_anonymous_is_redirected(self):
        page = self.url_open('/my/hours', timeout=60)
        self.assertIn('/web/login', page.url)

    def test_portal_orm_access(self):
        Package = self.env['dsa.hour.package'].sudo(self.portal)
        self.assertEqual(Package.search([]), self.package)
        self.assertEqual([r[0] for r in Package.name_search('')], [self.package.id])
        groups = Package.read_group([], ['hours_included', 'partner_id'], ['partner_id'])
        self.assertEqual([g['partner_id'][0] for g in groups], [self.customer.id])
        with self.assertRaises(Exception):
            Package.browse(self.other_package.id).read(['name'])
        exported = Package.search([]).export_data(['name', 'partner_id']).get('datas')
        self.assertEqual(len(exported), 1)
        Line = self.env['account.analytic.line'].sudo(self.portal)
        lines = Line.search([('project_id', '!=', False)])
        self.assertEqual(lines.mapped('name'), ['Arancio CRM workflow work'])
        with self.assertRaises(Exception):
            Package.browse(self.package.id).write({'package_hours': '120'})

    def test_price_for_over_xmlrpc(self):
        user = self.rpc_user('dsa_rpc_pricing', ['dsa_pricing.group_pricing_user'])
        res = self.rpc(user, 'dsa.licence.price', 'price_for', 'crm', 12)
        self.assertEqual(res, {'setup_fee': 1000.0, 'monthly_fee_per_user': 100.0,
                               'monthly_total': 1200.0, 'day_rate': 560.0})
