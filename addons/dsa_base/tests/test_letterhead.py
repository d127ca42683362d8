import lxml.html

from odoo.tests.common import TransactionCase, at_install, post_install

from .pdf import pdf_text, render_pdf

# two documents of web.external_layout, as QWeb renders them before wkhtmltopdf
TWO_DOCUMENTS = """<html><body>
<div class="header"><p>Head one</p></div>
<div class="article o_report_layout_standard"><p>Body one</p></div>
<div class="footer"><p>Foot one</p><p>Page: <span class="page"/> / <span class="topage"/></p></div>
<div class="header"><p>Head two</p></div>
<div class="article"><p>Body two</p></div>
<div class="footer"><p>Foot two</p></div>
</body></html>"""

LETTER = """<t t-name="dsa_base.test_letter">
    <t t-call="web.html_container">
        <t t-foreach="docs" t-as="o">
            <t t-call="web.external_layout">
                <div class="page"><h2>Letter body marker</h2><p t-field="o.name"/></div>
            </t>
        </t>
    </t>
</t>"""


@at_install(False)
@post_install(True)
class TestLetterhead(TransactionCase):
    """models/ir_actions_report.py: the company letterhead of
    ``web.external_layout`` is printed whichever wkhtmltopdf is installed."""

    def test_letterhead_moves_into_each_document(self):
        """Each header and footer goes into its own document's page, renamed so
        that Odoo does not take it out again; the empty page counter goes."""
        html = self.env['ir.actions.report']._dsa_letterhead_in_page(TWO_DOCUMENTS)
        root = lxml.html.fromstring(html)
        self.assertFalse(root.xpath('//div[@class="header" or @class="footer"]'))
        articles = root.xpath('//div[contains(@class, "article")]')
        self.assertEqual(len(articles), 2)
        for article, number in zip(articles, ('one', 'two')):
            text = article.text_content()
            self.assertLess(text.index('Head %s' % number), text.index('Body %s' % number))
            self.assertLess(text.index('Body %s' % number), text.index('Foot %s' % number))
            other = 'two' if number == 'one' else 'one'
            self.assertNotIn('Head %s' % other, text)
            self.assertEqual(article[0].get('class'), 'dsa_letterhead_header')
            self.assertEqual(article[-1].get('class'), 'dsa_letterhead_footer')
        self.assertNotIn('Page:', root.text_content())

    def test_real_pdf_carries_the_letterhead(self):
        """A report of the company layout, printed through the real wkhtmltopdf:
        company name and address above the document, contacts below it."""
        company = self.env.user.company_id
        company.write({'street': 'Via Intestazione 9', 'zip': '40122', 'city': 'Bologna',
                       'phone': '+39 051 7654321', 'email': 'base-letter@dsa.example.com'})
        view = self.env['ir.ui.view'].create({
            'name': 'dsa_base.test_letter', 'type': 'qweb', 'arch': LETTER})
        self.env['ir.model.data'].create({
            'module': 'dsa_base', 'name': 'test_letter', 'model': 'ir.ui.view',
            'res_id': view.id})
        report = self.env['ir.actions.report'].create({
            'name': 'Test letter', 'model': 'res.partner', 'report_type': 'qweb-pdf',
            'report_name': 'dsa_base.test_letter'})
        partner = self.env['res.partner'].create({'name': 'Letter Recipient Srl'})
        text = pdf_text(render_pdf(report, partner.ids), layout=True)
        top, marker, bottom = text.partition('Letter body marker')
        self.assertTrue(marker, text)
        self.assertIn(company.name, top)
        self.assertIn('Via Intestazione 9', top)
        self.assertIn('Letter Recipient Srl', bottom)
        self.assertIn('+39 051 7654321', bottom)
        self.assertIn('base-letter@dsa.example.com', bottom)
        self.assertNotRegex(text, r'Page:?\s*/')
