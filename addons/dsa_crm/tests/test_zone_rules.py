from odoo.exceptions import AccessError
from odoo.tools.safe_eval import safe_eval

from .common import DsaCrmZoneCase


class TestZoneRules(DsaCrmZoneCase):
    """CRM-3: zone visibility through every door, as the real users."""

    # ------------------------------------------------------------------ agents
    def test_agent_sees_own_zone_and_what_hangs_off_it(self):
        for record in (self.cust_a, self.contact_a, self.order_a, self.order_a_other,
                       self.line_a, self.lead_a, self.lead_prospect, self.inv_a):
            self.assertTrue(self.visible(self.agent_a, record))
        # partners Odoo needs: own and the company's (not colleagues', see
        # test_partner_rule_colleagues)
        for partner in (self.agent_a.partner_id, self.env.user.company_id.partner_id):
            self.assertTrue(self.visible(self.agent_a, partner))
        # a many2one of an allowed record resolves
        order = self.order_a.sudo(self.agent_a)
        self.assertEqual(order.read(['partner_id'])[0]['partner_id'][0], self.cust_a.id)
        self.assertEqual(order.partner_id.name_get()[0][1], self.cust_a.name)

    def test_agent_does_not_list_employees_nor_neutral_partners(self):
        """The partner rule no longer lets through every partner without a zone
        that is neither customer nor vendor, and the Customers menu of the sales
        force lists no employee (issue 10)."""
        neutral = self.env['res.partner'].create({
            'name': 'Zeta Neutral', 'customer': False, 'supplier': False})
        private = self.env['res.partner'].create({
            'name': 'Zeta Employee Home', 'customer': False, 'supplier': False,
            'type': 'private'})
        for partner in (neutral, private):
            self.assertEqual(self.partner_leaks(self.agent_a, partner), [])
        self.agent_b.partner_id.customer = True     # as Odoo 11 creates users' partners
        action = self.env.ref('dsa_crm.res_partner_action_dsa_customers')
        customers = self.env['res.partner'].sudo(self.agent_a).search(
            safe_eval(action.domain))
        self.assertIn(self.cust_a, customers)
        self.assertFalse(customers.filtered('user_ids'), 'no employee among the customers')

    def test_agent_does_not_see_other_zone(self):
        for partner in (self.cust_b, self.contact_b):
            self.assertEqual(self.partner_leaks(self.agent_a, partner), [])
        self.assertEqual(self.record_leaks(self.agent_a, self.order_b), [])
        self.assertEqual(self.record_leaks(self.agent_a, self.order_b_own), [])
        self.assertEqual(self.record_leaks(self.agent_a, self.line_b, 'order_partner_id'), [])
        self.assertEqual(self.record_leaks(self.agent_a, self.lead_b), [])
        self.assertEqual(self.record_leaks(self.agent_a, self.lead_b_own), [])
        self.assertEqual(self.record_leaks(self.agent_a, self.inv_b), [])
        # and the reverse pair
        self.assertEqual(self.partner_leaks(self.agent_b, self.cust_a), [])
        self.assertEqual(self.record_leaks(self.agent_b, self.order_a), [])
        # their own order
        self.assertEqual(self.record_leaks(self.agent_b, self.order_a_other), [])
        self.assertEqual(self.record_leaks(self.agent_b, self.lead_prospect), [])

    def test_agent_related_models_and_reports(self):
        agent = self.agent_a
        orders = self.env['sale.order'].sudo(agent).search([('partner_id.name', 'ilike', 'Zeta')])
        self.assertEqual(orders, self.order_a | self.order_a_other)
        leads = self.env['crm.lead'].sudo(agent).search([('name', 'ilike', 'Zeta')])
        self.assertEqual(leads, self.lead_a | self.lead_prospect)
        # the customer's one2many only lists what the agent may see
        self.assertEqual(self.cust_a.sudo(agent).child_ids, self.contact_a)
        # analysis models (read_group) do not aggregate other zones
        report = self.env['sale.report'].sudo(agent).read_group(
            [('partner_id', 'in', (self.cust_a | self.cust_b | self.contact_b).ids)],
            ['price_total', 'partner_id'], ['partner_id'])
        self.assertEqual([g['partner_id'][0] for g in report], [self.cust_a.id])
        inv = self.env['dsa.imported.invoice'].sudo(agent).read_group(
            [], ['amount_total', 'partner_id'], ['partner_id'])
        self.assertNotIn(self.cust_b.id, [g['partner_id'][0] for g in inv])

    def test_agent_sees_no_supplier_data(self):
        for partner in (self.vendor, self.vendor_contact, self.cust_none):
            self.assertEqual(self.partner_leaks(self.agent_a, partner), [])
        for user in (self.agent_a, self.manager):
            with self.assertRaises(AccessError):
                self.env['dsa.supplier.purchase'].sudo(user).search([])
            with self.assertRaises(AccessError):
                self.purchase.sudo(user).read(['number'])
        for user in (self.direction, self.administration):
            self.assertTrue(self.visible(user, self.purchase))

    # ------------------------------------------------------------- area manager
    def test_area_manager_sees_managed_agents(self):
        for record in (self.cust_a, self.contact_a, self.order_a, self.lead_a, self.inv_a):
            self.assertTrue(self.visible(self.manager, record))

    def test_area_manager_does_not_see_unmanaged_agent(self):
        for partner in (self.cust_b, self.contact_b):
            self.assertEqual(self.partner_leaks(self.manager, partner), [])
        self.assertEqual(self.record_leaks(self.manager, self.order_b), [])
        self.assertEqual(self.record_leaks(self.manager, self.lead_b), [])
        self.assertEqual(self.record_leaks(self.manager, self.inv_b), [])

    def test_area_manager_follows_hierarchy_changes(self):
        self.assertEqual(self.partner_leaks(self.manager, self.cust_b), [])
        self.agent_b.dsa_area_manager_id = self.manager
        self.assertTrue(self.visible(self.manager, self.cust_b))
        self.assertTrue(self.visible(self.manager, self.order_b))
        self.agent_b.dsa_area_manager_id = False
        self.assertEqual(self.partner_leaks(self.manager, self.cust_b), [])

    # ---------------------------------------------------- direction, back office
    def test_direction_and_administration_see_all(self):
        for user in (self.direction, self.administration):
            for partner in (self.cust_a, self.cust_b, self.contact_b, self.cust_none,
                            self.vendor):
                self.assertTrue(self.visible(user, partner))
            self.assertTrue(self.visible(user, self.inv_b))
        for record in (self.order_b, self.order_b_own, self.lead_b, self.line_b):
            self.assertTrue(self.visible(self.direction, record))

    # ------------------------------------------------------------- moving zones
    def test_moving_customer_moves_visibility(self):
        self.assertEqual(self.partner_leaks(self.agent_a, self.cust_b), [])
        self.assertTrue(self.visible(self.agent_b, self.order_b))
        self.cust_b.dsa_zone_id = self.zone_nord
        # contacts follow their company in the same transaction
        self.assertEqual(self.contact_b.dsa_zone_id, self.zone_nord)
        for record in (self.cust_b, self.contact_b, self.order_b, self.order_b_own,
                       self.lead_b, self.inv_b):
            self.assertTrue(self.visible(self.agent_a, record))
        self.assertEqual(self.partner_leaks(self.agent_b, self.cust_b), [])
        self.assertEqual(self.record_leaks(self.agent_b, self.order_b), [])

    def test_changing_agent_zones_applies_at_once(self):
        self.assertEqual(self.partner_leaks(self.agent_a, self.cust_b), [])
        self.agent_a.dsa_zone_ids = [(4, self.zone_sud.id)]
        self.assertTrue(self.visible(self.agent_a, self.cust_b))
        self.zone_sud.agent_ids = [(3, self.agent_a.id)]
        self.assertEqual(self.partner_leaks(self.agent_a, self.cust_b), [])

    def test_contact_follows_company_zone(self):
        contact = self.env['res.partner'].create({'name': 'New contact',
                                                  'parent_id': self.cust_b.id})
        self.assertEqual(contact.dsa_zone_id, self.zone_sud)
        contact.parent_id = self.cust_a
        self.assertEqual(contact.dsa_zone_id, self.zone_nord)

    # ------------------------------------------------------- agents creating data
    def test_agent_creates_customer_in_own_zone(self):
        partner = self.env['res.partner'].sudo(self.agent_a).create(
            {'name': 'Zeta new customer', 'is_company': True})
        self.assertEqual(partner.dsa_zone_id, self.zone_nord)
        contact = self.env['res.partner'].sudo(self.agent_a).create(
            {'name': 'Zeta new contact', 'parent_id': partner.id})
        self.assertEqual(contact.dsa_zone_id, self.zone_nord)
        with self.assertRaises(AccessError):
            partner.write({'dsa_zone_id': self.zone_sud.id})
        with self.assertRaises(AccessError):
            self.env['res.partner'].sudo(self.agent_a).create(
                {'name': 'Zeta elsewhere', 'dsa_zone_id': self.zone_centro.id})
        with self.assertRaises(AccessError):
            self.cust_b.sudo(self.agent_a).write({'name': 'Hijacked'})
