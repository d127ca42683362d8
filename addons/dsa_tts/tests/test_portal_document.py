import base64

from odoo.tests.common import at_install, post_install

from odoo.addons.dsa_base.tests.common import DsaHttpCase


@at_install(False)
@post_install(True)
class TestPortalDocument(DsaHttpCase):
    """"My documents" over real HTTP as two customers, with a foreign id."""

    def setUp(self):
        super(TestPortalDocument, self).setUp()
        env = self.env
        self.docs = {}
        for tag in ('a', 'b'):
            company = self.portal_customer(
                'Doc customer %s' % tag.upper(), 'Doc contact %s' % tag.upper(),
                'portal_doc_%s' % tag, user_name='Portal doc %s' % tag.upper())[0]
            plant = env['dsa.plant'].create({'name': 'Doc plant %s' % tag.upper(),
                                             'partner_id': company.id})
            contract = env['dsa.service.contract'].create({
                'partner_id': company.id, 'plant_ids': [(6, 0, plant.ids)]})
            contract.action_activate()
            self.docs[tag] = env['ir.attachment'].create({
                'name': 'Contract of %s' % tag.upper(), 'datas_fname': 'contract_%s.pdf' % tag,
                'datas': base64.b64encode(b'%PDF-1.4 contract ' + tag.encode()),
                'res_model': 'dsa.service.contract', 'res_id': contract.id})
            # a manual of the plant is not a portal document
            env['ir.attachment'].create({
                'name': 'Manual of %s' % tag.upper(), 'datas': base64.b64encode(b'manual'),
                'res_model': 'dsa.plant', 'res_id': plant.id})

    def test_own_documents_only(self):
        self.authenticate('portal_doc_a', 'portal_doc_a')
        page = self.url_open('/my/documents', timeout=90)
        self.assertEqual(page.status_code, 200)
        self.assertIn('Contract of A', page.text)
        self.assertNotIn('Contract of B', page.text)
        self.assertNotIn('Manual of A', page.text)
        home = self.url_open('/my/home', timeout=90)
        self.assertIn('/my/documents', home.text)

        own = self.url_open('/my/documents/%d' % self.docs['a'].id, timeout=90)
        self.assertEqual(own.status_code, 200)
        self.assertEqual(own.content, b'%PDF-1.4 contract a')

        foreign = self.url_open('/my/documents/%d' % self.docs['b'].id, timeout=90)
        self.assertEqual(foreign.status_code, 404)
        self.assertNotIn(b'contract b', foreign.content)
        missing = self.url_open('/my/documents/%d' % (self.docs['b'].id + 100000), timeout=90)
        self.assertEqual(missing.status_code, 404)
        # the plain attachment routes do not leak it either
        web = self.url_open('/web/content/%d' % self.docs['b'].id, timeout=90)
        self.assertNotIn(b'contract b', web.content)

    def test_anonymous_redirected(self):
        resp = self.url_open('/my/documents/%d' % self.docs['a'].id, timeout=90)
        self.assertNotIn(b'contract a', resp.content)
