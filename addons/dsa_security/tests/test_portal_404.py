import re

from odoo.tests.common import at_install, post_install

from odoo.addons.dsa_base.tests.common import DsaHttpCase


def _strip_tokens(html):
    """The page without its per-request CSRF tokens."""
    return re.sub(r'csrf_token[^\n]*', '', html)


@at_install(False)
@post_install(True)
class TestPortal404(DsaHttpCase):
    """models/ir_http.py: a page of the customer portal (/my/...) that shows a
    record the visitor may not read (AccessError) answers the same styled 404
    as one whose record does not exist (MissingError) or that does not exist
    at all, in the portal's layout, naming nothing; Odoo 11 alone answers a
    server error (500) for the first, telling the two apart."""

    def setUp(self):
        super(TestPortal404, self).setUp()
        customer = self.env['res.partner'].create({'name': 'Sec 404 Customer Srl',
                                                   'is_company': True})
        contact = self.env['res.partner'].create({'name': 'Sec 404 Contact',
                                                  'parent_id': customer.id})
        self.portal = self.make_user('sec_404_portal', ['base.group_portal'],
                                     partner_id=contact.id)

    def _assert_same_404(self, urls):
        pages = []
        for url in urls:
            response = self.url_open(url)
            self.assertEqual(response.status_code, 404, url)
            self.assertIn('o_dsa_portal_404', response.text, url)
            self.assertIn('o_portal_wrap', response.text, 'the portal layout: %s' % url)
            pages.append(_strip_tokens(response.text))
        return pages

    def test_unknown_portal_page_is_the_styled_404(self):
        self.authenticate('sec_404_portal', 'sec_404_portal')
        self._assert_same_404(['/my/sec-no-such-page'])
        self.assertEqual(self.url_open('/my/home').status_code, 200)

    def test_foreign_record_page_is_the_same_as_a_missing_one(self):
        """A core portal page (project's /my/task/<id>, which raises AccessError
        for a task that is not the visitor's)."""
        if 'project.task' not in self.env:
            self.skipTest('project is not installed')
        project = self.env['project.project'].create({'name': 'Sec 404 Internal Project'})
        task = self.env['project.task'].create({'name': 'Sec 404 secret task',
                                                'project_id': project.id})
        self.authenticate('sec_404_portal', 'sec_404_portal')
        foreign, missing = self._assert_same_404(
            ['/my/task/%s' % task.id, '/my/task/%s' % (task.id + 999999)])
        self.assertNotIn('Sec 404 secret task', foreign)
        self.assertEqual(foreign, missing)

    def test_public_visitor_is_sent_to_log_in(self):
        """A visitor who is not logged in is sent to the login page, for a
        foreign record as for a missing one, as before."""
        if 'project.task' not in self.env:
            self.skipTest('project is not installed')
        task = self.env['project.task'].create({'name': 'Sec 404 public task'})
        for url in ('/my/task/%s' % task.id, '/my/task/%s' % (task.id + 999999)):
            response = self.url_open(url)
            self.assertIn('/web/login', response.url, url)
            self.assertNotIn('Sec 404 public task', response.text, url)
