from odoo.exceptions import AccessError, ValidationError

from .common import DsaCrmZoneCase


class TestContactLog(DsaCrmZoneCase):
    """CRM-5: one contact history for the whole company, behind the zone rule."""

    @classmethod
    def setUpClass(cls):
        super(TestContactLog, cls).setUpClass()
        Log = cls.env['dsa.contact.log']
        cls.log_a = Log.create({'partner_id': cls.contact_a.id, 'user_id': cls.agent_a.id,
                                'kind': 'visit', 'summary': 'Zeta visit A'})
        cls.log_b = Log.create({'partner_id': cls.cust_b.id, 'user_id': cls.agent_b.id,
                                'kind': 'call', 'summary': 'Zeta call B'})

    def test_every_department_writes_the_same_log(self):
        users = (self.agent_a, self.manager, self.direction, self.administration)
        for user in users:
            log = self.env['dsa.contact.log'].sudo(user).create({
                'partner_id': self.cust_a.id, 'kind': 'note',
                'summary': 'Zeta note by %s' % user.login})
            self.assertEqual(log.user_id, user, 'the user defaults to the author')
        logs = self.env['dsa.contact.log'].sudo(self.agent_a).search(
            [('commercial_partner_id', '=', self.cust_a.id)])
        self.assertEqual(len(logs), 5)
        self.assertEqual(self.cust_a.sudo(self.agent_a).dsa_contact_log_count, 5)
        self.assertEqual(logs.mapped('user_id'), self.agent_a | self.manager |
                         self.direction | self.administration)

    def test_entries_appear_in_customer_chatter(self):
        log = self.env['dsa.contact.log'].sudo(self.agent_a).create({
            'partner_id': self.contact_a.id, 'kind': 'call',
            'summary': 'Zeta <b>promised</b> an answer'})
        message = self.cust_a.message_ids[0]
        self.assertIn('Zeta &lt;b&gt;promised&lt;/b&gt; an answer', message.body,
                      'the summary is escaped, not interpreted')
        self.assertEqual(message.author_id, self.agent_a.partner_id)
        self.assertEqual(log.commercial_partner_id, self.cust_a)

    def test_zone_rule_through_every_door(self):
        self.assertTrue(self.visible(self.agent_a, self.log_a))
        self.assertTrue(self.visible(self.manager, self.log_a))
        self.assertEqual(self.record_leaks(self.agent_a, self.log_b), [])
        self.assertEqual(self.record_leaks(self.manager, self.log_b), [])
        self.assertEqual(self.record_leaks(self.agent_b, self.log_a), [])
        for user in (self.direction, self.administration):
            self.assertTrue(self.visible(user, self.log_a))
            self.assertTrue(self.visible(user, self.log_b))
        Log = self.env['dsa.contact.log'].sudo(self.agent_a)
        groups = Log.read_group([], ['dsa_zone_id'], ['dsa_zone_id'])
        self.assertEqual([g['dsa_zone_id'][0] for g in groups], [self.zone_nord.id])
        # RPC goes through the same methods with the user's environment
        self.assertFalse(Log.search_read([('summary', 'ilike', 'Zeta call B')], ['summary']))
        # no log on a customer the agent cannot see
        with self.assertRaises(AccessError):
            Log.create({'partner_id': self.cust_b.id, 'kind': 'call', 'summary': 'Zeta sneak'})
        # and the other zone's entry cannot be changed nor deleted
        with self.assertRaises(AccessError):
            self.log_b.sudo(self.agent_a).write({'summary': 'Zeta changed'})

    def test_contacts_follow_their_company_zone(self):
        self.assertEqual(self.log_a.dsa_zone_id, self.zone_nord)
        # an area manager covering both zones moves the customer: the entries of
        # other users follow
        self.agent_b.dsa_area_manager_id = self.manager
        self.cust_a.sudo(self.manager).write({'dsa_zone_id': self.zone_sud.id})
        self.assertEqual(self.log_a.dsa_zone_id, self.zone_sud)
        self.assertEqual(self.record_leaks(self.agent_a, self.log_a), [])
        self.assertTrue(self.visible(self.agent_b, self.log_a))

    def test_agent_cannot_log_in_another_name(self):
        Log = self.env['dsa.contact.log'].sudo(self.agent_a)
        with self.assertRaisesRegex(AccessError, 'another user'):
            Log.create({'partner_id': self.cust_a.id, 'user_id': self.manager.id,
                        'kind': 'visit', 'summary': 'Zeta fake'})
        with self.assertRaisesRegex(AccessError, 'another user'):
            self.log_a.sudo(self.agent_a).write({'user_id': self.manager.id})
        # a colleague's entry of the same zone is read, not changed
        colleague = self.env['dsa.contact.log'].sudo(self.manager).create({
            'partner_id': self.cust_a.id, 'kind': 'visit', 'summary': 'Zeta manager visit'})
        colleague.sudo(self.agent_a).read(['summary'])
        with self.assertRaisesRegex(AccessError, 'your own'):
            colleague.sudo(self.agent_a).write({'summary': 'Zeta rewritten'})
        with self.assertRaisesRegex(AccessError, 'your own'):
            colleague.sudo(self.agent_a).unlink()
        # their own: yes
        self.log_a.sudo(self.agent_a).write({'summary': 'Zeta corrected'})
        # Direction may record an agreement made by an agent
        log = self.env['dsa.contact.log'].sudo(self.direction).create({
            'partner_id': self.cust_a.id, 'user_id': self.agent_a.id, 'kind': 'meeting',
            'summary': 'Zeta agreement'})
        self.assertEqual(log.user_id, self.agent_a)

    def test_missing_field_is_named(self):
        Log = self.env['dsa.contact.log'].sudo(self.agent_a)
        base = {'partner_id': self.cust_a.id, 'kind': 'call', 'summary': 'Zeta ok'}
        for name, label in (('partner_id', 'Customer'), ('kind', 'Kind'),
                            ('summary', 'Summary')):
            vals = dict(base)
            del vals[name]
            with self.assertRaisesRegex(ValidationError, '"%s"' % label):
                Log.create(vals)
            with self.assertRaisesRegex(ValidationError, '"%s"' % label):
                Log.create(dict(vals, **{name: False}))
        with self.assertRaisesRegex(ValidationError, '"Summary"'):
            self.log_a.sudo(self.agent_a).write({'summary': ''})

    def test_quick_entry_buttons(self):
        partner = self.cust_a.sudo(self.agent_a)
        action = partner.action_dsa_log_visit()
        self.assertEqual(action['target'], 'new')
        self.assertEqual(action['context'], {'default_partner_id': self.cust_a.id,
                                             'default_kind': 'visit'})
        Log = self.env['dsa.contact.log'].sudo(self.agent_a).with_context(action['context'])
        log = Log.create({'summary': 'Zeta quick'})
        self.assertEqual((log.partner_id, log.kind, log.user_id),
                         (self.cust_a, 'visit', self.agent_a))
        self.assertEqual(partner.action_dsa_log_call()['context']['default_kind'], 'call')
        listing = partner.action_dsa_view_contact_logs()
        self.assertEqual(self.env['dsa.contact.log'].sudo(self.agent_a).search(
            listing['domain']), log | self.log_a)
