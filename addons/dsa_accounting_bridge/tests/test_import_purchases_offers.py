import base64

from odoo.addons.dsa_accounting_bridge.tests.common import FILES, ImportCase


class TestImportPurchasesOffers(ImportCase):

    @classmethod
    def setUpClass(cls):
        super(TestImportPurchasesOffers, cls).setUpClass()
        cls.product = cls.env['product.product'].create({
            'name': 'Centralina test', 'default_code': 'DSA-TEST-1', 'type': 'service',
            'list_price': 1000.0})

    def test_supplier_purchases_with_pdf(self):
        job = self.run_job('supplier_purchases', 'purchases_generic.csv', source_path=FILES)
        self.assertCounters(job, created=1, rejected=2)
        self.assertEqual(self.log(job), [
            (3, 'order_pdf', 'file "missing.pdf" not found in %s' % FILES),
            (4, 'order_pdf', '"../secret.pdf" must be a file name inside the attachment folder'),
        ])
        purchase = self.env['dsa.supplier.purchase'].search([('number', '=', 'OF/42')])
        self.assertEqual(purchase.partner_id.name, 'Forniture Rapide Srl')
        self.assertTrue(purchase.partner_id.supplier)
        self.assertFalse(purchase.partner_id.customer)
        self.assertEqual(purchase.amount, 1200.0)
        self.assertEqual(purchase.order_pdf_name, 'order_0042.pdf')
        self.assertEqual(base64.b64decode(purchase.order_pdf),
                         self.file_content('order_0042.pdf'))
        again = self.run_job('supplier_purchases', 'purchases_generic.csv', source_path=FILES)
        self.assertCounters(again, skipped=1, rejected=2)
        self.assertEqual(self.env['res.partner'].search_count(
            [('name', '=', 'Forniture Rapide Srl')]), 1, 'the supplier is not duplicated')

    def test_supplier_purchase_pdf_as_base64(self):
        pdf = base64.b64encode(self.file_content('order_0042.pdf')).decode()
        content = ('supplier_code,supplier_vat,supplier_name,number,date,amount,currency,'
                   'description,order_pdf\n'
                   'S9,,Fornitore Nove,OF/9,01/02/2025,"10,00",EUR,,base64:%s\n'
                   'S9,,,OF/10,01/02/2025,"10,00",EUR,,base64:bm90IGEgcGRm\n' % pdf).encode()
        job = self.run_job('supplier_purchases', content=content)
        self.assertCounters(job, created=1, rejected=1)
        self.assertEqual(self.log(job), [(3, 'order_pdf', '"order.pdf" is not a PDF file')])

    def test_offers_and_orders(self):
        job = self.run_job('offers', 'offers_generic.csv')
        self.assertCounters(job, created=2, rejected=1)
        self.assertEqual(self.log(job), [
            (5, 'status', 'unknown status "maybe" (offer, sent or order)')])
        Order = self.env['sale.order']
        offer = Order.search([('dsa_external_ref', '=', 'OFF/1')])
        self.assertEqual(offer.state, 'draft')
        self.assertEqual(offer.partner_id, self.customer)
        self.assertEqual(offer.origin, 'OFF/1')
        self.assertEqual(offer.validity_date, '2025-10-31')
        self.assertEqual(offer.order_line.mapped('product_id'),
                         self.product | self.env.ref(
                             'dsa_accounting_bridge.product_imported_generic'))
        self.assertEqual(offer.amount_untaxed, 2500.0)
        order = Order.search([('dsa_external_ref', '=', 'ORD/7')])
        self.assertEqual(order.state, 'sale')
        self.assertEqual(order.date_order[:10], '2025-10-05')
        self.assertFalse(Order.search([('dsa_external_ref', '=', 'OFF/2')]))
        again = self.run_job('offers', 'offers_generic.csv')
        self.assertCounters(again, skipped=2, rejected=1)
        # the offer is confirmed in the accounting system: the quotation becomes an order
        confirmed = self.file_content('offers_generic.csv').replace(b',offerta,', b',ordine,')
        job = self.run_job('offers', content=confirmed)
        self.assertCounters(job, updated=1, skipped=1, rejected=1)
        self.assertEqual(offer.state, 'sale')
        self.assertEqual(Order.search_count([('dsa_external_ref', '=', 'OFF/1')]), 1)

    def test_order_answers_offer_with_pdf(self):
        content = (
            'reference,date,customer_code,customer_vat,status,product_code,description,'
            'quantity,price_unit,validity_date,offer_ref,pdf\n'
            'OFF/5,01/10/2025,CX01,,offerta,,Centralina,1,100,,,order_0042.pdf\n'
            'ORD/5,02/10/2025,CX01,,ordine,,Centralina,1,100,,OFF/5,\n'
            'ORD/6,02/10/2025,CX01,,ordine,,Centralina,1,100,,OFF/404,\n'
            'OFF/7,02/10/2025,CX01,,offerta,,Centralina,1,100,,,../order_0042.pdf\n'
            'OFF/8,02/10/2025,CX01,,offerta,,Centralina,1,100,,,/etc/passwd\n').encode()
        job = self.run_job('offers', content=content, source_path=FILES)
        self.assertCounters(job, created=2, rejected=3)
        self.assertEqual(self.log(job), [
            (4, 'offer_ref', 'unknown offer "OFF/404": import the offer before the order '
                             'that answers it'),
            (5, 'pdf', '"../order_0042.pdf" must be a file name inside the attachment folder'),
            (6, 'pdf', '"/etc/passwd" must be a file name inside the attachment folder'),
        ])
        Order = self.env['sale.order']
        offer = Order.search([('dsa_external_ref', '=', 'OFF/5')])
        order = Order.search([('dsa_external_ref', '=', 'ORD/5')])
        self.assertEqual(order.dsa_offer_id, offer)
        self.assertFalse(offer.dsa_offer_id)
        attachment = self.env['ir.attachment'].search([
            ('res_model', '=', 'sale.order'), ('res_id', '=', offer.id)])
        self.assertEqual(attachment.datas_fname, 'order_0042.pdf')
        self.assertEqual(base64.b64decode(attachment.datas), self.file_content('order_0042.pdf'))
        again = self.run_job('offers', content=content, source_path=FILES)
        self.assertCounters(again, skipped=2, rejected=3)
        self.assertEqual(self.env['ir.attachment'].search_count([
            ('res_model', '=', 'sale.order'), ('res_id', '=', offer.id)]), 1)

    def test_italian_offers_profile_maps_offer_and_pdf(self):
        content = (
            'Numero offerta;Data;Codice cliente;Partita IVA;Stato;Codice articolo;'
            'Descrizione;Quantità;Prezzo unitario;Validità;Offerta di riferimento;PDF\n'
            'OFF/IT1;01/10/2025;CX01;;offerta;;Centralina;1;100,00;;;order_0042.pdf\n'
            'ORD/IT1;02/10/2025;CX01;;ordine;;Centralina;1;100,00;;OFF/IT1;\n'
        ).encode('cp1252')
        job = self.run_job('offers', content=content, source_path=FILES,
                           profile='dsa_import_profile_italian_offers')
        self.assertCounters(job, created=2)
        Order = self.env['sale.order']
        offer = Order.search([('dsa_external_ref', '=', 'OFF/IT1')])
        self.assertEqual(Order.search([('dsa_external_ref', '=', 'ORD/IT1')]).dsa_offer_id,
                         offer)
        self.assertEqual(self.env['ir.attachment'].search_count([
            ('res_model', '=', 'sale.order'), ('res_id', '=', offer.id)]), 1)
