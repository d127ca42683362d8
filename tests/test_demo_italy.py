"""The demo database of `make run` and `make test` is an Italian company (issue 16):
EUR through the Italian chart of accounts, Italian for the demo people (the
administrator stays in English), every amount in EUR, priced demo products and
quotations.  These hold on the test database, which is that demo."""
from odoo.tests.common import TransactionCase

# models whose currency is not the currency of an amount
NOT_AMOUNTS = ('res.currency', 'res.currency.rate', 'res.country')


class TestItalianDemo(TransactionCase):

    def _suite_records(self, model, suffix='_demo'):
        """Records of ``model`` created by the suite's demo data (xml ids
        ``dsa_*.<name>_demo``)."""
        data = self.env['ir.model.data'].search([
            ('model', '=', model), ('module', '=like', 'dsa\\_%'), ('name', '=like', '%' + suffix)])
        return self.env[model].browse(data.mapped('res_id')).exists()

    def test_company_is_italian_in_euro(self):
        company = self.env.ref('base.main_company')
        self.assertEqual(company.currency_id, self.env.ref('base.EUR'))
        self.assertEqual(company.country_id, self.env.ref('base.it'))
        self.assertEqual(company.chart_template_id,
                         self.env.ref('l10n_it.l10n_it_chart_template_generic'))
        self.assertNotEqual(company.name, 'YourCompany')
        self.assertTrue(company.street and company.city and company.vat)
        self.assertEqual(self.env['res.lang'].search([('code', '=', 'it_IT')]).code, 'it_IT')

    def test_every_amount_in_company_currency(self):
        """Every stored record that names a currency names EUR (or none, meaning
        the company's)."""
        eur = self.env.ref('base.EUR')
        self.assertEqual(self.env.user.company_id.currency_id, eur)
        fields = self.env['ir.model.fields'].search([
            ('ttype', '=', 'many2one'), ('relation', '=', 'res.currency'), ('store', '=', True),
            ('model', 'not in', NOT_AMOUNTS)])
        self.assertIn('sale.order.line', fields.mapped('model'))
        checked, wrong = 0, {}
        for field in fields:
            model = self.env.get(field.model)
            if model is None or model._abstract or model._transient or not model._auto:
                continue
            domain = [(field.name, '!=', False), (field.name, '!=', eur.id)]
            if 'active' in model._fields:
                domain.append(('active', 'in', (True, False)))
            count = model.sudo().search_count(domain)
            checked += 1
            if count:
                wrong['%s.%s' % (field.model, field.name)] = count
        self.assertGreater(checked, 20)
        self.assertEqual(wrong, {}, 'records in another currency than EUR')
        # the kinds of amount the issue names, one by one
        orders = self.env['sale.order'].search([])
        self.assertTrue(orders)
        self.assertEqual(orders.mapped('currency_id'), eur)
        self.assertEqual(self.env['account.invoice'].search([]).mapped('currency_id'), eur)
        self.assertEqual(self.env['dsa.licence.price'].search([]).mapped('currency_id'), eur)
        self.assertEqual(self.env.ref('product.list0').currency_id, eur)
        material = self.env['dsa.intervention.material'].search([], limit=1)
        self.assertEqual(material.currency_id, eur)

    def test_demo_people_speak_italian_admin_english(self):
        self.assertEqual(self.env.ref('base.user_root').lang, 'en_US')
        users = self._suite_records('res.users')
        # 2 technicians, 3 agents, the area manager, 3 portal customers
        self.assertGreaterEqual(len(users), 9)
        for xmlid in ('dsa_tts.user_tech_marco_service_demo', 'dsa_crm.user_agent_north_demo',
                      'dsa_crm.user_area_manager_demo', 'dsa_pricing.res_users_portal_rossi_demo',
                      'dsa_tts.user_portal_rossi_service_demo'):
            self.assertIn(self.env.ref(xmlid), users)
        self.assertEqual({u.login: u.lang for u in users if u.lang != 'it_IT'}, {})
        customers = self._suite_records('res.partner').filtered(
            lambda p: p.customer and not p.user_ids)
        self.assertGreaterEqual(len(customers), 10)
        self.assertEqual({p.name: p.lang for p in customers if p.lang != 'it_IT'}, {})

    def test_demo_products_have_real_prices(self):
        products = self._suite_records('product.product')
        self.assertGreaterEqual(len(products), 8)
        self.assertEqual({p.default_code: p.list_price for p in products if p.list_price <= 1.0},
                         {})
        self.assertEqual({p.default_code: p.standard_price for p in products
                          if p.standard_price <= 0.0}, {})
        # materials of the demo interventions are worth their product's price
        materials = self.env['dsa.intervention.material'].search([('action', '!=', 'removed')])
        self.assertTrue(materials)
        self.assertEqual(materials.filtered(lambda m: m.unit_cost <= 1.0),
                         self.env['dsa.intervention.material'])

    def test_no_demo_quotation_at_zero(self):
        orders = self.env['sale.order'].search([])
        self.assertGreaterEqual(len(self._suite_records('sale.order')), 4)
        self.assertEqual(orders.filtered(lambda o: o.amount_total <= 0).mapped('name'), [])
