from odoo.exceptions import AccessError

from .common import DsaCrmZoneCase

CHATTER_FIELDS = ('message_', 'activity_', 'website_message_')
# a 1x1 PNG
PIXEL = (b'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9'
         b'awAAAABJRU5ErkJggg==')


class TestPartnerRuleColleagues(DsaCrmZoneCase):
    """Issue 10: an agent reads the customers of their zones, their own partner
    and their company's, not their colleagues' partners; the screens an agent
    uses still open although they show colleagues (salesperson, authors)."""

    @classmethod
    def setUpClass(cls):
        super(TestPartnerRuleColleagues, cls).setUpClass()
        # "Zeta" names: the helpers also look for them in name searches and exports
        cls.agent_b.partner_id.name = 'Zeta Colleague Bravo'
        cls.manager.partner_id.name = 'Zeta Colleague Manager'
        # the manager writes on zone Nord: a colleague's message, follower and log
        cust = cls.cust_a.sudo(cls.manager)
        cust.message_post(body='Zeta note of the area manager', message_type='comment',
                          subtype='mail.mt_comment')
        cust.message_subscribe(partner_ids=cls.manager.partner_id.ids)
        cls.env['mail.activity'].create({
            'res_model_id': cls.env['ir.model']._get('res.partner').id,
            'res_id': cls.cust_a.id, 'user_id': cls.agent_a.id, 'summary': 'Zeta call back',
            'activity_type_id': cls.env.ref('mail.mail_activity_data_call').id})
        cls.log = cls.env['dsa.contact.log'].sudo(cls.manager).create({
            'partner_id': cls.cust_a.id, 'kind': 'call', 'summary': 'Zeta call of the manager',
            'user_id': cls.manager.id})

    def test_colleagues_partners_are_refused(self):
        for partner in (self.agent_b.partner_id, self.manager.partner_id):
            self.assertEqual(self.partner_leaks(self.agent_a, partner), [])
        # through res.users, which inherits res.partner
        Users = self.env['res.users'].sudo(self.agent_a)
        self.assertFalse(Users.search([('id', 'in', (self.agent_b | self.manager).ids)]))
        self.env['res.users'].invalidate_cache()
        with self.assertRaises(AccessError):
            self.agent_b.sudo(self.agent_a).read(['name', 'email'])
        self.assertEqual(self.partner_leaks(self.agent_b, self.agent_a.partner_id), [])

    def test_own_and_company_partners_are_read(self):
        for user in (self.agent_a, self.agent_b):
            for partner in (user.partner_id, user.company_id.partner_id):
                self.assertTrue(self.visible(user, partner))
            user.sudo(user).read(['name', 'partner_id', 'company_id'])

    def test_area_manager_reads_the_agents_they_manage(self):
        self.assertTrue(self.visible(self.manager, self.agent_a.partner_id))
        self.assertEqual(self.partner_leaks(self.manager, self.agent_b.partner_id), [])
        self.agent_b.dsa_area_manager_id = self.manager
        self.assertTrue(self.visible(self.manager, self.agent_b.partner_id))

    def test_employees_and_vendors_stay_hidden(self):
        for partner in (self.vendor, self.cust_none, self.direction.partner_id):
            self.assertEqual(self.partner_leaks(self.agent_a, partner), [])

    # ------------------------------------------------ the agent's screens open
    def _open(self, user, record, view_type='form'):
        """What the web client reads to show ``record`` in a view: the view,
        every field of it (many2one names included) and the records of its
        x2many fields."""
        self.env.cache.invalidate()
        Model = self.env[record._name].sudo(user)
        view = Model.load_views([(False, view_type)])['fields_views'][view_type]
        values = Model.browse(record.id).read(list(view['fields']))[0]
        for name, field in view['fields'].items():
            if name.startswith(CHATTER_FIELDS):
                continue        # the chatter reads them its own way (_chatter)
            if field['type'] in ('one2many', 'many2many') and values[name]:
                sub_fields = [f for sub in field.get('views', {}).values()
                              for f in sub['fields']] or ['display_name']
                self.env[field['relation']].sudo(user).browse(values[name]).read(sub_fields)
        return values

    def _chatter(self, user, values):
        """The chatter: messages with their authors, followers' names as the
        mail controller reads them (as superuser, after a read check)."""
        messages = self.env['mail.message'].sudo(user).browse(values['message_ids'])
        formatted = messages.message_format()
        self.env['mail.followers'].sudo().browse(values['message_follower_ids']).mapped(
            'partner_id.name')
        if values.get('activity_ids'):
            self.env['mail.activity'].sudo(user).browse(values['activity_ids']).read()
        return formatted

    def test_customer_form_with_chatter_opens(self):
        values = self._open(self.agent_a, self.cust_a)
        self.assertEqual(values['name'], self.cust_a.name)
        formatted = self._chatter(self.agent_a, values)
        authors = [m['author_id'] for m in formatted if m['body'] and 'Zeta note' in m['body']]
        self.assertEqual(authors[0][0], self.manager.partner_id.id)
        self.assertIn('Zeta Colleague Manager', authors[0][1])
        # create_uid / write_uid names, as the form's metadata shows them
        meta = self.cust_a.sudo(self.agent_a).read(['create_uid', 'write_uid'])[0]
        self.assertEqual(meta['create_uid'], (self.env.uid, self.env.user.name))

    def test_order_form_of_a_colleague_opens(self):
        values = self._open(self.agent_a, self.order_a_other)
        self.assertEqual(values['user_id'], (self.agent_b.id, self.agent_b.name))
        self._chatter(self.agent_a, values)
        self._open(self.agent_a, self.order_a, 'tree')

    def test_contact_log_of_a_colleague_opens(self):
        self._open(self.agent_a, self.log, 'tree')
        values = self._open(self.agent_a, self.log)
        self.assertEqual(values['user_id'][0], self.manager.id)
        rows = self.env['dsa.contact.log'].sudo(self.agent_a).search_read(
            [('commercial_partner_id', '=', self.cust_a.id)], ['summary', 'user_id'])
        self.assertIn('Zeta call of the manager', [r['summary'] for r in rows])

    def test_customer_card_names_a_colleague_salesperson(self):
        self.cust_a.user_id = self.agent_b
        self.env.cache.invalidate()
        card = self.env['res.partner'].sudo(self.agent_a).browse(self.cust_a.id).dsa_card_data()
        self.assertIn('Zeta Colleague Bravo', str(card))

    def test_colleagues_avatars_only(self):
        """The chatter shows colleagues' avatars (/web/image): the picture of an
        internal user's partner is served, no other field, no other partner."""
        IrHttp = self.env['ir.http']
        as_agent = self.env(user=self.agent_a.id)
        colleague = self.manager.partner_id
        colleague.image = PIXEL
        status, _headers, content = IrHttp.binary_content(
            model='res.partner', id=colleague.id, field='image_small', env=as_agent)
        self.assertEqual(status, 200)
        self.assertTrue(content)
        for partner, field in ((colleague, 'email'), (colleague, 'comment'),
                               (self.cust_b, 'image_small'), (self.vendor, 'image_small')):
            status = IrHttp.binary_content(model='res.partner', id=partner.id, field=field,
                                           env=as_agent)[0]
            self.assertEqual(status, 403, (partner.name, field))

    def test_colleague_avatar_file_name_tells_nothing(self):
        """The picture is read as superuser: the file name must not come from a
        field the caller names (?filename_field=email&download=1)."""
        colleague = self.manager.partner_id
        colleague.write({'image': PIXEL, 'email': 'zeta.secret@example.com'})
        status, headers, _content = self.env['ir.http'].binary_content(
            model='res.partner', id=colleague.id, field='image_small',
            filename_field='email', download=True, env=self.env(user=self.agent_a.id))
        self.assertEqual(status, 200)
        disposition = dict(headers).get('Content-Disposition', '')
        self.assertIn('avatar.png', disposition)
        self.assertNotIn('zeta.secret', disposition)
