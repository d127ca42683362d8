from odoo.exceptions import AccessError

from .common import DsaCrmZoneCase


class TestZoneRules(DsaCrmZoneCase):
    """CRM-3: zone visibility through every door, as the real users."""

    # ------------------------------------------------------------------ helpers
    # Every RPC call starts with an empty cache; the tests drop the cache the
    # superuser filled while building the data, so that values come from the
    # database through the record rules as they would over RPC.
    def assertPartnerHidden(self, user, partner):
        self.env['res.users'].invalidate_cache()
        Partner = self.env['res.partner'].sudo(user)
        # search, search_count
        self.assertFalse(Partner.search([('id', '=', partner.id)]))
        self.assertEqual(Partner.search_count([('name', '=', partner.name)]), 0)
        self.assertNotIn(partner, Partner.search([('name', 'ilike', 'Zeta')]))
        # read
        with self.assertRaises(AccessError):
            partner.sudo(user).read(['name'])
        # name_search
        names = [name for _id, name in Partner.name_search(partner.name)]
        self.assertFalse([n for n in names if partner.name in n], names)
        # name_get (a many2one pointing at it cannot be resolved)
        self.env['res.users'].invalidate_cache()
        with self.assertRaises(AccessError):
            partner.sudo(user).name_get()
        # read_group
        groups = Partner.read_group([('name', 'ilike', 'Zeta')], ['name'], ['name'])
        self.assertNotIn(partner.name, [g['name'] for g in groups])
        groups = Partner.read_group([('id', '=', partner.id)], ['dsa_zone_id'], ['dsa_zone_id'])
        self.assertFalse(groups)
        # export
        self.env['res.users'].invalidate_cache()
        with self.assertRaises(AccessError):
            partner.sudo(user).export_data(['name', 'email'])
        exported = Partner.search([('name', 'ilike', 'Zeta')]).export_data(['name'])['datas']
        self.assertNotIn([partner.name], exported)

    def assertRecordHidden(self, user, record, partner_field='partner_id'):
        self.env['res.users'].invalidate_cache()
        Model = self.env[record._name].sudo(user)
        self.assertFalse(Model.search([('id', '=', record.id)]))
        self.assertFalse(Model.search([(partner_field, '=', record[partner_field].id)])
                         .filtered(lambda r: r == record))
        with self.assertRaises(AccessError):
            record.sudo(user).read([partner_field])
        self.env['res.users'].invalidate_cache()
        with self.assertRaises(AccessError):
            record.sudo(user).name_get()
        self.env['res.users'].invalidate_cache()
        with self.assertRaises(AccessError):
            record.sudo(user).export_data([partner_field + '/id'])
        groups = Model.read_group([('id', '=', record.id)], [partner_field], [partner_field])
        self.assertFalse(groups)
        name = record[record._rec_name or 'name']
        self.assertNotIn(record.id, [r[0] for r in Model.name_search(name)])

    def assertVisible(self, user, record):
        self.env['res.users'].invalidate_cache()
        rec = record.sudo(user)
        rec.read(['display_name'])
        self.assertEqual(self.env[record._name].sudo(user).search_count(
            [('id', '=', record.id)]), 1)

    # ------------------------------------------------------------------ agents
    def test_agent_sees_own_zone_and_what_hangs_off_it(self):
        for record in (self.cust_a, self.contact_a, self.order_a, self.order_a_other,
                       self.line_a, self.lead_a, self.lead_prospect, self.inv_a):
            self.assertVisible(self.agent_a, record)
        # partners Odoo needs everywhere: own, colleagues', the company
        for partner in (self.agent_a.partner_id, self.agent_b.partner_id,
                        self.env.user.company_id.partner_id):
            self.assertVisible(self.agent_a, partner)
        # a many2one of an allowed record resolves
        order = self.order_a.sudo(self.agent_a)
        self.assertEqual(order.read(['partner_id'])[0]['partner_id'][0], self.cust_a.id)
        self.assertEqual(order.partner_id.name_get()[0][1], self.cust_a.name)

    def test_agent_does_not_see_other_zone(self):
        for partner in (self.cust_b, self.contact_b):
            self.assertPartnerHidden(self.agent_a, partner)
        self.assertRecordHidden(self.agent_a, self.order_b)
        self.assertRecordHidden(self.agent_a, self.order_b_own)
        self.assertRecordHidden(self.agent_a, self.line_b, 'order_partner_id')
        self.assertRecordHidden(self.agent_a, self.lead_b)
        self.assertRecordHidden(self.agent_a, self.lead_b_own)
        self.assertRecordHidden(self.agent_a, self.inv_b)
        # and the reverse pair
        self.assertPartnerHidden(self.agent_b, self.cust_a)
        self.assertRecordHidden(self.agent_b, self.order_a)
        self.assertRecordHidden(self.agent_b, self.order_a_other)   # their own order
        self.assertRecordHidden(self.agent_b, self.lead_prospect)

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
            self.assertPartnerHidden(self.agent_a, partner)
        for user in (self.agent_a, self.manager):
            with self.assertRaises(AccessError):
                self.env['dsa.supplier.purchase'].sudo(user).search([])
            with self.assertRaises(AccessError):
                self.purchase.sudo(user).read(['number'])
        for user in (self.direction, self.administration):
            self.assertVisible(user, self.purchase)

    # ------------------------------------------------------------- area manager
    def test_area_manager_sees_managed_agents(self):
        for record in (self.cust_a, self.contact_a, self.order_a, self.lead_a, self.inv_a):
            self.assertVisible(self.manager, record)

    def test_area_manager_does_not_see_unmanaged_agent(self):
        for partner in (self.cust_b, self.contact_b):
            self.assertPartnerHidden(self.manager, partner)
        self.assertRecordHidden(self.manager, self.order_b)
        self.assertRecordHidden(self.manager, self.lead_b)
        self.assertRecordHidden(self.manager, self.inv_b)

    def test_area_manager_follows_hierarchy_changes(self):
        self.assertPartnerHidden(self.manager, self.cust_b)
        self.agent_b.dsa_area_manager_id = self.manager
        self.assertVisible(self.manager, self.cust_b)
        self.assertVisible(self.manager, self.order_b)
        self.agent_b.dsa_area_manager_id = False
        self.assertPartnerHidden(self.manager, self.cust_b)

    # ---------------------------------------------------- direction, back office
    def test_direction_and_administration_see_all(self):
        for user in (self.direction, self.administration):
            for partner in (self.cust_a, self.cust_b, self.contact_b, self.cust_none,
                            self.vendor):
                self.assertVisible(user, partner)
            self.assertVisible(user, self.inv_b)
        for record in (self.order_b, self.order_b_own, self.lead_b, self.line_b):
            self.assertVisible(self.direction, record)

    # ------------------------------------------------------------- moving zones
    def test_moving_customer_moves_visibility(self):
        self.assertPartnerHidden(self.agent_a, self.cust_b)
        self.assertVisible(self.agent_b, self.order_b)
        self.cust_b.dsa_zone_id = self.zone_a
        # contacts follow their company in the same transaction
        self.assertEqual(self.contact_b.dsa_zone_id, self.zone_a)
        for record in (self.cust_b, self.contact_b, self.order_b, self.order_b_own,
                       self.lead_b, self.inv_b):
            self.assertVisible(self.agent_a, record)
        self.assertPartnerHidden(self.agent_b, self.cust_b)
        self.assertRecordHidden(self.agent_b, self.order_b)

    def test_changing_agent_zones_applies_at_once(self):
        self.assertPartnerHidden(self.agent_a, self.cust_b)
        self.agent_a.dsa_zone_ids = [(4, self.zone_b.id)]
        self.assertVisible(self.agent_a, self.cust_b)
        self.zone_b.agent_ids = [(3, self.agent_a.id)]
        self.assertPartnerHidden(self.agent_a, self.cust_b)

    def test_contact_follows_company_zone(self):
        contact = self.env['res.partner'].create({'name': 'New contact',
                                                  'parent_id': self.cust_b.id})
        self.assertEqual(contact.dsa_zone_id, self.zone_b)
        contact.parent_id = self.cust_a
        self.assertEqual(contact.dsa_zone_id, self.zone_a)

    # ------------------------------------------------------- agents creating data
    def test_agent_creates_customer_in_own_zone(self):
        partner = self.env['res.partner'].sudo(self.agent_a).create(
            {'name': 'Zeta new customer', 'is_company': True})
        self.assertEqual(partner.dsa_zone_id, self.zone_a)
        contact = self.env['res.partner'].sudo(self.agent_a).create(
            {'name': 'Zeta new contact', 'parent_id': partner.id})
        self.assertEqual(contact.dsa_zone_id, self.zone_a)
        with self.assertRaises(AccessError):
            partner.write({'dsa_zone_id': self.zone_b.id})
        with self.assertRaises(AccessError):
            self.env['res.partner'].sudo(self.agent_a).create(
                {'name': 'Zeta elsewhere', 'dsa_zone_id': self.zone_c.id})
        with self.assertRaises(AccessError):
            self.cust_b.sudo(self.agent_a).write({'name': 'Hijacked'})
