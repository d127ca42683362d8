from odoo.tests.common import at_install, post_install

from odoo.addons.dsa_base.tests.common import DsaHttpCase


@at_install(False)
@post_install(True)
class TestPortalContract(DsaHttpCase):
    """"My contracts" over real HTTP as two customers, with IDOR attempts."""

    def setUp(self):
        super(TestPortalContract, self).setUp()
        env = self.env
        self.contracts, self.users = {}, {}
        for tag in ('a', 'b'):
            company, _contact, self.users[tag] = self.portal_customer(
                'Contract Customer %s' % tag.upper(), 'Contract Contact %s' % tag.upper(),
                'portal_contract_%s' % tag, email='contract_%s@example.com' % tag,
                user_name='Contract Portal %s' % tag.upper())
            plant = env['dsa.plant'].create({'name': 'Contract plant %s' % tag.upper(),
                                             'partner_id': company.id})
            contract = env['dsa.service.contract'].create({
                'partner_id': company.id, 'plant_ids': [(6, 0, plant.ids)],
                'date_start': '2026-01-31', 'date_end': '2028-12-31',
                'labour_discount': 12.5 if tag == 'a' else 33.0,
                'material_discount': 5.0, 'preventive_interval': 3,
                'preventive_unit': 'months', 'notes': 'Terms of %s' % tag.upper()})
            contract.action_activate()
            contract.next_preventive_date = '2027-01-31'
            self.contracts[tag] = contract
        # a draft contract of A is not published yet
        self.draft_a = env['dsa.service.contract'].create({
            'partner_id': self.contracts['a'].partner_id.id, 'date_start': '2026-01-01',
            'notes': 'Draft terms of A'})

    def _get(self, url):
        return self.url_open(url, timeout=120)

    def test_customer_sees_own_contracts(self):
        contract = self.contracts['a']
        self.login(self.users['a'])
        home = self._get('/my/home')
        self.assertEqual(home.status_code, 200)
        self.assertIn('/my/contracts', home.text)
        listing = self._get('/my/contracts')
        self.assertEqual(listing.status_code, 200)
        self.assertIn(contract.name, listing.text)
        self.assertNotIn(self.contracts['b'].name, listing.text)
        self.assertNotIn(self.draft_a.name, listing.text)
        page = self._get('/my/contracts/%d' % contract.id)
        self.assertEqual(page.status_code, 200)
        for text in ('Contract plant A', '12.50%', 'Terms of A', '2027-01-31', '2027-04-30',
                     '2027-07-31', '/my/contracts/%d/pdf' % contract.id):
            self.assertIn(text, page.text)
        self.assertNotIn('Contract plant B', page.text)
        pdf = self._get('/my/contracts/%d/pdf' % contract.id)
        self.assertEqual(pdf.status_code, 200)
        self.assertEqual(pdf.headers['Content-Type'], 'application/pdf')
        # Odoo 11 renders the HTML of the report instead of running wkhtmltopdf
        # under HttpCase's test cursor (deadlock guard); the real PDF of this
        # report is checked by test_service_contract.test_pdf_renders
        self.assertIn(contract.name, pdf.text)
        self.assertIn('Contract plant A', pdf.text)
        self.assertNotIn('Contract plant B', pdf.text)

    def test_other_customer_gets_404(self):
        self.login(self.users['b'])
        own = self._get('/my/contracts/%d' % self.contracts['b'].id)
        self.assertEqual(own.status_code, 200)
        foreign = self.contracts['a']
        for url in ('/my/contracts/%d' % foreign.id,
                    '/my/contracts/%d/pdf' % foreign.id,
                    '/my/contracts/%d' % self.draft_a.id,
                    '/my/contracts/%d' % (self.draft_a.id + 1000)):
            response = self._get(url)
            self.assertEqual(response.status_code, 404, url)
            self.assertNotIn('Terms of A', response.text, url)
            self.assertNotIn('Contract plant A', response.text, url)

    def test_internal_user_without_contract_sees_none(self):
        """Customers' pages: an employee gets the 404 of every /my page of the
        suite (the one portal access check, issue 23), and no contract."""
        self.authenticate('demo', 'demo')
        listing = self._get('/my/contracts')
        self.assertEqual(listing.status_code, 404)
        self.assertNotIn(self.contracts['a'].name, listing.text)
        self.assertEqual(self._get('/my/contracts/%d' % self.contracts['a'].id).status_code,
                         404)

    def test_anonymous_is_sent_to_login(self):
        response = self._get('/my/contracts/%d' % self.contracts['a'].id)
        self.assertIn('/web/login', response.url)
        self.assertNotIn('Terms of A', response.text)
