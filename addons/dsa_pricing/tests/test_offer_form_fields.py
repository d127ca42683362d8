import json

from lxml import etree

from odoo.tests.common import SavepointCase, at_install, post_install

LICENCE_FIELDS = ('dsa_recurring', 'dsa_invoicing_note', 'dsa_line_kind', 'dsa_product_code',
                  'dsa_users', 'dsa_date_start', 'dsa_amount_one_time', 'dsa_amount_monthly')


@at_install(False)
@post_install(True)
class TestOfferFormFields(SavepointCase):
    """A salesperson's offer shows no licence-subscription fields; licence
    billing sees them."""

    @classmethod
    def setUpClass(cls):
        super(TestOfferFormFields, cls).setUpClass()
        Users = cls.env['res.users'].with_context(no_reset_password=True)
        cls.seller = Users.create({
            'name': 'Venditore Vito', 'login': 'offer_seller',
            'groups_id': [(6, 0, [cls.env.ref('sales_team.group_sale_salesman').id])]})
        cls.billing = Users.create({
            'name': 'Fatturazione Fabia', 'login': 'offer_billing',
            'groups_id': [(6, 0, [cls.env.ref('dsa_pricing.group_pricing_user').id])]})

    def _shown_fields(self, user):
        """Names of the fields a user is shown on the offer form and its lines
        (Odoo 11 keeps a field of another group in the view, invisible)."""
        view = self.env['sale.order'].sudo(user).fields_view_get(
            view_id=self.env.ref('sale.view_order_form').id, view_type='form')
        archs = [view['arch']] + [sub['arch'] for sub in view['fields']['order_line']
                                  .get('views', {}).values()]
        shown = set()
        for arch in archs:
            for node in etree.fromstring(arch).iter('field'):
                modifiers = json.loads(node.get('modifiers') or '{}')
                if modifiers.get('invisible') is not True:
                    shown.add(node.get('name'))
        return shown

    def test_seller_sees_no_licence_fields(self):
        shown = self._shown_fields(self.seller)
        self.assertIn('partner_id', shown)
        self.assertEqual(shown & set(LICENCE_FIELDS), set())

    def test_licence_billing_sees_them(self):
        shown = self._shown_fields(self.billing)
        self.assertEqual(shown & set(LICENCE_FIELDS), set(LICENCE_FIELDS))
