from odoo.exceptions import AccessError
from odoo.tests.common import SavepointCase, at_install, post_install


@at_install(False)
@post_install(True)
class TestNameOracles(SavepointCase):
    """Issue 23: subscribing, mentioning or inviting a partner shows its name
    back (followers and recipients are named as superuser) and e-mails it the
    document: a partner the user cannot read is refused, whoever the user.

    The attacker is an employee whom a record rule keeps off some partners,
    as the zone rules of the sales force do (dsa_crm), and a portal user."""

    @classmethod
    def setUpClass(cls):
        super(TestNameOracles, cls).setUpClass()
        env = cls.env
        Partner = env['res.partner']
        cls.secret = Partner.create({'name': 'Oracle Secret Customer',
                                     'email': 'secret@example.com'})
        cls.visible = Partner.create({'name': 'Oracle Visible Customer',
                                      'email': 'visible@example.com'})
        cls.doc = Partner.create({'name': 'Oracle Own Customer'})
        restricted = env['res.groups'].create({'name': 'Oracle restricted contacts'})
        # global (group rules are ORed with core's), for the members of the group
        env['ir.rule'].create({
            'name': 'Oracle: no secret customers',
            'model_id': env['ir.model']._get('res.partner').id,
            'domain_force': "[('name', 'not like', 'Secret')] if %d in user.groups_id.ids "
                            "else []" % restricted.id})
        Users = env['res.users'].with_context(no_reset_password=True)
        cls.employee = Users.create({
            'name': 'Oracle Employee', 'login': 'sec_oracle_employee',
            'email': 'oracle.employee@example.com',
            'groups_id': [(6, 0, [env.ref('base.group_user').id,
                                  env.ref('base.group_partner_manager').id, restricted.id])]})
        cls.portal_partner = Partner.create({'name': 'Oracle Portal Customer',
                                             'email': 'portal@example.com'})
        cls.portal = Users.create({
            'name': 'Oracle Portal Customer', 'login': 'sec_oracle_portal',
            'partner_id': cls.portal_partner.id,
            'groups_id': [(6, 0, [env.ref('base.group_portal').id])]})

    def _refused(self, attack):
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            attack()

    def _followers(self):
        return self.env['mail.followers'].search([
            ('res_model', '=', 'res.partner'), ('res_id', '=', self.doc.id)]).mapped('partner_id')

    def test_employee_cannot_subscribe_mention_or_invite_hidden_partner(self):
        doc = self.doc.sudo(self.employee)
        with self.assertRaises(AccessError):
            self.secret.sudo(self.employee).read(['name'])
        self._refused(lambda: doc.message_subscribe(partner_ids=[self.secret.id]))
        self._refused(lambda: doc.message_subscribe(
            partner_ids=[self.visible.id, self.secret.id]))
        self._refused(lambda: doc.message_post(body='Hi', partner_ids=[self.secret.id],
                                               message_type='comment',
                                               subtype='mail.mt_comment'))
        self._refused(lambda: doc.with_context(mail_post_autofollow=True).message_post(
            body='Hi', partner_ids=[self.secret.id], message_type='comment'))
        self._refused(lambda: doc.message_post(body='Hi', author_id=self.secret.id))
        self._refused(lambda: self.env['mail.message'].sudo(self.employee).create({
            'model': 'res.partner', 'res_id': self.doc.id, 'body': 'Hi',
            'partner_ids': [(6, 0, [self.secret.id])]}))
        self._refused(lambda: self.env['mail.mail'].sudo(self.employee).create({
            'body_html': 'Hi', 'recipient_ids': [(4, self.secret.id)]}))
        wizard = self.env['mail.wizard.invite'].sudo(self.employee).create({
            'res_model': 'res.partner', 'res_id': self.doc.id, 'send_mail': True,
            'message': '<p>Follow this</p>', 'partner_ids': [(6, 0, [self.secret.id])]})
        self.env.cache.invalidate()
        self._refused(wizard.add_followers)
        self.assertNotIn(self.secret, self._followers())
        self.assertFalse(self.env['mail.message'].search([
            ('partner_ids', 'in', self.secret.ids)]))
        self.assertFalse(self.env['mail.mail'].search([('recipient_ids', 'in', self.secret.ids)]))

    def test_employee_still_addresses_partners_they_see(self):
        doc = self.doc.sudo(self.employee)
        doc.message_subscribe(partner_ids=[self.visible.id])
        doc.message_post(body='Hi', partner_ids=[self.visible.id], message_type='comment',
                         subtype='mail.mt_comment')
        self.env['mail.wizard.invite'].sudo(self.employee).create({
            'res_model': 'res.partner', 'res_id': self.doc.id, 'send_mail': False,
            'partner_ids': [(6, 0, [self.portal_partner.id])]}).add_followers()
        doc.message_subscribe_users()     # oneself
        self.assertLessEqual(self.visible | self.portal_partner | self.employee.partner_id,
                             self._followers())
        # the administrator (the superuser in Odoo 11) sees every partner
        self.doc.sudo(self.env.ref('base.user_root')).message_subscribe(
            partner_ids=[self.secret.id])
        self.assertIn(self.secret, self._followers())

    def test_portal_user_cannot_name_or_reach_other_partners(self):
        Message = self.env['mail.message'].sudo(self.portal)
        self._refused(lambda: Message.create({'body': 'Hi', 'author_id': self.secret.id}))
        self._refused(lambda: Message.create({'body': 'Hi',
                                              'partner_ids': [(4, self.visible.id)]}))
        own = Message.create({'body': 'Hi', 'author_id': self.portal_partner.id})
        self.assertEqual(own.author_id, self.portal_partner)

    def test_read_group_of_messages_follows_their_document(self):
        """Core filters messages and attachments by their document in search,
        not in read_group: grouping named the documents (record_name)."""
        self.secret.message_post(body='Secret deal', message_type='comment')
        self.env['ir.attachment'].create({'name': 'Secret deal.txt', 'res_model': 'res.partner',
                                          'res_id': self.secret.id, 'datas_fname': 'deal.txt'})
        for model, model_field, name_field in (('mail.message', 'model', 'record_name'),
                                               ('ir.attachment', 'res_model', 'res_name')):
            domain = [(model_field, '=', 'res.partner'), ('res_id', '=', self.secret.id)]
            self.assertTrue(self.env[model].search(domain), model)
            for user in (self.employee, self.portal):
                Model = self.env[model].sudo(user)
                self.assertFalse(Model.search(domain), model)
                self.assertFalse(Model.read_group(domain, [name_field], [name_field]),
                                 (model, user.login))
                names = [g[name_field] for g in Model.read_group([], [name_field], [name_field])]
                self.assertNotIn(self.secret.name, names, (model, user.login))
