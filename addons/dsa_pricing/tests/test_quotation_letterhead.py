from odoo.tests.common import TransactionCase, at_install, post_install

from odoo.addons.dsa_base.tests.common import make_user
from odoo.addons.dsa_base.tests.pdf import pdf_text, render_pdf


@at_install(False)
@post_install(True)
class TestQuotationLetterhead(TransactionCase):
    """The quotation printed from the backend carries the company letterhead (name
    and address on top, contacts at the bottom) even with a wkhtmltopdf that draws
    no separate header (Debian's), and is the one the customer prints from the
    portal.

    Through HTTP, Odoo 11 serves HTML instead of a PDF under a test cursor, so both
    prints are made as their controllers make them: the backend's as the salesman,
    the portal's (``/my/orders/pdf/<id>``) as superuser once the token is checked."""

    def setUp(self):
        super(TestQuotationLetterhead, self).setUp()
        env = self.env
        self.company = env.user.company_id
        self.company.write({'street': 'Via Carta Intestata 3', 'zip': '40121',
                            'city': 'Bologna', 'phone': '+39 051 1234567',
                            'email': 'letterhead@dsa.example.com'})
        customer = env['res.partner'].create({'name': 'Cliente Stampa Srl', 'is_company': True})
        self.salesman = make_user(env, 'dsa_letter_sales',
                                  ['sales_team.group_sale_salesman_all_leads'])
        # the order date prints in the printing user's time zone
        self.salesman.tz = env.user.tz
        product = env['product.product'].create({'name': 'Valvola DN50', 'list_price': 42})
        self.order = env['sale.order'].create({
            'partner_id': customer.id,
            'order_line': [(0, 0, {'product_id': product.id, 'product_uom_qty': 3})]})

    def _pdf(self, report):
        return pdf_text(render_pdf(report, self.order.ids), layout=True)

    def test_backend_and_portal_quotation_have_the_letterhead(self):
        report = self.env.ref('sale.action_report_saleorder')
        backend = self._pdf(report.sudo(self.salesman))
        top, _sep, bottom = backend.partition(self.order.name)
        self.assertIn(self.company.name, top)
        self.assertIn('Via Carta Intestata 3', top)
        self.assertIn('Bologna', top)
        self.assertIn('Valvola DN50', bottom)
        self.assertIn('+39 051 1234567', bottom)
        self.assertIn('letterhead@dsa.example.com', bottom)
        # "Page x / y" is only filled in by a drawn footer: not printed empty
        self.assertNotRegex(backend, r'Page:?\s*/')
        portal = self._pdf(report.sudo())
        self.assertEqual(backend, portal)
