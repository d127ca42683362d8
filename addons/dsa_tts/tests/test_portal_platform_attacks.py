"""A portal customer attacking what core leaves open around the service side:
other customers' appointments (calendar.attendee and its invitation routes),
the extra fields of /mail/chatter_post, and an email address claimed on
/my/account to have another customer's mail filed under their own company."""
import xmlrpc.client

from odoo.exceptions import AccessError
from odoo.tests.common import at_install, post_install
from odoo.tools import mute_logger

from odoo.addons.dsa_base.tests.common import server_url

from .common import ServiceHttpCase, make_other_customer, plan_intervention
from .test_ticket_mail import RAW_NEW


class PortalAttackCase(ServiceHttpCase):
    """Two customers, A (Carla, the attacker) and B (Otto, the victim), each
    with a planned intervention; both portal users. Built on the registry's
    test cursor so that the HTTP server sees it (see test_portal_ticket.py)."""

    def setUp(self):
        super(PortalAttackCase, self).setUp()
        self.env['ir.config_parameter'].sudo().set_param(
            'mail.catchall.domain', 'dsa-test.example.com')
        self.attacker = self.portal_user('h3_portal_a')
        make_other_customer(self)
        self.victim = self.portal_user('h3_portal_b', self.other_contact, name='Otto Portal')
        self.other_ticket = self.env['dsa.ticket'].create({
            'subject': 'Other fault', 'partner_id': self.other_contact.id,
            'plant_id': self.other_plant.id, 'channel': 'phone'})
        self.task = plan_intervention(self, self.ticket, '2026-11-02 08:00:00')
        self.other_task = plan_intervention(self, self.other_ticket, '2026-11-03 08:00:00')
        self.assertTrue(self.task.dsa_event_id and self.other_task.dsa_event_id)

    @staticmethod
    def _url(path):
        return server_url(path)

    def _xmlrpc(self, login):
        url = server_url('/xmlrpc/2/')
        uid = xmlrpc.client.ServerProxy(url + 'common').authenticate(
            self.env.cr.dbname, login, login, {})
        self.assertTrue(uid, login)
        models = xmlrpc.client.ServerProxy(url + 'object', allow_none=True)

        def call(model, method, *args, **kw):
            return models.execute_kw(self.env.cr.dbname, uid, login, model, method,
                                     list(args), kw)
        return call


@at_install(False)
@post_install(True)
class TestPortalAppointments(PortalAttackCase):
    """Core lets a portal user read every calendar.attendee ("Own attendees"
    is [(1, '=', 1)]) and write them: other customers' contacts, emails,
    intervention names, and the token of their invitation page."""

    def test_attendees_of_other_customers_are_out_of_reach(self):
        mine = self.task.dsa_event_id.attendee_ids.filtered(
            lambda a: a.partner_id == self.contact)
        theirs = self.other_task.dsa_event_id.attendee_ids.filtered(
            lambda a: a.partner_id == self.other_contact)
        technician = self.task.dsa_event_id.attendee_ids - mine
        self.assertTrue(mine and theirs and technician)
        call = self._xmlrpc('h3_portal_a')
        # search, read, read_group, name_search, export: their own attendance only
        self.assertEqual(call('calendar.attendee', 'search', []), mine.ids)
        self.assertEqual(call('calendar.attendee', 'search_count', []), 1)
        groups = call('calendar.attendee', 'read_group', [], ['state'], ['state'])
        self.assertEqual(sum(g['state_count'] for g in groups), 1)
        self.assertEqual([r[0] for r in call('calendar.attendee', 'name_search', 'Otto')], [])
        rows = call('calendar.attendee', 'search_read', [], ['access_token', 'email'])
        self.assertEqual([r['id'] for r in rows], mine.ids)
        Attendee = self.env['calendar.attendee'].sudo(self.attacker)
        for other in (theirs, technician):
            with self.assertRaises(AccessError):
                Attendee.browse(other.ids).read(['access_token', 'email', 'common_name'])
            with self.assertRaises(AccessError):
                Attendee.browse(other.ids).export_data(['access_token'])
        # nor decline another customer's (or a technician's) attendance
        for method in ('do_decline', 'do_accept', 'do_tentative'):
            with self.assertRaises(xmlrpc.client.Fault) as caught, \
                    mute_logger('odoo.http'):
                call('calendar.attendee', method, theirs.ids)
            self.assertIn('security restrictions', caught.exception.faultString)
        with self.assertRaises(AccessError):
            Attendee.browse(technician.ids).write({'state': 'declined'})
        self.assertEqual(theirs.state, 'needsAction')
        # their own answer only, and nothing else of their attendance
        Attendee.browse(mine.ids).do_tentative()
        self.assertEqual(mine.state, 'tentative')
        for vals in ({'partner_id': self.other_contact.id},
                     {'event_id': self.other_task.dsa_event_id.id},
                     {'email': 'otto@other.example.com'}, {'access_token': 'x'}):
            with self.assertRaises(AccessError):
                Attendee.browse(mine.ids).write(vals)
        self.assertEqual(mine.event_id, self.task.dsa_event_id)

    def test_only_the_meeting_of_their_attendance(self):
        Event = self.env['calendar.event'].sudo(self.attacker)
        self.assertEqual(Event.search([]), self.task.dsa_event_id)
        with self.assertRaises(AccessError):
            Event.browse(self.other_task.dsa_event_id.id).read(['name', 'location'])

    def test_invitation_routes_refuse_another_attendee_token(self):
        """The routes trust the token: with another customer's token a
        logged-in customer gets 400 and the answer does not change."""
        theirs = self.other_task.dsa_event_id.attendee_ids.filtered(
            lambda a: a.partner_id == self.other_contact)
        self.login(self.attacker)
        for route in ('accept', 'decline', 'view'):
            with mute_logger('odoo.http', 'werkzeug'):
                response = self.url_open(
                    '/calendar/meeting/%s?db=%s&token=%s&action=1&id=%s' % (
                        route, self.env.cr.dbname, theirs.access_token,
                        theirs.event_id.id))
            self.assertEqual(response.status_code, 400, route)
            self.assertNotIn('Otto', response.text)
        theirs.invalidate_cache()
        self.assertEqual(theirs.state, 'needsAction')


@at_install(False)
@post_install(True)
class TestPortalChatterFields(PortalAttackCase):
    """/mail/chatter_post handed every form field to message_post()."""

    def test_only_the_text_comes_from_the_form(self):
        self.login(self.attacker)
        for record, url in ((self.ticket, '/my/ticket/%s' % self.ticket.id),
                            (self.task, '/my/intervention/%s' % self.task.id)):
            token = self.csrf(url)
            before = self.env['mail.message'].search(
                [('model', '=', record._name), ('res_id', '=', record.id)])
            # core redirects to the referring page
            response = self.opener.post(self._url('/mail/chatter_post'), timeout=90,
                                        headers={'Referer': self._url(url)}, data={
                'csrf_token': token, 'res_model': record._name, 'res_id': str(record.id),
                'message': 'Any news?',
                'email_from': 'Direzione DSA <direzione@dsa.example.com>',
                'record_name': 'Fattura pagata', 'message_type': 'notification',
                'subtype': 'mail.mt_note', 'partner_ids': str(self.other_contact.id),
                'subject': 'URGENTE', 'nosubscribe': '', 'parent_id': '1',
                'subtype_id': '1', 'model': 'res.partner'})
            self.assertEqual(response.status_code, 200, record)
            message = self.env['mail.message'].search(
                [('model', '=', record._name), ('res_id', '=', record.id)]) - before
            self.assertEqual(len(message), 1, record)
            self.assertIn('Any news?', message.body)
            self.assertEqual(message.author_id, self.contact)
            self.assertNotIn('direzione', message.email_from or '')
            self.assertEqual(message.message_type, 'comment')
            self.assertEqual(message.subtype_id, self.env.ref('mail.mt_comment'))
            self.assertFalse(message.partner_ids)
            self.assertNotIn('URGENTE', message.subject or '')
            self.assertNotEqual(message.parent_id.id, 1)
            self.assertEqual(message.record_name, record.display_name)
            self.assertNotIn(self.other_contact, record.message_partner_ids)


@at_install(False)
@post_install(True)
class TestClaimedEmailAddress(PortalAttackCase):
    """The attacker sets their own address to the victim's (nobody verifies it)
    and waits for the victim's next email to the service address."""

    def _victim_writes(self, msgid):
        raw = RAW_NEW.format(sender='otto@other.example.com', name='Otto',
                             subject='Our alarm is down', msgid=msgid)
        with mute_logger('odoo.addons.mail.models.mail_thread'):
            ticket_id = self.env['mail.thread'].message_process(None, raw)
        return self.env['dsa.ticket'].browse(ticket_id)

    def _assert_not_for_attacker(self, ticket):
        self.assertTrue(ticket.exists())
        self.assertNotEqual(ticket.partner_id, self.contact)
        self.assertNotEqual(ticket.commercial_partner_id, self.customer)
        self.assertNotIn(self.contact, ticket.message_partner_ids)
        self.assertNotIn(self.contact, ticket.message_ids.mapped('author_id'))
        Ticket = self.env['dsa.ticket'].sudo(self.attacker)
        self.assertFalse(Ticket.search([('id', '=', ticket.id)]))
        with mute_logger('odoo.http'):
            response = self.url_open('/my/ticket/%s' % ticket.id)
        self.assertIn(response.status_code, (403, 404))
        self.assertNotIn('Our alarm is down', response.text)

    def test_address_changed_on_my_account(self):
        self.login(self.attacker)
        token = self.csrf('/my/account')
        response = self.url_open('/my/account', data={
            'csrf_token': token, 'name': 'Carla Portal', 'phone': '059 000',
            'email': 'Otto@Other.example.com', 'street': 'Via Emilia 1', 'city': 'Modena',
            'country_id': str(self.env.ref('base.it').id), 'zipcode': '41121'})
        self.assertEqual(response.status_code, 200)
        self.contact.invalidate_cache()
        self.assertEqual(self.contact.email, 'Otto@Other.example.com')
        self.assertFalse(self.contact.dsa_email_verified)
        ticket = self._victim_writes('claim-1@other.example.com')
        self.assertEqual(ticket.partner_id, self.other_contact)
        self.assertFalse(ticket.triage)
        self._assert_not_for_attacker(ticket)

    def test_address_changed_in_preferences_over_xmlrpc(self):
        call = self._xmlrpc('h3_portal_a')
        call('res.users', 'write', [self.attacker.id], {'email': 'otto@other.example.com'})
        with self.assertRaises(xmlrpc.client.Fault), mute_logger('odoo.http'):
            call('res.users', 'write', [self.attacker.id], {'dsa_email_verified': True})
        with self.assertRaises(xmlrpc.client.Fault), mute_logger('odoo.http'):
            call('res.partner', 'write', [self.contact.id], {'dsa_email_verified': True})
        self.contact.invalidate_cache()
        self.assertEqual(self.contact.email, 'otto@other.example.com')
        self.assertFalse(self.contact.dsa_email_verified)
        ticket = self._victim_writes('claim-2@other.example.com')
        self.assertEqual(ticket.partner_id, self.other_contact)
        self.login(self.attacker)
        self._assert_not_for_attacker(ticket)

    def test_address_of_two_customers_goes_to_triage(self):
        """Staff confirmed the same address for both customers, or nobody has
        it: the call is nobody's until a dispatcher links it."""
        self.contact.write({'email': 'otto@other.example.com'})
        self.assertTrue(self.contact.dsa_email_verified)
        ticket = self._victim_writes('claim-3@other.example.com')
        self.assertFalse(ticket.partner_id)
        self.assertTrue(ticket.triage)
        self.login(self.attacker)
        self._assert_not_for_attacker(ticket)
        # the same company's contact and the company itself are one sender
        self.contact.write({'email': 'carla@svc.example.com'})
        self.other_customer.write({'email': 'otto@other.example.com'})
        ticket = self._victim_writes('claim-4@other.example.com')
        self.assertEqual(ticket.commercial_partner_id, self.other_customer)
        self.assertFalse(ticket.triage)
