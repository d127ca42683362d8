from xmlrpc import client as xmlrpclib

from lxml import html

from odoo.tests.common import at_install, get_db_name, post_install

from odoo.addons.dsa_base.tests.common import server_url

from .common import ServiceHttpCase

# what a customer types: a link and a remote image (a tracking pixel)
TRAP = ('Alarm beeps.\n<a href="http://evil.example/phish">open the manual</a>\n'
        '<img src="http://evil.example/x.png"> see http://evil.example/more')


@at_install(False)
@post_install(True)
class TestCustomerText(ServiceHttpCase):
    """What a portal customer types reaches the staff's screens as text
    (issue 23): the call's description in the intervention, and the chatter
    messages written on the portal, over RPC or by email."""

    def setUp(self):
        super(TestCustomerText, self).setUp()
        self.portal = self.portal_user('svc_text_portal')

    def assertNeutral(self, body, what):
        """No image nor link to the attacker's site in the stored HTML (the
        text may say ``&lt;a href="http://evil...``: that is text)."""
        body = body or ''
        self.assertNotIn('<img', body, what)
        self.assertNotRegex(body, r'<a\s[^>]*href="http://evil', what)
        if body:
            root = html.fragment_fromstring(body, create_parent='div')
            self.assertFalse(root.xpath('//img | //a[contains(@href, "evil")]'), what)

    def _open_call(self):
        self.login(self.portal)
        token = self.csrf('/my/tickets/new')
        self.url_open('/my/tickets/new', data={
            'csrf_token': token, 'plant_id': str(self.plant.id),
            'subject': 'Trap call', 'description': TRAP})
        ticket = self.env['dsa.ticket'].search([('subject', '=', 'Trap call')])
        self.assertEqual(len(ticket), 1)
        return ticket

    def test_description_reaches_intervention_as_text(self):
        ticket = self._open_call()
        action = ticket.sudo(self.manager).action_plan_intervention()
        task = self.env['project.task'].browse(action['res_id'])
        self.assertNeutral(task.description, 'intervention description')
        self.assertIn('&lt;img src=', task.description)
        self.assertIn('open the manual', task.description)
        self.assertIn('<br', task.description)
        for message in ticket.message_ids | task.message_ids:
            self.assertNeutral(message.body, 'chatter')

    def test_chatter_of_customer_is_text(self):
        ticket = self._open_call()
        base = self.base_url()
        token = self.csrf('/my/ticket/%s' % ticket.id)
        # on the portal: core makes the addresses typed into links
        self.opener.post(base + '/mail/chatter_post', timeout=90, data={
            'csrf_token': token, 'res_model': 'dsa.ticket', 'res_id': str(ticket.id),
            'message': TRAP}, headers={'Referer': base + '/my/ticket/%s' % ticket.id})
        # over XML-RPC, as HTML: posting is refused by core; editing one's own
        # message, if allowed, keeps it neutral
        self.env.cr.execute('RELEASE SAVEPOINT test_cursor')
        self.env.cr.execute('SAVEPOINT test_cursor')
        proxy = xmlrpclib.ServerProxy(server_url('/xmlrpc/2/object'))
        html_body = ('<p>Look <a href="http://evil.example/phish">here</a>'
                     '<img src="http://evil.example/x.png"><img src="//evil.example/y.png">'
                     '<table background="http://evil.example/bg.png"><tr><td>t</td></tr>'
                     '</table></p>')
        ticket.invalidate_cache()
        own = ticket.message_ids.filtered(lambda m: m.author_id == self.contact and
                                          m.message_type == 'comment')
        self.assertEqual(len(own), 1)
        for model, method, args, kwargs in (
                ('dsa.ticket', 'message_post', [[ticket.id]], {'body': html_body}),
                ('mail.message', 'write', [own.ids, {'body': html_body}], {})):
            try:
                proxy.execute_kw(get_db_name(), self.portal.id, 'svc_text_portal',
                                 model, method, args, kwargs)
            except xmlrpclib.Fault as fault:
                self.assertEqual(fault.faultCode, 4, fault.faultString)  # AccessError
        # by email from the customer, into the call
        self.env['mail.thread'].message_process('dsa.ticket', (
            'From: Carla <%s>\r\nTo: service@example.com\r\nSubject: Re: Trap\r\n'
            'Message-Id: <trap-1@example.com>\r\nContent-Type: text/html\r\n\r\n%s\r\n')
            % (self.contact.email or 'carla@example.com', html_body), thread_id=ticket.id)
        ticket.invalidate_cache()
        posted = ticket.message_ids.filtered(lambda m: 'evil.example' in (m.body or ''))
        self.assertGreaterEqual(len(posted), 2)
        for message in posted:
            self.assertNeutral(message.body, message.message_type)
            self.assertNotIn('background=', message.body)
        # the addresses stay readable, as text
        self.assertTrue(all('evil.example/phish' in m.body for m in posted))
        # an employee's own message keeps its link
        staff = ticket.sudo(self.manager).message_post(
            body='<p><a href="https://www.example.com/manual">manual</a></p>')
        self.assertIn('href="https://www.example.com/manual"', staff.body)
