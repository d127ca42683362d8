from odoo.exceptions import AccessError
from odoo.tests.common import SavepointCase, at_install, post_install


@at_install(False)
@post_install(True)
class DsaCrmZoneCase(SavepointCase):
    """Zones A, B and C; agent A (zone A, managed), agent B (zone B, not managed),
    an area manager of agent A, a direction and an administration user; customers,
    contacts, orders, leads and imported invoices in each zone."""

    @classmethod
    def _user(cls, login, groups, **vals):
        vals.update({
            'name': login.replace('_', ' ').title(),
            'login': login,
            'email': '%s@example.com' % login,
            'groups_id': [(6, 0, [g.id for g in groups])],
        })
        return cls.env['res.users'].with_context(no_reset_password=True).create(vals)

    @classmethod
    def setUpClass(cls):
        super(DsaCrmZoneCase, cls).setUpClass()
        env = cls.env
        Zone = env['dsa.zone']
        cls.zone_a = Zone.create({'name': 'Test zone A', 'code': 'TZA'})
        cls.zone_b = Zone.create({'name': 'Test zone B', 'code': 'TZB'})
        cls.zone_c = Zone.create({'name': 'Test zone C', 'code': 'TZC'})

        cls.group_agent = env.ref('dsa_crm.group_agent')
        cls.group_manager = env.ref('dsa_crm.group_area_manager')
        cls.manager = cls._user('t_area_manager', [cls.group_manager])
        cls.agent_a = cls._user('t_agent_a', [cls.group_agent],
                                dsa_zone_ids=[(6, 0, cls.zone_a.ids)],
                                dsa_area_manager_id=cls.manager.id)
        cls.agent_b = cls._user('t_agent_b', [cls.group_agent],
                                dsa_zone_ids=[(6, 0, cls.zone_b.ids)])
        cls.direction = cls._user('t_direction', [env.ref('dsa_crm.group_direction')])
        cls.administration = cls._user(
            't_administration', [env.ref('dsa_crm.group_administration')])

        Partner = env['res.partner']
        cls.cust_a = Partner.create({'name': 'Zeta Alpha Customer', 'is_company': True,
                                     'customer': True, 'dsa_zone_id': cls.zone_a.id})
        cls.contact_a = Partner.create({'name': 'Zeta Alpha Contact', 'parent_id': cls.cust_a.id})
        cls.cust_b = Partner.create({'name': 'Zeta Bravo Customer', 'is_company': True,
                                     'customer': True, 'dsa_zone_id': cls.zone_b.id})
        cls.contact_b = Partner.create({'name': 'Zeta Bravo Contact', 'parent_id': cls.cust_b.id})
        cls.cust_none = Partner.create({'name': 'Zeta Nozone Customer', 'is_company': True,
                                        'customer': True})
        cls.vendor = Partner.create({'name': 'Zeta Vendor', 'is_company': True,
                                     'customer': False, 'supplier': True})
        cls.vendor_contact = Partner.create({
            'name': 'Zeta Vendor Contact', 'parent_id': cls.vendor.id,
            'customer': False, 'supplier': True})

        Order = env['sale.order']
        # unassigned orders and an agent's own order on another zone's customer:
        # the salesman "personal documents" rule alone would show these
        cls.order_a = Order.create({'partner_id': cls.cust_a.id, 'user_id': False})
        cls.order_b = Order.create({'partner_id': cls.cust_b.id, 'user_id': False})
        cls.order_b_own = Order.create({'partner_id': cls.contact_b.id,
                                        'user_id': cls.agent_a.id})
        # an order of a zone A customer made by another salesperson
        cls.order_a_other = Order.create({'partner_id': cls.cust_a.id,
                                          'user_id': cls.agent_b.id})
        product = env['product.product'].create({'name': 'Zeta product', 'list_price': 10})
        cls.line_a = env['sale.order.line'].create({
            'order_id': cls.order_a.id, 'product_id': product.id, 'product_uom_qty': 1})
        cls.line_b = env['sale.order.line'].create({
            'order_id': cls.order_b.id, 'product_id': product.id, 'product_uom_qty': 1})

        Lead = env['crm.lead']
        cls.lead_a = Lead.create({'name': 'Zeta lead A', 'partner_id': cls.cust_a.id,
                                  'user_id': False})
        cls.lead_b = Lead.create({'name': 'Zeta lead B', 'partner_id': cls.cust_b.id,
                                  'user_id': False})
        cls.lead_b_own = Lead.create({'name': 'Zeta lead B own', 'partner_id': cls.contact_b.id,
                                      'user_id': cls.agent_a.id})
        cls.lead_prospect = Lead.create({'name': 'Zeta prospect', 'user_id': cls.agent_a.id})

        Invoice = env['dsa.imported.invoice']
        cls.inv_a = Invoice.create({'number': 'ZT-A-1', 'date': '2025-01-10',
                                    'partner_id': cls.cust_a.id, 'amount_total': 100})
        cls.inv_b = Invoice.create({'number': 'ZT-B-1', 'date': '2025-01-10',
                                    'partner_id': cls.cust_b.id, 'amount_total': 200})
        cls.purchase = env['dsa.supplier.purchase'].create({
            'number': 'ZT-P-1', 'date': '2025-01-10', 'partner_id': cls.vendor.id,
            'amount': 50})

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
