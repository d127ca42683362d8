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
