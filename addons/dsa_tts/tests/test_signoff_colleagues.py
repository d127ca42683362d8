import re

from odoo import SUPERUSER_ID, api
from odoo.tests.common import HttpCase, at_install, post_install

from .test_intervention_common import PNG_B64, make_service_data


@at_install(False)
@post_install(True)
class SignoffHttpCase(HttpCase):
    """A done intervention of a customer with two portal users, over real HTTP
    (set-up shared by the sign-off tests over HTTP)."""

    def setUp(self):
        super(SignoffHttpCase, self).setUp()
        # the server of an HttpCase works in the registry's test cursor: build
        # the data there so that it sees it (rolled back at the end)
        test_cr = self.registry.cursor()
        test_cr.release()
        self.env = api.Environment(test_cr, SUPERUSER_ID, {})
        make_service_data(self)
        Users = self.env['res.users'].with_context(no_reset_password=True)
        Partner = self.env['res.partner']
        self.colleague = Partner.create({
            'name': 'Paola Colleague', 'parent_id': self.customer.id,
            'email': 'paola@svc.example.com'})
        self.colleague_user = Users.create({
            'name': 'Paola Colleague', 'login': 'svc_colleague', 'password': 'svc_colleague',
            'partner_id': self.colleague.id,
            'groups_id': [(6, 0, [self.env.ref('base.group_portal').id])]})
        self.insider = Partner.create({
            'name': 'Ivo Insider', 'parent_id': self.customer.id,
            'email': 'ivo@svc.example.com'})
        self.insider_user = Users.create({
            'name': 'Ivo Insider', 'login': 'svc_insider', 'password': 'svc_insider',
            'partner_id': self.insider.id,
            'groups_id': [(6, 0, [self.env.ref('base.group_user').id])]})
        # a done intervention of the customer, whose contact is Carla, not Paola
        action = self.ticket.action_plan_intervention()
        self.task = self.env['project.task'].browse(action['res_id'])
        self.task.write({'dsa_team_id': self.team_north.id,
                         'dsa_planned_start': '2026-11-02 08:00:00',
                         'dsa_planned_end': '2026-11-02 12:00:00',
                         'dsa_work_report': 'Panel checked.'})
        self.task.action_dsa_plan()
        self.env['account.analytic.line'].create({
            'name': 'Check', 'task_id': self.task.id, 'project_id': self.task.project_id.id,
            'employee_id': self.employee1.id, 'unit_amount': 1.0})
        self.task.action_dsa_done()

    def authenticate(self, user, password):
        # the session token must be computed on the cursor where the user exists
        real_cr, self.cr = self.cr, self.env.cr
        try:
            super(SignoffHttpCase, self).authenticate(user, password)
        finally:
            self.cr = real_cr

    def url_open(self, url, data=None, timeout=90):
        # the first page of a test may build the frontend assets: slow on a busy machine
        return super(SignoffHttpCase, self).url_open(url, data=data, timeout=timeout)

    def _csrf(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        match = (re.search(r'name="csrf_token" value="([^"]+)"', response.text)
                 or re.search(r'csrf_token: "([^"]+)"', response.text))
        self.assertTrue(match, 'no csrf token in %s' % url)
        return match.group(1)


@at_install(False)
@post_install(True)
class TestSignoffColleagues(SignoffHttpCase):
    """Who of the customer's own people signs a report, over real HTTP.

    The rule (docs/guarantees.md, SEC-13): only a portal user of the intervention's
    customer - its commercial partner - signs or rejects; every other user
    gets a 404.  So a second portal user of the same customer company, who is
    not the intervention's contact, may sign; a contact of the same customer
    whose user is not a portal user (an internal user) may not.
    """

    def test_colleague_portal_user_signs(self):
        self.assertNotEqual(self.task.partner_id, self.colleague)
        self.authenticate('svc_colleague', 'svc_colleague')
        token = self._csrf('/my/intervention/%s' % self.task.id)
        response = self.url_open('/my/intervention/%s/sign' % self.task.id, data={
            'csrf_token': token, 'signer': 'Paola Colleague',
            'signature': 'data:image/png;base64,' + PNG_B64})
        self.assertEqual(response.status_code, 200, response.text[-2000:])
        self.task.invalidate_cache()
        self.assertEqual(self.task.dsa_report_state, 'signed')
        self.assertEqual(self.task.dsa_signed_by, 'Paola Colleague')
        message = self.task.message_ids.filtered(
            lambda m: self.task.dsa_signed_attachment_id in m.attachment_ids)
        self.assertEqual(message.author_id, self.colleague)

    def test_colleague_portal_user_rejects(self):
        self.authenticate('svc_colleague', 'svc_colleague')
        token = self._csrf('/my/intervention/%s' % self.task.id)
        self.url_open('/my/intervention/%s/reject' % self.task.id, data={
            'csrf_token': token, 'reason': 'Two hours, not one'})
        self.task.invalidate_cache()
        self.assertEqual(self.task.dsa_report_state, 'rejected')
        self.assertEqual(self.task.dsa_reject_reason, 'Two hours, not one')

    def test_non_portal_contact_gets_404(self):
        self.assertEqual(self.insider_user.commercial_partner_id, self.customer)
        state = self.task.dsa_report_state
        self.authenticate('svc_insider', 'svc_insider')
        for url in ('/my/intervention/%s' % self.task.id,
                    '/my/intervention/%s/report' % self.task.id):
            self.assertEqual(self.url_open(url).status_code, 404, url)
        # a CSRF token of a page the user may open (the back end's)
        page = self.url_open('/web')
        self.assertEqual(page.status_code, 200)
        # the web client's page: odoo.csrf_token = "..."
        token = re.search(r'csrf_token\s*[:=]\s*"([^"]+)"', page.text).group(1)
        attempts = [
            ('sign', {'signer': 'Ivo Insider', 'signature': 'data:image/png;base64,' + PNG_B64}),
            ('reject', {'reason': 'Not mine to accept'}),
        ]
        for action, data in attempts:
            data['csrf_token'] = token
            response = self.url_open('/my/intervention/%s/%s' % (self.task.id, action),
                                     data=data)
            self.assertEqual(response.status_code, 404, action)
        self.task.invalidate_cache()
        self.assertEqual(self.task.dsa_report_state, state)
        self.assertFalse(self.task.dsa_signed_on)
        self.assertFalse(self.task.dsa_reject_reason)
