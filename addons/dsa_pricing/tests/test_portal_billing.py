from datetime import date

from odoo.tests.common import at_install, post_install

from odoo.addons.dsa_base.tests.common import RpcCase, make_user


@at_install(False)
@post_install(True)
class TestPortalPackageBilling(RpcCase):
    """/my/hours over HTTP, as two real portal customers with billed
    package subscriptions: each sees only their own months, overuse billed
    and invoices; a foreign month answers 404."""

    def setUp(self):
        super(TestPortalPackageBilling, self).setUp()
        self.mine = self._customer('Limone Srl', 'dsa_portal_limone', overuse=12)
        self.theirs = self._customer('Mirtillo SpA', 'dsa_portal_mirtillo', overuse=3)
        # each subscription's billing directly, not the cron: under HttpCase
        # every read of a model with decimal-precision fields "commits" the
        # shared test cursor (Odoo 11 opens a LazyCursor for the digits),
        # which drops the cron's per-record savepoints
        for sub in self.mine | self.theirs:
            sub._bill_due(date(2026, 2, 1))
        self.rpc_sync()

    def _customer(self, name, login, overuse):
        env = self.env
        partner = env['res.partner'].create({'name': name, 'is_company': True,
                                             'email': '%s@example.com' % login})
        contact = env['res.partner'].create({'name': '%s contact' % name,
                                             'parent_id': partner.id,
                                             'email': 'contact.%s@example.com' % login})
        make_user(env, login, ['base.group_portal'], contact)
        project = env['project.project'].create({'name': '%s support' % name,
                                                 'partner_id': partner.id})
        task = env['project.task'].create({'name': '%s task' % name,
                                           'project_id': project.id})
        env['account.analytic.line'].create({
            'name': 'work', 'project_id': project.id, 'task_id': task.id,
            'date': '2026-01-20', 'unit_amount': 20 + overuse, 'user_id': env.uid})
        return env['dsa.hour.package.subscription'].create({
            'partner_id': partner.id, 'package_hours': '20', 'monthly_price': 1300,
            'date_start': '2026-01-01'})

    def _get(self, url):
        # a loaded machine may take more than the default 10 s (assets)
        return self.url_open(url, timeout=60)

    def test_own_months_and_invoices_only(self):
        jan, feb = self.mine.month_ids.sorted('period_start')
        other_jan = self.theirs.month_ids.sorted('period_start')[0]
        # January in advance, then February in advance + 12 h overuse:
        # 12 / 8 x 560 = 840
        self.assertEqual(jan.overuse_amount_billed, 840)
        self.authenticate('dsa_portal_limone', 'dsa_portal_limone')
        # the first page of a test may compile the assets: a longer timeout
        page = self._get('/my/hours')
        self.assertEqual(page.status_code, 200)
        for invoice in (jan.invoice_id, feb.invoice_id):
            self.assertIn('/my/invoices/%d' % invoice.id, page.text)
            self.assertIn(invoice.number, page.text)
        self.assertIn('12:00', page.text)            # overuse hours of January
        self.assertIn('840.00', page.text)           # overuse billed
        self.assertIn(self.mine.name, page.text)
        for invoice in self.theirs.month_ids.mapped('invoice_id'):
            self.assertNotIn(invoice.number, page.text)
        self.assertNotIn('Mirtillo', page.text)
        self.assertEqual(self._get('/my/hours/%d' % jan.id).status_code, 200)
        foreign = self._get('/my/hours/%d' % other_jan.id)
        self.assertEqual(foreign.status_code, 404)
        self.assertNotIn('Mirtillo', foreign.text)
        # the standard Invoices of the portal: own invoice yes, foreign no
        own = self._get('/my/invoices/%d' % feb.invoice_id.id)
        self.assertEqual(own.status_code, 200)
        self.assertIn(feb.invoice_id.number, own.text)
        other = self._get('/my/invoices/%d' % other_jan.invoice_id.id)
        self.assertNotIn(other_jan.invoice_id.number, other.text)
        listing = self._get('/my/invoices')
        self.assertIn(feb.invoice_id.number, listing.text)
        self.assertNotIn(other_jan.invoice_id.number, listing.text)

    def test_orm_as_portal_user(self):
        user = self.env['res.users'].search([('login', '=', 'dsa_portal_mirtillo')])
        Sub = self.env['dsa.hour.package.subscription'].sudo(user)
        self.assertEqual(Sub.search([]), self.theirs)
        self.assertEqual([r[0] for r in Sub.name_search('')], [self.theirs.id])
        groups = Sub.read_group([], ['partner_id'], ['partner_id'])
        self.assertEqual([g['partner_id'][0] for g in groups], [self.theirs.partner_id.id])
        exported = Sub.search([]).export_data(['name']).get('datas')
        self.assertEqual(exported, [[self.theirs.name]])
        with self.assertRaises(Exception):
            Sub.browse(self.mine.id).read(['name'])
        with self.assertRaises(Exception):
            Sub.browse(self.theirs.id).write({'next_package_hours': '120'})
        Month = self.env['dsa.hour.package'].sudo(user)
        self.assertEqual(Month.search([]), self.theirs.month_ids)
        Invoice = self.env['account.invoice'].sudo(user)
        self.assertFalse(Invoice.search([('id', 'in', self.mine.month_ids.mapped(
            'invoice_id').ids)]))
