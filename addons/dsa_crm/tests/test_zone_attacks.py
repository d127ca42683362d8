from odoo.exceptions import AccessError

from .common import DsaCrmZoneCase


class TestZoneAttacks(DsaCrmZoneCase):
    """An agent tries to move orders and customers out of reach of the zone
    rules (issue 12): Odoo 11 checks record rules before a write only."""

    def _attack(self, attack):
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            attack()

    def test_agent_cannot_move_order_to_other_zone(self):
        order = self.order_a.sudo(self.agent_a)
        self.assertEqual(order.dsa_zone_id, self.zone_nord)
        self._attack(lambda: order.write({'partner_id': self.cust_b.id}))
        self._attack(lambda: order.write({'partner_id': self.contact_b.id}))
        self._attack(lambda: order.write({'dsa_zone_id': self.zone_sud.id}))
        self._attack(lambda: order.write({'partner_id': self.cust_none.id}))
        self.order_a.invalidate_cache()
        self.assertEqual(self.order_a.partner_id, self.cust_a)
        self.assertEqual(self.cust_a.dsa_zone_id, self.zone_nord)
        # a legitimate change inside the zone still works
        order.write({'partner_id': self.contact_a.id})
        self.assertEqual(self.order_a.dsa_zone_id, self.zone_nord)

    def test_agent_cannot_move_customer_out_of_zone(self):
        customer = self.cust_a.sudo(self.agent_a)
        contact = self.contact_a.sudo(self.agent_a)
        self._attack(lambda: customer.write({'dsa_zone_id': self.zone_sud.id}))
        self._attack(lambda: customer.write({'dsa_zone_id': False}))
        self._attack(lambda: contact.write({'parent_id': self.cust_b.id}))
        self.cust_a.invalidate_cache()
        self.assertEqual(self.cust_a.dsa_zone_id, self.zone_nord)
        self.assertEqual(self.contact_a.parent_id, self.cust_a)

    def test_agents_need_a_registered_device(self):
        """The group flag of dsa_auth_device stays set on the sales force."""
        self.assertTrue(self.group_agent.dsa_require_device)
        self.assertEqual(self.agent_a._dsa_device_policy(), 'required')
        self.assertEqual(self.manager._dsa_device_policy(), 'required')

    def test_followers_and_activities_of_other_zones_stay_hidden(self):
        self.cust_b.message_subscribe(partner_ids=[self.contact_b.id])
        self.env['mail.activity'].create({
            'res_model_id': self.env['ir.model']._get('res.partner').id,
            'res_id': self.cust_b.id, 'user_id': self.agent_b.id,
            'summary': 'Offer 20% off to win the tender',
            'activity_type_id': self.env.ref('mail.mail_activity_data_todo').id})
        domain = [('res_model', '=', 'res.partner'), ('res_id', '=', self.cust_b.id)]
        for Model in ('mail.followers', 'mail.activity'):
            records = self.env[Model].search(domain)
            self.assertTrue(records, Model)
            as_agent = self.env[Model].sudo(self.agent_a)
            self.assertFalse(as_agent.search(domain), Model)
            self.assertEqual(as_agent.search_count(domain), 0, Model)
            self._attack(lambda: as_agent.browse(records.ids).read(['res_id']))
        self.assertFalse(self.env['mail.activity'].sudo(self.agent_a).search(
            [('summary', 'ilike', 'tender')]))
        # agent B, whose zone it is, sees them
        self.assertTrue(self.env['mail.activity'].sudo(self.agent_b).search(domain))

    def test_agent_cannot_move_lead_or_log_to_other_zone(self):
        lead = self.lead_a.sudo(self.agent_a)
        self._attack(lambda: lead.write({'partner_id': self.cust_b.id}))
        self._attack(lambda: lead.write({'partner_id': self.contact_b.id}))
        log = self.env['dsa.contact.log'].sudo(self.agent_a).create({
            'partner_id': self.cust_a.id, 'kind': 'call', 'summary': 'Zeta own call'})
        self._attack(lambda: log.write({'partner_id': self.cust_b.id}))
        self._attack(lambda: log.write({'lead_id': self.lead_b.id}))
        self._attack(lambda: self.env['dsa.contact.log'].sudo(self.agent_a).create({
            'partner_id': self.cust_a.id, 'kind': 'call', 'summary': 'Zeta probe',
            'lead_id': self.lead_b.id}))
        self.env.cache.invalidate()
        self.assertEqual((self.lead_a.partner_id, log.partner_id, log.lead_id),
                         (self.cust_a, self.cust_a, self.env['crm.lead']))
        # inside the zone, the same writes work
        lead.write({'partner_id': self.contact_a.id})
        log.write({'partner_id': self.contact_a.id, 'lead_id': self.lead_a.id})
        self.assertEqual(log.sudo().dsa_zone_id, self.zone_nord)

    def test_agent_cannot_read_names_through_order_links(self):
        """read() names a many2one's target as superuser: writing another zone's
        ids into one's own order would list their names."""
        order = self.order_a.sudo(self.agent_a)
        for field, target in (('partner_invoice_id', self.cust_b),
                              ('partner_shipping_id', self.vendor),
                              ('opportunity_id', self.lead_b),
                              ('dsa_offer_id', self.order_b)):
            self._attack(lambda: order.write({field: target.id}))
            self._attack(lambda: self.env['sale.order'].sudo(self.agent_a).create({
                'partner_id': self.cust_a.id, field: target.id}))
        self.env.cache.invalidate()
        self.assertEqual(self.order_a.partner_invoice_id, self.cust_a)
        order.write({'partner_invoice_id': self.contact_a.id, 'opportunity_id': self.lead_a.id})
        self.assertEqual(self.order_a.partner_invoice_id, self.contact_a)

    def test_meetings_of_other_zones_stay_hidden(self):
        """Core shows every calendar event and attendee to every employee."""
        Event = self.env['calendar.event'].with_context(no_mail_to_attendees=True)
        start = {'start': '2030-03-04 09:00:00', 'stop': '2030-03-04 10:00:00'}
        meeting_b = Event.create(dict(start, name='Zeta tender meeting B',
                                      opportunity_id=self.lead_b.id, user_id=self.agent_b.id,
                                      partner_ids=[(6, 0, self.contact_b.ids)]))
        meeting_a = Event.create(dict(start, name='Zeta meeting A', opportunity_id=self.lead_a.id,
                                      user_id=self.agent_b.id,
                                      partner_ids=[(6, 0, self.contact_a.ids)]))
        own = Event.sudo(self.agent_a).create(dict(
            start, name='Zeta own meeting', partner_ids=[(6, 0, self.agent_a.partner_id.ids)]))
        internal = Event.create(dict(start, name='Zeta internal of B', user_id=self.agent_b.id,
                                     partner_ids=[(6, 0, (self.agent_b | self.direction)
                                                   .mapped('partner_id').ids)]))
        self.env.cache.invalidate()
        as_a = self.env['calendar.event'].sudo(self.agent_a)
        self.assertEqual(as_a.search([('name', 'ilike', 'Zeta')]), meeting_a | own)
        for hidden in (meeting_b, internal):
            self.assertFalse(as_a.search([('id', '=', hidden.id)]))
            # core's calendar name_search needs a list of args (the web client sends one)
            self.assertFalse(as_a.name_search(hidden.name, args=[]))
            for door in (lambda: hidden.sudo(self.agent_a).read(['opportunity_id']),
                         lambda: hidden.sudo(self.agent_a).name_get(),
                         lambda: hidden.sudo(self.agent_a).export_data(['opportunity_id/id'])):
                self.env.cache.invalidate()
                with self.assertRaises(AccessError):
                    door()
        groups = as_a.read_group([('name', 'ilike', 'Zeta')], ['opportunity_id'],
                                 ['opportunity_id'])
        self.assertNotIn(self.lead_b.id, [g['opportunity_id'] and g['opportunity_id'][0]
                                          for g in groups])
        Attendee = self.env['calendar.attendee'].sudo(self.agent_a)
        self.assertFalse(Attendee.search([('partner_id', '=', self.contact_b.id)]))
        self.assertFalse(Attendee.search([('event_id', 'in', (meeting_b | internal).ids)]))
        self.assertTrue(Attendee.search([('event_id', '=', meeting_a.id)]))
        # agent B and the area manager of agent A see theirs; Direction sees all
        self.assertIn(meeting_b, self.env['calendar.event'].sudo(self.agent_b).search([]))
        as_manager = self.env['calendar.event'].sudo(self.manager).search([])
        self.assertIn(own, as_manager)
        self.assertNotIn(meeting_b, as_manager)
        self.assertLessEqual(meeting_a | meeting_b | own | internal,
                             self.env['calendar.event'].sudo(self.direction).search([]))
