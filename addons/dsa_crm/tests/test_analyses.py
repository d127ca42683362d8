from odoo.exceptions import AccessError

from .common import DsaCrmZoneCase


class TestAnalyses(DsaCrmZoneCase):
    """CRM-7, CRM-9, CRM-10: the analyses follow the zone rules, and an agent's
    totals are the sums over their zones' records."""

    @classmethod
    def setUpClass(cls):
        super(TestAnalyses, cls).setUpClass()
        env = cls.env
        categ = env['product.category'].create({'name': 'Zeta pumps'})
        cls.pump = env['product.product'].create({'name': 'Zeta pump', 'list_price': 100,
                                                  'categ_id': categ.id})
        cls.categ = categ
        cls.cust_a.state_id = env.ref('base.state_it_to')
        for order, qty in ((cls.order_a, 3), (cls.order_b, 5), (cls.order_a_other, 2)):
            env['sale.order.line'].create({'order_id': order.id, 'product_id': cls.pump.id,
                                           'product_uom_qty': qty, 'price_unit': 100})
        cls.order_a.action_confirm()
        cls.order_b.action_confirm()
        cls.order_a_other.write({'dsa_outcome': 'lost'})
        Line = env['dsa.imported.invoice.line']
        cls.inv_line_a = Line.create({'invoice_id': cls.inv_a.id, 'name': 'Zeta line A',
                                      'product_id': cls.pump.id, 'quantity': 1,
                                      'price_subtotal': 80})
        Line.create({'invoice_id': cls.inv_b.id, 'name': 'Zeta line B', 'quantity': 2,
                     'price_subtotal': 150})
        cls.inv_a2 = env['dsa.imported.invoice'].create({
            'number': 'ZT-A-2', 'date': '2025-02-10', 'partner_id': cls.contact_a.id,
            'amount_untaxed': 40, 'amount_total': 48.8})

    REPORTS = {
        'dsa.crm.commitment.report': ('offered_amount', 'bought_amount'),
        'dsa.crm.revenue.report': ('amount',),
        'dsa.crm.trend.report': ('amount', 'quantity'),
    }

    def _totals(self, user, model, domain=None):
        Report = self.env[model].sudo(user)
        measures = list(self.REPORTS[model])
        groups = Report.read_group(domain or [], measures + ['dsa_zone_id'], ['dsa_zone_id'])
        return {g['dsa_zone_id'] and g['dsa_zone_id'][0]: tuple(g[m] for m in measures)
                for g in groups}

    def test_agent_totals_are_their_zone(self):
        for model in self.REPORTS:
            everything = self._totals(self.direction, model)
            self.assertIn(self.zone_sud.id, everything, model)
            mine = self._totals(self.agent_a, model)
            self.assertEqual(mine, {self.zone_nord.id: everything[self.zone_nord.id]}, model)
            self.assertEqual(self._totals(self.manager, model), mine, model)
            # without group by, the grand total too
            measures = list(self.REPORTS[model])
            total = self.env[model].sudo(self.agent_a).read_group([], measures, [])[0]
            self.assertEqual(tuple(total[m] for m in measures), everything[self.zone_nord.id])

    def test_known_figures(self):
        offers = self.env['dsa.crm.commitment.report'].sudo(self.agent_a)
        group = offers.read_group(
            [('partner_id', '=', self.cust_a.id)],
            ['offered_amount', 'bought_amount', 'conversion_rate', 'offer_count',
             'won_count', 'lost_count'], [])[0]
        # order_a (310, won) and order_a_other (200, lost); bought 310
        self.assertEqual((group['offered_amount'], group['bought_amount'], group['offer_count'],
                          group['won_count'], group['lost_count']), (510, 310, 2, 1, 1))
        self.assertAlmostEqual(group['conversion_rate'], 100.0 * 310 / 510)
        revenue = self.env['dsa.crm.revenue.report'].sudo(self.agent_a).read_group(
            [], ['amount', 'partner_id'], ['partner_id'])
        # a line of ZT-A-1 and ZT-A-2 without lines (contact person -> company)
        self.assertEqual([(g['partner_id'][0], g['amount']) for g in revenue],
                         [(self.cust_a.id, 120)])
        trend = self.env['dsa.crm.trend.report'].sudo(self.agent_a).read_group(
            [('categ_id', '=', self.categ.id)], ['quantity', 'amount', 'state_id'], ['state_id'])
        self.assertEqual([(g['state_id'][0], g['quantity'], g['amount']) for g in trend],
                         [(self.env.ref('base.state_it_to').id, 3, 300)])
        self.assertAlmostEqual(self.cust_a.sudo(self.agent_a).dsa_revenue_total, 120)

    def test_other_zone_rows_hidden_through_every_door(self):
        for model in self.REPORTS:
            Report = self.env[model]
            row_b = Report.search([('dsa_zone_id', '=', self.zone_sud.id)], limit=1)
            row_a = Report.search([('dsa_zone_id', '=', self.zone_nord.id)], limit=1)
            self.assertTrue(row_a and row_b, model)
            self._assertRowHidden(self.agent_a, row_b)
            self._assertRowHidden(self.manager, row_b)
            self.assertTrue(self.visible(self.agent_a, row_a))
            self.assertTrue(self.visible(self.direction, row_b))
            self.assertFalse(
                Report.sudo(self.agent_a).search([('partner_id', '=', self.cust_b.id)]))

    def _assertRowHidden(self, user, row):
        self.env['res.users'].invalidate_cache()
        Report = self.env[row._name].sudo(user)
        self.assertFalse(Report.search([('id', '=', row.id)]))
        self.assertNotIn(row.id, [r['id'] for r in Report.search_read([], ['id'])])
        with self.assertRaises(AccessError):
            row.sudo(user).read(['partner_id'])
        self.env['res.users'].invalidate_cache()
        with self.assertRaises(AccessError):
            row.sudo(user).export_data(['partner_id/id'])
        self.assertFalse(Report.read_group([('id', '=', row.id)], ['partner_id'], ['partner_id']))
        self.assertNotIn(row.id, [r[0] for r in Report.name_search('', limit=None)])

    def test_outsiders_have_no_access(self):
        portal = self._user('t_portal', [self.env.ref('base.group_portal')])
        plain = self._user('t_plain', [self.env.ref('base.group_user')])
        for user in (portal, plain):
            for model in list(self.REPORTS) + ['dsa.crm.activity.report', 'dsa.contact.log']:
                with self.assertRaises(AccessError):
                    self.env[model].sudo(user).search([])
        # the activity of the sales force is for Direction only
        for user in (self.agent_a, self.manager, self.administration):
            with self.assertRaises(AccessError):
                self.env['dsa.crm.activity.report'].sudo(user).read_group(
                    [], ['log_count', 'user_id'], ['user_id'])
