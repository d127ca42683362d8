from odoo.tests.common import SavepointCase, at_install, post_install
from odoo.tools import mute_logger

RAW_NEW = """Return-Path: <{sender}>
From: {name} <{sender}>
To: service@dsa-test.example.com
Subject: {subject}
Date: Mon, 12 Oct 2026 09:10:00 +0200
Message-ID: <{msgid}>
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

Buongiorno,
the alarm panel in the warehouse beeps every ten minutes.
"""

RAW_REPLY = """Return-Path: <{sender}>
From: {name} <{sender}>
To: service@dsa-test.example.com
Subject: Re: {subject}
Date: Mon, 12 Oct 2026 11:00:00 +0200
Message-ID: <{msgid}>
In-Reply-To: <{parent}>
References: <{parent}>
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"

It started again this morning.
"""


@at_install(False)
@post_install(True)
class TestTicketMailGateway(SavepointCase):
    """Service calls by email, through the real mail gateway on raw RFC 822 text."""

    @classmethod
    def setUpClass(cls):
        super(TestTicketMailGateway, cls).setUpClass()
        cls.env['ir.config_parameter'].sudo().set_param(
            'mail.catchall.domain', 'dsa-test.example.com')
        cls.customer = cls.env['res.partner'].create({
            'name': 'Gateway Customer Srl', 'is_company': True})
        cls.contact = cls.env['res.partner'].create({
            'name': 'Mario Gateway', 'parent_id': cls.customer.id,
            'email': 'mario.gateway@customer.example.com'})
        cls.plant = cls.env['dsa.plant'].create({
            'name': 'Warehouse alarm', 'partner_id': cls.customer.id})
        cls.Thread = cls.env['mail.thread']

    def _process(self, raw, model=None):
        with mute_logger('odoo.addons.mail.models.mail_thread'):
            return self.Thread.message_process(model, raw)

    def test_alias_exists_for_tickets(self):
        alias = self.env.ref('dsa_tts.mail_alias_dsa_ticket')
        self.assertEqual(alias.alias_model_id.model, 'dsa.ticket')
        self.assertEqual(alias.alias_name, 'service')

    def test_known_sender_through_alias(self):
        raw = RAW_NEW.format(sender='Mario.Gateway@customer.example.com', name='Mario',
                             subject='Panel beeping', msgid='known-1@customer.example.com')
        ticket_id = self._process(raw)  # routed by the alias, no model given
        ticket = self.env['dsa.ticket'].browse(ticket_id)
        self.assertEqual(ticket.channel, 'email')
        self.assertEqual(ticket.partner_id, self.contact)
        self.assertFalse(ticket.triage)
        self.assertEqual(ticket.subject, 'Panel beeping')
        self.assertIn('beeps every ten minutes', ticket.description)
        self.assertEqual(ticket.plant_id, self.plant, 'the only plant of the customer')
        self.assertTrue(ticket.name.startswith('CALL/'))
        self.assertIn(self.contact, ticket.message_partner_ids)

    def test_wildcard_sender_matches_no_customer(self):
        """An attacker writes from an address with SQL wildcards that would match
        a customer's address with ILIKE: the call stays unlinked, for triage."""
        for i, sender in enumerate(('mario_gateway@customer.example.com',
                                    'm%@customer.example.com',
                                    'mario.gateway@customer.example.co_')):
            raw = RAW_NEW.format(sender=sender, name='Mallory', subject='Send me the keys',
                                 msgid='wild-%s@evil.example.org' % i)
            ticket = self.env['dsa.ticket'].browse(self._process(raw, model='dsa.ticket'))
            self.assertTrue(ticket.exists())
            self.assertFalse(ticket.partner_id, sender)
            self.assertTrue(ticket.triage, sender)
            self.assertFalse(ticket.plant_id, sender)
            self.assertNotIn(self.contact, ticket.message_partner_ids, sender)
        self.assertFalse(self.env['dsa.ticket']._dsa_partner_from_email(
            'MARIO_GATEWAY@customer.example.com'))
        self.assertEqual(self.env['dsa.ticket']._dsa_partner_from_email(
            'Mario <MARIO.gateway@customer.example.com>'), self.contact)

    def test_unknown_sender_is_flagged_for_triage(self):
        raw = RAW_NEW.format(sender='stranger@nowhere.example.org', name='Stranger',
                             subject='Help', msgid='unknown-1@nowhere.example.org')
        ticket = self.env['dsa.ticket'].browse(self._process(raw, model='dsa.ticket'))
        self.assertTrue(ticket.exists())
        self.assertEqual(ticket.channel, 'email')
        self.assertFalse(ticket.partner_id)
        self.assertTrue(ticket.triage)
        self.assertEqual(ticket.email_from, 'Stranger <stranger@nowhere.example.org>')
        # linking the customer clears the flag
        ticket.write({'partner_id': self.contact.id})
        self.assertFalse(ticket.triage)

    def test_reply_threads_into_ticket(self):
        raw = RAW_NEW.format(sender='mario.gateway@customer.example.com', name='Mario',
                             subject='Siren fault', msgid='thread-1@customer.example.com')
        ticket = self.env['dsa.ticket'].browse(self._process(raw, model='dsa.ticket'))
        count_before = self.env['dsa.ticket'].search_count([])
        messages_before = len(ticket.message_ids)
        reply = RAW_REPLY.format(sender='mario.gateway@customer.example.com', name='Mario',
                                 subject='Siren fault', msgid='thread-2@customer.example.com',
                                 parent='thread-1@customer.example.com')
        res_id = self._process(reply)
        self.assertEqual(res_id, ticket.id)
        self.assertEqual(self.env['dsa.ticket'].search_count([]), count_before)
        ticket.invalidate_cache()
        self.assertEqual(len(ticket.message_ids), messages_before + 1)
        self.assertIn('started again', ticket.message_ids[0].body)
        self.assertEqual(ticket.message_ids[0].author_id, self.contact)
        # the conversation on the portal shows the emails
        self.assertIn(ticket.message_ids[0], ticket.website_message_ids)
