from odoo.exceptions import AccessError, UserError
from odoo.tests.common import at_install, post_install

from .common import MailQueueCase


@at_install(False)
@post_install(True)
class TestMailQueueAttacks(MailQueueCase):
    """models/mail_mail.py: the queue is for mail administrators only."""

    def test_queue_closed_over_xmlrpc(self):
        mail_ids = [self.planned.id, self.invitation.id]
        for user in self.attackers:
            self._refused(user, 'mail.mail', 'search_read', [], fields=['body_html', 'email_to'])
            self._refused(user, 'mail.mail', 'read', mail_ids, ['body', 'body_html', 'subject'])
            self._refused(user, 'mail.mail', 'search_count', [])
            self._refused(user, 'mail.mail', 'name_search', 'Intervention')
            self._refused(user, 'mail.mail', 'read_group', [], ['state'], ['state'])
            self._refused(user, 'mail.mail', 'export_data', mail_ids, ['body_html'])
            self._refused(user, 'mail.mail', 'write', [self.planned.id],
                          {'email_to': 'thief@example.com'})
            self._refused(user, 'mail.mail', 'create', {
                'email_from': 'service@dsa.example.com', 'email_to': 'victim@example.com',
                'subject': 'Pay here', 'body_html': '<p>new IBAN</p>'})
            self._refused(user, 'mail.mail', 'unlink', [self.planned.id])
        self.planned.invalidate_cache()
        self.assertFalse(self.planned.email_to)
        self.assertEqual(self.planned.recipient_ids, self.victim_contact)
        self.assertFalse(self.env['mail.mail'].search([('subject', '=', 'Pay here')]))

    def test_queue_closed_through_orm_and_web_client(self):
        for user in self.attackers:
            Mail = self.env['mail.mail'].sudo(user)
            with self.assertRaises(AccessError):
                Mail.search([('body_html', 'ilike', '4711')])
            with self.assertRaises(AccessError):
                self.planned.sudo(user).body
            # the web client's export and its binary route
            self.authenticate(user.login, user.login)
            res = self.url_open('/web/content?model=mail.mail&id=%d&field=body_html'
                                % self.planned.id)
            self.assertNotIn(b'4711', res.content)
            self.assertNotEqual(res.status_code, 200)

    def test_mail_administrator_keeps_the_queue(self):
        admin = self._user('sec_mail_admin', 'base.group_system')
        self.cr.execute('RELEASE SAVEPOINT test_cursor')
        self.cr.execute('SAVEPOINT test_cursor')
        rows = self._rpc(admin, 'mail.mail', 'search_read', [('id', '=', self.planned.id)],
                         fields=['body_html'])
        self.assertIn('4711', rows[0]['body_html'])

    def test_notifications_and_left_behind_wizards(self):
        """mail.notification: own and authored only, changed by the mail code
        only; composer wizards are their creator's (core, transient)."""
        message = self.invitation.mail_message_id
        self.env['mail.notification'].create({
            'mail_message_id': self.planned.mail_message_id.id,
            'res_partner_id': self.victim_contact.id, 'is_email': True})
        for user in self.attackers:
            self.assertEqual(self._rpc(user, 'mail.notification', 'search_read', [],
                                       fields=['res_partner_id']),
                             [])
            # field changes with their old and new values: core closes them
            self._refused(user, 'mail.tracking.value', 'search_read', [])
            # being notified of a message opens it: no notification of one's own
            self._refused(user, 'mail.notification', 'create', {
                'mail_message_id': message.id, 'res_partner_id': user.partner_id.id})
            own = self.env['mail.notification'].create({
                'mail_message_id': self.planned.mail_message_id.id,
                'res_partner_id': user.partner_id.id})
            self._refused(user, 'mail.notification', 'write', [own.id],
                          {'mail_message_id': message.id})
        composer = self.env['mail.compose.message'].sudo(self.agent).create({
            'subject': 'Offer', 'body': '<p>Discount 40% for Vittima</p>',
            'composition_mode': 'comment', 'partner_ids': [(4, self.victim_contact.id)]})
        self.cr.execute('RELEASE SAVEPOINT test_cursor')
        self.cr.execute('SAVEPOINT test_cursor')
        for user in self.portal | self.technician:
            rows = self._rpc(user, 'mail.compose.message', 'search_read',
                             [('id', '=', composer.id)], fields=['body'])
            self.assertEqual(rows, [])

    def test_portal_user_cannot_render_templates(self):
        """A template may call sudo(): rendering over RPC read anything. XML-RPC
        cannot marshal the answer (integer keys), the web client's JSON-RPC
        can: called through its dispatcher."""
        args = ("${object.sudo().env['mail.mail'].search([]).mapped('body_html')}",
                'res.partner', [self.portal.partner_id.id])
        with self.assertRaises(AccessError):
            leaked = self._call_kw(self.portal, 'mail.template', 'render_template', *args)
            self.assertNotIn('4711', str(leaked))
        self._refused(self.portal, 'mail.template', 'render_template', *args)

    def test_employees_render_templates_within_their_rights(self):
        """models/mail_template.py: records rendered as a user lose sudo(),
        env, with_env and pool; the superuser's rendering keeps them."""
        attacks = ("${object.sudo().env['mail.mail'].search([]).mapped('body_html')}",
                   "${user.env['mail.mail'].sudo().search([]).mapped('body_html')}",
                   "${object.env.cr.execute('SELECT body_html FROM mail_mail') or "
                   "object.env.cr.fetchall()}",
                   "${object.pool.cursor().execute('SELECT 1')}",
                   "${object.with_env(object.env(user=1)).env['mail.mail'].search([])}")
        for user in self.agent | self.technician:
            partner = user.partner_id.id
            for attack in attacks:
                try:
                    leaked = self._call_kw(user, 'mail.template', 'render_template',
                                           attack, 'res.partner', [partner])
                except (UserError, AccessError):
                    continue
                self.assertNotIn('4711', str(leaked), attack)
            rendered = self._call_kw(user, 'mail.template', 'render_template',
                                     '${object.name}', 'res.partner', [partner])
            self.assertEqual(list(rendered.values()), [user.partner_id.name])
        rendered = self.env['mail.template'].render_template(
            "${object.sudo().env['mail.mail'].search([('id', '=', %d)]).body_html}"
            % self.planned.id, 'res.partner', [self.victim_contact.id])
        self.assertIn('4711', rendered[self.victim_contact.id])


@at_install(False)
@post_install(True)
class TestSignupLinks(MailQueueCase):
    """res_partner.py, res_users.py, mail_message.py, base.py: a signup link
    is readable by its recipient (in their mailbox) and user administrators."""

    def test_signup_link_not_in_readable_messages(self):
        for user, invited in self.targets.items():
            message = self.invitations[invited].mail_message_id
            token = invited.partner_id.signup_token
            self.assertIn(token, message.body)
            # the attacker reads the invited user (core then showed its messages)
            self.assertTrue(self._rpc(user, 'res.users', 'read', [invited.id], ['name']))
            rows = self._rpc(user, 'mail.message', 'search_read',
                             [('model', '=', 'res.users')], fields=['body'])
            self.assertNotIn(token, str(rows))
            self._refused(user, 'mail.message', 'read', [message.id], ['body'])
            self.assertEqual(self._rpc(user, 'mail.message', 'search_count',
                                       [('body', 'ilike', token)]), 0)

    def test_signup_url_and_token_not_readable(self):
        for user, invited in self.targets.items():
            token = invited.partner_id.signup_token
            for model, rid in (('res.partner', invited.partner_id.id), ('res.users', invited.id)):
                self.assertTrue(self._rpc(user, model, 'read', [rid], ['name']))
                for fields in (['signup_url'], ['signup_valid']):
                    self._refused(user, model, 'read', [rid], fields)
                    self._refused(user, model, 'read', [rid], fields,
                                  context={'signup_valid': True})
                self._refused(user, model, 'search', [('signup_token', '=like', token[0] + '%')])
                self._refused(user, model, 'search', [], order='signup_token')
                self._refused(user, model, 'read_group', [], ['signup_token'], ['signup_token'])
                self._refused(user, model, 'export_data', [rid], ['signup_token'])
            self._refused(user, 'res.users', 'search',
                          [('partner_id.signup_token', '=like', token[0] + '%')])
            self._refused(user, 'res.partner', 'signup_prepare', [invited.partner_id.id])

    def test_free_signup_mints_no_token_for_others(self):
        self.env['ir.config_parameter'].set_param('auth_signup.allow_uninvited', 'True')
        Partner = self.env['res.partner']
        for user, invited in self.targets.items():
            stranger = Partner.create({
                'name': 'Senza Utente', 'email': 'su@x.example', 'customer': True,
                'parent_id': invited.partner_id.parent_id.id,
                'dsa_zone_id': invited.partner_id.dsa_zone_id.id})
            self.cr.execute('RELEASE SAVEPOINT test_cursor')
            self.cr.execute('SAVEPOINT test_cursor')
            self.assertTrue(self._rpc(user, 'res.partner', 'read', [stranger.id], ['name']))
            # XML-RPC cannot marshal the answer (but ran it); JSON-RPC can
            res = self._call_kw(user, 'res.partner', 'signup_get_auth_param', [stranger.id])
            self.assertNotIn('auth_signup_token', str(res))
            self.assertFalse(stranger.sudo().signup_token)
