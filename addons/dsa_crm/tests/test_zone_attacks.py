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
        self.assertEqual(order.dsa_zone_id, self.zone_a)
        self._attack(lambda: order.write({'partner_id': self.cust_b.id}))
        self._attack(lambda: order.write({'partner_id': self.contact_b.id}))
        self._attack(lambda: order.write({'dsa_zone_id': self.zone_b.id}))
        self._attack(lambda: order.write({'partner_id': self.cust_none.id}))
        self.order_a.invalidate_cache()
        self.assertEqual(self.order_a.partner_id, self.cust_a)
        self.assertEqual(self.cust_a.dsa_zone_id, self.zone_a)
        # a legitimate change inside the zone still works
        order.write({'partner_id': self.contact_a.id})
        self.assertEqual(self.order_a.dsa_zone_id, self.zone_a)

    def test_agent_cannot_move_customer_out_of_zone(self):
        customer = self.cust_a.sudo(self.agent_a)
        contact = self.contact_a.sudo(self.agent_a)
        self._attack(lambda: customer.write({'dsa_zone_id': self.zone_b.id}))
        self._attack(lambda: customer.write({'dsa_zone_id': False}))
        self._attack(lambda: contact.write({'parent_id': self.cust_b.id}))
        self.cust_a.invalidate_cache()
        self.assertEqual(self.cust_a.dsa_zone_id, self.zone_a)
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
