"""Issue 16, portal part: the customer's notices, 404 page, new calls with
files, acknowledgement and sign-request emails, over real HTTP as real
portal users (and through the real mail gateway for the email path)."""
import base64
import re

from odoo.exceptions import AccessError
from odoo.tests.common import at_install, post_install
from odoo.tools import mute_logger

from .common import (PNG_B64, ServiceCase, ServiceHttpCase, done_intervention,
                     make_other_customer)
from .test_ticket_mail import RAW_NEW

PNG = base64.b64decode(PNG_B64)
PDF = b'%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'


#: what acknowledgement() says of an acknowledged call (but for its recipients)
ACK_SENT = {'mails': 1, 'number in subject': True, 'number in body': True,
            'portal link in body': True}


def acknowledgement(ticket):
    """What the acknowledgement e-mails of ``ticket`` say: their count,
    whether they give its number and portal link, and to whom they go."""
    ack = ticket.env['mail.mail'].search([('model', '=', 'dsa.ticket'),
                                          ('res_id', '=', ticket.id)])
    return {'mails': len(ack), 'number in subject': ticket.name in (ack[:1].subject or ''),
            'number in body': ticket.name in (ack[:1].body_html or ''),
            'portal link in body': '/my/ticket/%s' % ticket.id in (ack[:1].body_html or ''),
            'recipients': str(ack.recipient_ids)}


def _strip_tokens(html):
    """The page without its per-request CSRF tokens."""
    return re.sub(r'csrf_token[^\n]*', '', html)


@at_install(False)
@post_install(True)
class TestPortalCustomerFlow(ServiceHttpCase):

    def setUp(self):
        super(TestPortalCustomerFlow, self).setUp()
        self.portal_a = self.portal_user('flow_portal_a')
        make_other_customer(self, name='Other Flow Snc', contact_name='Otto Flow',
                            email='otto@flow.example.com', plant_name=None)
        self.portal_b = self.portal_user('flow_portal_b', self.other_contact, name='Otto Portal')
        self.task = done_intervention(self, timesheet=False)

    def _post_call(self, subject, files):
        token, page = self.csrf_page('/my/tickets/new')
        self.assertIn('Photos and files', page.text)
        return self.opener.post(self.base_url() + '/my/tickets/new', timeout=90, data={
            'csrf_token': token, 'plant_id': str(self.plant.id), 'subject': subject,
            'description': 'See the photo.'}, files=files)

    # ------------------------------------------------------------------ 404

    def test_404_page_same_for_foreign_and_missing(self):
        self.login(self.portal_b)
        pages = {}
        for kind, ticket_id, task_id, plant_id in (
                ('foreign', self.ticket.id, self.task.id, self.plant.id),
                ('missing', 99999999, 99999998, 99999997)):
            for url in ('/my/ticket/%s' % ticket_id, '/my/intervention/%s' % task_id,
                        '/my/plants/%s' % plant_id):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 404, url)
                self.assertIn('Page not found', response.text, url)
                self.assertIn('o_portal_wrap', response.text, 'the portal layout: %s' % url)
                self.assertNotIn(self.ticket.name, response.text, url)
                self.assertNotIn('Fire alarm HQ', response.text, url)
                pages.setdefault(url.rsplit('/', 1)[0], {})[kind] = _strip_tokens(response.text)
        for prefix, by_kind in pages.items():
            self.assertEqual(by_kind['foreign'], by_kind['missing'], prefix)

    # ------------------------------------------------------------------ /my

    def test_home_notice_and_hidden_zero_counters(self):
        self.login(self.portal_a)
        home = self.url_open('/my/home')
        self.assertIn('waiting for your signature', home.text)
        self.assertIn('href="/my/intervention/%s"' % self.task.id, home.text)
        self.assertNotIn('<span class="badge">0</span>', home.text)
        # the notice goes once the report is answered (here: rejected)
        self.reject(self.task, 'Wrong hours')
        self.assertNotIn('waiting for your signature', self.url_open('/my/home').text)
        # a customer with nothing: no zero counter, a way to open a call
        self.login(self.portal_b)
        home = self.url_open('/my/home')
        self.assertNotIn('<span class="badge">0</span>', home.text)
        self.assertNotIn('href="/my/tickets"', home.text)
        self.assertNotIn('href="/my/interventions"', home.text)
        self.assertIn('href="/my/tickets/new"', home.text)
        self.assertNotIn('waiting for your signature', home.text)

    # ------------------------------------------------------------------ new call

    def test_new_call_with_files_confirmation_ack_and_privacy(self):
        self.login(self.portal_a)
        response = self._post_call('Panel display broken', [
            ('attachments', ('display.png', PNG, 'image/png')),
            ('attachments', ('manual.pdf', PDF, 'application/pdf'))])
        self.assertEqual(response.status_code, 200, response.text[-2000:])
        ticket = self.env['dsa.ticket'].search([('subject', '=', 'Panel display broken')])
        self.assertEqual(len(ticket), 1)
        self.assertIn('/my/ticket/%s' % ticket.id, response.url)
        confirmation = re.search(r'o_dsa_ticket_created.*?</div>', response.text, re.S).group(0)
        self.assertIn('has been registered', confirmation)
        self.assertIn('Number of your call: <strong>%s</strong>' % ticket.name, confirmation)
        files = self.env['ir.attachment'].search(
            [('res_model', '=', 'dsa.ticket'), ('res_id', '=', ticket.id)], order='name')
        self.assertEqual(files.mapped('name'), ['display.png', 'manual.pdf'])
        self.assertEqual(files.mapped('mimetype'), ['image/png', 'application/pdf'])
        self.assertIn('display.png', response.text)
        own = self.url_open('/web/content/%s?download=true' % files[0].id)
        self.assertEqual(own.status_code, 200)
        self.assertEqual(own.content, PNG)
        # the acknowledgement email: number and portal link
        self.assertEqual(acknowledgement(ticket), dict(ACK_SENT, recipients=str(self.contact)))
        # another customer reads none of the files, over HTTP or the ORM
        self.login(self.portal_b)
        for att in files:
            foreign = self.url_open('/web/content/%s?download=true' % att.id)
            self.assertIn(foreign.status_code, (403, 404))
            self.assertNotEqual(foreign.content, PNG)
            with self.assertRaises(AccessError):
                att.sudo(self.portal_b).read(['datas'])
        self.assertEqual(self.url_open('/my/ticket/%s' % ticket.id).status_code, 404)

    def test_new_call_refuses_wrong_files_and_writes_nothing(self):
        self.login(self.portal_a)
        cases = (
            ('page.html', b'<html><script>alert(1)</script></html>',
             'page.html: this kind of file is not accepted'),
            ('fake.png', b'MZ\x90\x00 not a picture', 'fake.png: this kind of file'),
            ('big.pdf', b'%PDF-' + b'0' * (10 * 1024 * 1024), 'big.pdf is larger than 10 MB'),
        )
        for name, data, message in cases:
            response = self._post_call('Call with %s' % name,
                                       [('attachments', (name, data, 'image/png'))])
            self.assertEqual(response.status_code, 200, name)
            self.assertIn(message, response.text)
            self.assertFalse(self.env['dsa.ticket'].search(
                [('subject', '=', 'Call with %s' % name)]), name)
        response = self._post_call('Too many files', [
            ('attachments', ('p%s.png' % i, PNG, 'image/png')) for i in range(6)])
        self.assertIn('Attach at most 5 files', response.text)
        self.assertFalse(self.env['dsa.ticket'].search([('subject', '=', 'Too many files')]))
        self.assertFalse(self.env['ir.attachment'].search(
            [('res_model', '=', 'dsa.ticket'), ('name', 'in', ['p0.png', 'big.pdf'])]))

    # ------------------------------------------------------------------ sign page

    def test_intervention_page_breadcrumb_and_empty_signature(self):
        self.login(self.portal_a)
        token, page = self.csrf_page('/my/intervention/%s' % self.task.id)
        crumbs = re.search(r'<ol class="breadcrumb o_portal_submenu">(.*?)</ol>',
                           page.text, re.S).group(1)
        self.assertIn('href="/my/interventions"', crumbs)
        self.assertIn(self.task.name, crumbs)
        self.assertNotIn('/my/tasks', crumbs)
        self.assertNotIn('Tasks', crumbs)
        self.assertRegex(page.text,
                         r'<label[^>]*>Signature</label>\s*<div class="o_dsa_signature_pad')
        response = self.url_open('/my/intervention/%s/sign' % self.task.id, data={
            'csrf_token': token, 'signer': 'Carla Contact', 'signature': ''})
        self.assertEqual(response.status_code, 400)
        self.assertIn('Draw the signature before approving.', response.text)
        self.task.invalidate_cache()
        self.assertFalse(self.task.dsa_signed_on)


class TestCustomerEmails(ServiceCase):
    """The acknowledgement of an emailed call and the sign request of a done
    intervention, with its unsigned report attached."""

    def test_email_call_gets_ack_with_number_and_link(self):
        self.env['ir.config_parameter'].sudo().set_param(
            'mail.catchall.domain', 'dsa-test.example.com')
        raw = RAW_NEW.format(sender='carla@svc.example.com', name='Carla',
                             subject='Siren keeps ringing', msgid='ack-1@svc.example.com')
        with mute_logger('odoo.addons.mail.models.mail_thread'):
            ticket_id = self.env['mail.thread'].message_process('dsa.ticket', raw)
        ticket = self.env['dsa.ticket'].browse(ticket_id)
        self.assertEqual(ticket.channel, 'email')
        self.assertEqual(ticket.partner_id, self.contact)
        self.assertEqual(acknowledgement(ticket), dict(ACK_SENT, recipients=str(self.contact)))
        # a sender that matches no customer gets none (forged From: no backscatter)
        raw = RAW_NEW.format(sender='stranger@nowhere.example.org', name='Stranger',
                             subject='Buy now', msgid='ack-2@nowhere.example.org')
        with mute_logger('odoo.addons.mail.models.mail_thread'):
            stranger = self.env['mail.thread'].message_process('dsa.ticket', raw)
        self.assertTrue(self.env['dsa.ticket'].browse(stranger).triage)
        self.assertFalse(self.env['mail.mail'].search([('model', '=', 'dsa.ticket'),
                                                       ('res_id', '=', stranger)]))
        # a call taken on the phone by the back office gets none
        phone = self.env['dsa.ticket'].create({
            'subject': 'By phone', 'partner_id': self.contact.id, 'channel': 'phone'})
        self.assertFalse(self.env['mail.mail'].search([('model', '=', 'dsa.ticket'),
                                                       ('res_id', '=', phone.id)]))

    def test_done_sends_sign_link_and_attaches_unsigned_report(self):
        task = self._new_intervention(dsa_work_report='Detectors replaced.')
        task.sudo(self.manager).action_dsa_plan()
        self.assertFalse(self._mails(task, 'report to review and sign'))
        task.sudo(self.tech1).action_dsa_done()
        mail = self._mails(task, 'report to review and sign')
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, task._dsa_customer_contact())
        self.assertIn('/my/intervention/%s' % task.id, mail.body_html)
        report = task.dsa_unsigned_attachment_id
        self.assertTrue(report)
        self.assertEqual((report.res_model, report.res_id), ('project.task', task.id))
        pdf = base64.b64decode(report.datas)
        self.assertTrue(pdf.startswith(b'%PDF'))
        # the same PDF as the customer gets on the portal
        self.assertEqual(pdf, task.sudo(self.portal_user)._dsa_report_pdf())
        note = task.message_ids.filtered(lambda m: report in m.attachment_ids)
        self.assertEqual(len(note), 1)
        # the customer's portal user reads it; closing again sends nothing more
        self.assertTrue(report.sudo(self.portal_user).read(['name']))
        task.sudo(self.tech1).action_dsa_done()
        self.assertEqual(len(self._mails(task, 'report to review and sign')), 1)
