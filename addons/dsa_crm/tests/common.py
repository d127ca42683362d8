from odoo.exceptions import AccessError
from odoo.tests.common import SavepointCase, at_install, post_install


@at_install(False)
@post_install(True)
class DsaCrmZoneCase(SavepointCase):
    """Zones Nord, Sud and Centro; agent A (Nord, managed), agent B (Sud, not managed),
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
        # named as the demo names its zones (Nord, Sud: demo/dsa_crm_demo.xml)
        cls.zone_nord = Zone.create({'name': 'Nord', 'code': 'T-NORD'})
        cls.zone_sud = Zone.create({'name': 'Sud', 'code': 'T-SUD'})
        cls.zone_centro = Zone.create({'name': 'Centro', 'code': 'T-CENTRO'})

        cls.group_agent = env.ref('dsa_crm.group_agent')
        cls.group_manager = env.ref('dsa_crm.group_area_manager')
        cls.manager = cls._user('t_area_manager', [cls.group_manager])
        cls.agent_a = cls._user('t_agent_a', [cls.group_agent],
                                dsa_zone_ids=[(6, 0, cls.zone_nord.ids)],
                                dsa_area_manager_id=cls.manager.id)
        cls.agent_b = cls._user('t_agent_b', [cls.group_agent],
                                dsa_zone_ids=[(6, 0, cls.zone_sud.ids)])
        cls.direction = cls._user('t_direction', [env.ref('dsa_crm.group_direction')])
        cls.administration = cls._user(
            't_administration', [env.ref('dsa_crm.group_administration')])

        Partner = env['res.partner']
        cls.cust_a = Partner.create({'name': 'Zeta Alpha Customer', 'is_company': True,
                                     'customer': True, 'dsa_zone_id': cls.zone_nord.id})
        cls.contact_a = Partner.create({'name': 'Zeta Alpha Contact', 'parent_id': cls.cust_a.id})
        cls.cust_b = Partner.create({'name': 'Zeta Bravo Customer', 'is_company': True,
                                     'customer': True, 'dsa_zone_id': cls.zone_sud.id})
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
        # an order of a Nord customer made by another salesperson
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
    # Every RPC call starts with an empty cache; the helpers drop the cache the
    # superuser filled while building the data, so that values come from the
    # database through the record rules as they would over RPC. They return
    # what they found: the test method asserts on it.
    @staticmethod
    def _allowed(call):
        """Whether ``call`` runs (True) or is refused with an AccessError (False)."""
        try:
            call()
        except AccessError:
            return False
        return True

    def partner_leaks(self, user, partner):
        """The doors (search, read, name_search, name_get, read_group, export)
        through which ``user`` reaches ``partner``: empty when it is hidden."""
        self.env['res.users'].invalidate_cache()
        Partner = self.env['res.partner'].sudo(user)
        names = [name for _id, name in Partner.name_search(partner.name)]
        groups = Partner.read_group([('name', 'ilike', 'Zeta')], ['name'], ['name'])
        doors = [
            ('search', bool(Partner.search([('id', '=', partner.id)]))),
            ('search_count', Partner.search_count([('name', '=', partner.name)]) > 0),
            ('search by name', partner in Partner.search([('name', 'ilike', 'Zeta')])),
            ('read', self._allowed(lambda: partner.sudo(user).read(['name']))),
            ('name_search', any(partner.name in n for n in names)),
        ]
        # name_get: a many2one pointing at it cannot be resolved
        self.env['res.users'].invalidate_cache()
        doors += [
            ('name_get', self._allowed(lambda: partner.sudo(user).name_get())),
            ('read_group', partner.name in [g['name'] for g in groups]),
            ('read_group by id', bool(Partner.read_group(
                [('id', '=', partner.id)], ['dsa_zone_id'], ['dsa_zone_id']))),
        ]
        self.env['res.users'].invalidate_cache()
        exported = Partner.search([('name', 'ilike', 'Zeta')]).export_data(['name'])['datas']
        doors += [
            ('export_data', self._allowed(
                lambda: partner.sudo(user).export_data(['name', 'email']))),
            ('export_data of a search', [partner.name] in exported),
        ]
        return [door for door, reached in doors if reached]

    def record_leaks(self, user, record, partner_field='partner_id'):
        """The doors through which ``user`` reaches ``record`` (a document of a
        customer in ``partner_field``): empty when it is hidden."""
        self.env['res.users'].invalidate_cache()
        Model = self.env[record._name].sudo(user)
        by_partner = Model.search([(partner_field, '=', record[partner_field].id)])
        name = record[record._rec_name or 'name']
        doors = [
            ('search', bool(Model.search([('id', '=', record.id)]))),
            ('search by customer', record in by_partner),
            ('read', self._allowed(lambda: record.sudo(user).read([partner_field]))),
        ]
        self.env['res.users'].invalidate_cache()
        doors.append(('name_get', self._allowed(lambda: record.sudo(user).name_get())))
        self.env['res.users'].invalidate_cache()
        doors += [
            ('export_data', self._allowed(
                lambda: record.sudo(user).export_data([partner_field + '/id']))),
            ('read_group', bool(Model.read_group(
                [('id', '=', record.id)], [partner_field], [partner_field]))),
            ('name_search', record.id in [r[0] for r in Model.name_search(name)]),
        ]
        return [door for door, reached in doors if reached]

    def visible(self, user, record):
        """Whether ``user`` reads ``record`` and finds it by search."""
        self.env['res.users'].invalidate_cache()
        return (self._allowed(lambda: record.sudo(user).read(['display_name']))
                and self.env[record._name].sudo(user).search_count(
                    [('id', '=', record.id)]) == 1)
