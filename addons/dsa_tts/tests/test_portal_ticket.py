import hashlib
import re
import time

from odoo.exceptions import AccessError
from odoo.tests.common import at_install, post_install

from .common import PNG_B64, ServiceHttpCase, done_intervention, make_other_customer


@at_install(False)
@post_install(True)
class TestPortalTicket(ServiceHttpCase):
    """Two customers on the real HTTP portal: opening a call, signing a report,
    and every URL of the other customer answering 404."""

    def setUp(self):
        super(TestPortalTicket, self).setUp()
        self.portal_a = self.portal_user('svc_portal_a')
        make_other_customer(self)
        self.portal_b = self.portal_user('svc_portal_b', self.other_contact, name='Otto Portal')
        # a done intervention of customer A, waiting for the signature
        self.task = done_intervention(self)

    def test_customer_opens_call_on_own_plant(self):
        self.login(self.portal_a)
        token, page = self.csrf_page('/my/tickets/new')
        self.assertIn('Fire alarm HQ', page.text)
        self.assertNotIn('Other plant', page.text)
        response = self.url_open('/my/tickets/new', data={
            'csrf_token': token, 'plant_id': str(self.plant.id),
            'subject': 'Siren does not stop', 'description': 'Since 7 am.'})
        self.assertEqual(response.status_code, 200)
        ticket = self.env['dsa.ticket'].search([('subject', '=', 'Siren does not stop')])
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.channel, 'portal')
        self.assertEqual(ticket.plant_id, self.plant)
        self.assertEqual(ticket.partner_id, self.contact)
        self.assertIn('/my/ticket/%s' % ticket.id, response.url)
        self.assertIn('Since 7 am.', response.text)
        listing = self.url_open('/my/tickets')
        self.assertIn(ticket.name, listing.text)
        # the conversation: the customer writes in the ticket's thread from the portal
        token, page = self.csrf_page('/my/ticket/%s' % ticket.id)
        base = self.base_url()
        self.opener.post(base + '/mail/chatter_post', timeout=90, data={
            'csrf_token': token, 'res_model': 'dsa.ticket', 'res_id': str(ticket.id),
            'message': 'It beeps again now.'},
            headers={'Referer': base + '/my/ticket/%s' % ticket.id})
        ticket.invalidate_cache()
        posted = ticket.message_ids.filtered(lambda m: 'It beeps again now.' in (m.body or ''))
        self.assertEqual(posted.author_id, self.contact)
        fetched = self.opener.post(base + '/mail/chatter_fetch', timeout=90, json={
                'jsonrpc': '2.0', 'method': 'call',
                'params': {'res_model': 'dsa.ticket', 'res_id': ticket.id}}).json()
        self.assertIn('It beeps again now.', str(fetched['result']['messages']))
        # a plant of another customer is refused, nothing is created
        token, page = self.csrf_page('/my/tickets/new')
        response = self.url_open('/my/tickets/new', data={
            'csrf_token': token, 'plant_id': str(self.other_plant.id),
            'subject': 'Sneaky call'})
        self.assertIn('Choose one of your plants', response.text)
        self.assertFalse(self.env['dsa.ticket'].search([('subject', '=', 'Sneaky call')]))

    def test_customer_signs_report(self):
        self.login(self.portal_a)
        report = self.url_open('/my/intervention/%s/report' % self.task.id)
        self.assertEqual(report.status_code, 200)
        self.assertTrue(report.content.startswith(b'%PDF'))
        token, page = self.csrf_page('/my/intervention/%s' % self.task.id)
        self.assertIn('Approve and sign', page.text)
        response = self.url_open('/my/intervention/%s/sign' % self.task.id, data={
            'csrf_token': token, 'signer': 'Carla Contact',
            'signature': 'data:image/png;base64,' + PNG_B64})
        self.assertEqual(response.status_code, 200, response.text[-3000:])
        self.task.invalidate_cache()
        self.assertEqual(self.task.dsa_report_state, 'signed')
        self.assertEqual(self.task.dsa_signed_by, 'Carla Contact')
        self.assertTrue(self.task.dsa_signed_ip)
        self.assertTrue(self.task.dsa_signed_attachment_id)
        self.assertIn('Approved and signed by', response.text)
        message = self.task.message_ids.filtered(
            lambda m: self.task.dsa_signed_attachment_id in m.attachment_ids)
        self.assertEqual(message.author_id, self.contact)
        self.assertIn(self.task.dsa_signed_sha256, message.body)
        # the served report is now the archived signed one
        report = self.url_open('/my/intervention/%s/report' % self.task.id)
        self.assertTrue(report.content.startswith(b'%PDF'))
        self.assertEqual(hashlib.sha256(report.content).hexdigest(), self.task.dsa_signed_sha256)

    def test_customer_rejects_report(self):
        self.login(self.portal_a)
        token, page = self.csrf_page('/my/intervention/%s' % self.task.id)
        self.url_open('/my/intervention/%s/reject' % self.task.id, data={
            'csrf_token': token, 'reason': 'Only one hour was worked'})
        self.task.invalidate_cache()
        self.assertEqual(self.task.dsa_report_state, 'rejected')
        self.assertEqual(self.task.dsa_reject_reason, 'Only one hour was worked')

    def test_other_customer_gets_404(self):
        self.login(self.portal_b)
        for url in ('/my/ticket/%s' % self.ticket.id,
                    '/my/intervention/%s' % self.task.id,
                    '/my/intervention/%s/report' % self.task.id,
                    '/my/ticket/999999', '/my/intervention/999999'):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 404, url)
        listing = self.url_open('/my/tickets')
        self.assertNotIn(self.ticket.name, listing.text)
        self.assertNotIn(self.task.name, self.url_open('/my/interventions').text)
        token, page = self.csrf_page('/my/tickets/new')
        response = self.url_open('/my/intervention/%s/sign' % self.task.id, data={
            'csrf_token': token, 'signer': 'Otto', 'signature': PNG_B64})
        self.assertEqual(response.status_code, 404)
        self.task.invalidate_cache()
        self.assertFalse(self.task.dsa_signed_on)

    def test_record_rules_for_portal_users(self):
        Ticket = self.env['dsa.ticket'].sudo(self.portal_b)
        Task = self.env['project.task'].sudo(self.portal_b)
        self.assertFalse(Ticket.search([('id', '=', self.ticket.id)]))
        self.assertFalse(Task.search([('id', '=', self.task.id)]))
        self.assertFalse(Ticket.name_search(self.ticket.name))
        groups = Ticket.read_group([], ['partner_id'], ['partner_id'])
        self.assertNotIn(self.contact.id, [g['partner_id'] and g['partner_id'][0] for g in groups])
        with self.assertRaises(AccessError):
            self.ticket.sudo(self.portal_b).read(['subject'])
        with self.assertRaises(AccessError):
            self.task.sudo(self.portal_b).read(['name'])
        with self.assertRaises(AccessError):
            self.ticket.sudo(self.portal_b).export_data(['subject'])
        with self.assertRaises(AccessError):
            self.task.sudo(self.portal_b).export_data(['name'])
        # customer A reads its own, but cannot write
        self.assertEqual(self.ticket.sudo(self.portal_a).read(['subject'])[0]['subject'],
                         'Panel fault')
        self.assertTrue(self.env['project.task'].sudo(self.portal_a).search(
            [('id', '=', self.task.id)]))
        with self.assertRaises(AccessError):
            self.ticket.sudo(self.portal_a).write({'subject': 'changed'})
        with self.assertRaises(AccessError):
            self.task.sudo(self.portal_a).write({'dsa_planned_start': '2027-01-01 08:00:00'})

    # ------------------------------------------------------------------ attacks (issue 12)

    def _login(self, user, password):
        user.write({'password': password})
        self.authenticate(user.login, password)

    def _web_csrf(self):
        """A CSRF token of the current (internal) session, from the web client."""
        page = self.url_open('/web')
        match = re.search(r'csrf_token\s*[:=]\s*"([^"]+)"', page.text)
        self.assertTrue(match, 'no csrf token in /web')
        return match.group(1)

    def _task_urls(self):
        return ['/my/intervention/%s' % self.task.id,
                '/my/intervention/%s/report' % self.task.id]

    def _try_sign_and_reject(self, token):
        sign = self.url_open('/my/intervention/%s/sign' % self.task.id, data={
            'csrf_token': token, 'signer': 'Carla Contact',
            'signature': 'data:image/png;base64,' + PNG_B64})
        reject = self.url_open('/my/intervention/%s/reject' % self.task.id, data={
            'csrf_token': token, 'reason': 'Forged'})
        return sign, reject

    def _assert_unsigned(self):
        self.task.invalidate_cache()
        self.assertEqual(self.task.dsa_report_state, 'none')
        self.assertFalse(self.task.dsa_signed_on)
        self.assertFalse(self.task.dsa_reject_reason)

    def test_employees_cannot_sign_nor_open_customer_pages(self):
        employee = self.env['res.users'].with_context(no_reset_password=True).create({
            'name': 'Plain Employee', 'login': 'svc_employee',
            'groups_id': [(6, 0, [self.env.ref('base.group_user').id])]})
        for user in (self.tech1, self.manager, employee):
            self._login(user, 'pw_%s' % user.login)
            token = self._web_csrf()
            for url in self._task_urls() + [
                    '/my/interventions', '/my/tickets', '/my/tickets/new', '/my/plants',
                    '/my/plants/%s' % self.plant.id, '/my/ticket/%s' % self.ticket.id]:
                response = self.url_open(url)
                self.assertEqual(response.status_code, 404, '%s %s' % (user.login, url))
            for response in self._try_sign_and_reject(token):
                self.assertEqual(response.status_code, 404, user.login)
            self._assert_unsigned()
            # an employee opens no service call through the portal, on any plant
            response = self.url_open('/my/tickets/new', data={
                'csrf_token': token, 'plant_id': str(self.other_plant.id),
                'subject': 'Call by %s' % user.login})
            self.assertEqual(response.status_code, 404)
            self.assertFalse(self.env['dsa.ticket'].search(
                [('subject', '=', 'Call by %s' % user.login)]))
            # the portal's own pages are a page or a 404, never a server error
            for url in ('/my/home', '/my', '/my/tasks'):
                self.assertIn(self.url_open(url).status_code, (200, 404), user.login)

    def test_other_customer_cannot_sign_or_reject(self):
        self.login(self.portal_b)
        token, page = self.csrf_page('/my/tickets/new')
        for url in self._task_urls():
            self.assertEqual(self.url_open(url).status_code, 404, url)
        for response in self._try_sign_and_reject(token):
            self.assertEqual(response.status_code, 404)
        self._assert_unsigned()

    def test_url_message_not_echoed(self):
        self.login(self.portal_a)
        page = self.url_open('/my/intervention/%s?sign_error=Call+0800-FRAUD+now'
                             % self.task.id)
        self.assertEqual(page.status_code, 200)
        self.assertNotIn('Call 0800-FRAUD now', page.text)
        self.assertNotIn('alert-danger', page.text)

    def test_portal_page_shows_no_employee_cost_rate(self):
        self.employee1.timesheet_cost = 987.65
        self.task.invalidate_cache()
        self.assertAlmostEqual(self.task.dsa_labour_cost, 987.65)
        self.login(self.portal_a)
        page = self.url_open('/my/intervention/%s' % self.task.id)
        self.assertEqual(page.status_code, 200)
        self.assertIn('Panel checked.', page.text)
        self.assertNotIn('987.65', page.text)
        self.assertNotIn('987,65', page.text)

    def test_report_is_not_rendered_on_every_get(self):
        self.login(self.portal_a)
        url = '/my/intervention/%s/report' % self.task.id
        first = self.url_open(url).content
        self.assertTrue(first.startswith(b'%PDF'))
        self.assertIn(b'/CreationDate', first, 'wkhtmltopdf dates each rendering')
        time.sleep(1.1)
        self.assertEqual(self.url_open(url).content, first, 'served from the cache')
        # a change of what the report shows renders it again (checked in process:
        # the HTTP thread of the test server reads through its own test cursor)
        cached = self.task._dsa_report_pdf()
        self.assertEqual(self.task._dsa_report_pdf(), cached)
        self.task.write({'dsa_work_report': 'Panel checked and cleaned.'})
        self.assertNotEqual(self.task._dsa_report_pdf(), cached)
