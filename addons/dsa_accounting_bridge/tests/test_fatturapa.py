"""E-invoices (FatturaPA, issue 24): issued and received, lotto, credit note, p7m in
DER and base64, portal zips with SDI receipts, schema failures, another company's
files, idempotence, unsafe archives; run by an accountant (import rights, not an
administrator), read by an agent of a demo zone."""
import base64
import io
import zipfile

from odoo.exceptions import AccessError
from odoo.tests.common import SavepointCase, at_install, post_install

from ..lib import fatturapa as lib
from . import fatturapa_samples as S

BUYER_MI = {'vat': 'IT07643520567', 'name': 'Termoidraulica Lombarda S.r.l.',
            'street': 'Via Torino', 'number': '5', 'zip': '20123', 'city': 'Milano',
            'province': 'MI'}
BUYER_NA = {'vat': 'IT01114601006', 'name': 'Clima Partenope S.r.l.', 'zip': '80100',
            'city': 'Napoli', 'province': 'NA'}
SUPPLIER = {'vat': 'IT09876540015', 'name': 'Forniture Caldaie S.p.A.', 'zip': '10100',
            'city': 'Torino', 'province': 'TO', 'email': 'fatture@forniture.example.com'}
PDF = b'%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'


@at_install(False)
@post_install(True)
class TestFatturaPA(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super(TestFatturaPA, cls).setUpClass()
        cls.env.user.company_id.write({'vat': S.COMPANY['vat']})
        cls.accountant = cls.env['res.users'].with_context(no_reset_password=True).create({
            'name': 'Contabile FatturaPA', 'login': 'contabile_fatturapa',
            'email': 'contabile@example.com',
            'groups_id': [(6, 0, [cls.env.ref('dsa_accounting_bridge.group_import_user').id])],
        })
        cls.product = cls.env['product.product'].create({
            'name': 'Caldaia a condensazione', 'default_code': 'CAL-24'})

    def run_file(self, name, content, user=None):
        """Upload and run a job as the accountant, synchronously."""
        Job = self.env['dsa.import.job'].sudo(user or self.accountant)
        job = Job.create({'kind': 'fatturapa', 'file_name': name,
                          'file': base64.b64encode(content)})
        job.with_context(dsa_import_sync=True).action_run()
        return job

    def log(self, job):
        return [(ln.column, ln.reason) for ln in job.line_ids]

    def assertCounters(self, job, created=0, updated=0, skipped=0, rejected=0):
        self.assertEqual(
            (job.count_created, job.count_updated, job.count_skipped, job.count_rejected),
            (created, updated, skipped, rejected), self.log(job))

    def invoices(self, numbers):
        return self.env['dsa.imported.invoice'].search(
            [('number', 'in', numbers), ('dsa_sdi_file_name', '!=', False)], order='number')

    def issued(self, number='FT/1', buyer=BUYER_MI, **kwargs):
        return S.invoice_xml(S.COMPANY, buyer, [S.body(number, lines=[
            S.line('Caldaia a condensazione 24 kW', 2, '1250.00', code='CAL-24', discount=10),
            S.line('Installazione', 1, '300.00'),
            S.line('Contributo esente', 1, '20.00', rate='0.00', nature='N4'),
        ])], **kwargs)

    # ------------------------------------------------------------------ issued

    def test_issued_invoice_customer_and_lines(self):
        job = self.run_file('IT00024681009_00001.xml', self.issued(
            codice_destinatario='M5UXCR1', pec='amministrazione@pec.lombarda.example.com'))
        self.assertCounters(job, created=1)
        self.assertEqual(job.state, 'done')
        invoice = self.invoices(['FT/1'])
        self.assertEqual(len(invoice), 1)
        customer = invoice.partner_id
        self.assertEqual((customer.name, customer.vat, customer.city, customer.state_id.code,
                          customer.zip, customer.customer),
                         (BUYER_MI['name'], BUYER_MI['vat'], 'Milano', 'MI', '20123', True))
        self.assertEqual(customer.dsa_codice_destinatario, 'M5UXCR1')
        self.assertEqual(customer.dsa_pec, 'amministrazione@pec.lombarda.example.com')
        # 2 x 1250 - 10% = 2250; + 300 at 22%; 20 exempt
        self.assertEqual((invoice.amount_untaxed, invoice.amount_tax, invoice.amount_total),
                         (2570.0, 561.0, 3131.0))
        self.assertEqual(invoice.date, '2025-03-14')
        self.assertEqual((invoice.dsa_document_type, invoice.dsa_sdi_file_name),
                         ('TD01', 'IT00024681009_00001.xml'))
        lines = invoice.line_ids
        self.assertEqual(lines.mapped('price_subtotal'), [2250.0, 300.0, 20.0])
        self.assertEqual(lines[0].product_id, self.product)
        self.assertEqual((lines[0].quantity, lines[0].price_unit, lines[0].dsa_discount),
                         (2.0, 1250.0, 10.0))
        self.assertEqual((lines[2].dsa_vat_rate, lines[2].dsa_vat_nature), (0.0, 'N4'))
        self.assertEqual(lines[1].dsa_vat_rate, 22.0)
        # the original XML, behind the form's button
        xml = base64.b64decode(invoice.dsa_sdi_xml)
        self.assertIn(b'<Numero>FT/1</Numero>', xml)
        self.assertEqual(invoice.dsa_sdi_xml_name, 'IT00024681009_00001.xml')
        action = invoice.sudo(self.accountant).action_open_sdi_xml()
        self.assertIn('model=dsa.imported.invoice&id=%d&field=dsa_sdi_xml' % invoice.id,
                      action['url'])

    def test_orm_path_gives_the_same_invoice(self):
        """The set-based INSERT and the ORM (dsa_import_orm) write the same values."""
        Job = self.env['dsa.import.job'].sudo(self.accountant)
        values = []
        for number, context in (('SET-1', {}), ('ORM-1', {'dsa_import_orm': True})):
            job = Job.create({'kind': 'fatturapa', 'file_name': '%s.xml' % number,
                              'file': base64.b64encode(self.issued(number=number))})
            job.with_context(dsa_import_sync=True, **context).action_run()
            self.assertCounters(job, created=1)
            invoice = self.invoices([number])
            values.append((invoice.partner_id, invoice.amount_untaxed, invoice.amount_total,
                           invoice.dsa_document_type, [
                               (ln.name, ln.quantity, ln.price_unit, ln.price_subtotal,
                                ln.product_id, ln.dsa_vat_rate, ln.dsa_vat_nature,
                                ln.dsa_discount, ln.partner_id, ln.date)
                               for ln in invoice.line_ids]))
        self.assertEqual(values[0], values[1])

    def test_existing_customer_matched_by_vat(self):
        existing = self.env['res.partner'].create({
            'name': 'Termoidraulica Lombarda', 'vat': BUYER_MI['vat'], 'is_company': True,
            'customer': True})
        job = self.run_file('a.xml', self.issued())
        self.assertCounters(job, created=1)
        self.assertEqual(self.invoices(['FT/1']).partner_id, existing)

    def test_private_buyer_by_fiscal_code(self):
        buyer = {'fiscal_code': 'RSSMRA80A01H501U', 'first_name': 'Mario',
                 'last_name': 'Rossi', 'city': 'Roma', 'province': 'RM'}
        job = self.run_file('b.xml', self.issued(number='7', buyer=buyer))
        self.assertCounters(job, created=1)
        partner = self.invoices(['7']).partner_id
        self.assertEqual((partner.name, partner.dsa_fiscal_code),
                         ('Mario Rossi', 'RSSMRA80A01H501U'))

    def test_lotto_and_credit_note(self):
        xml = S.invoice_xml(S.COMPANY, BUYER_MI, [
            S.body('101', lines=[S.line('Manutenzione', 1, '100.00')]),
            S.body('102', lines=[S.line('Ricambi', 3, '10.00')], total=False),
            S.body('NC1', kind='TD04', lines=[S.line('Storno ricambi', 1, '10.00')]),
        ])
        job = self.run_file('lotto.xml', xml)
        self.assertCounters(job, created=3)
        invoices = self.invoices(['101', '102', 'NC1'])
        self.assertEqual(invoices.mapped('amount_total'), [122.0, 36.6, -12.2])
        credit = invoices[2]
        self.assertEqual(credit.dsa_document_type, 'TD04')
        self.assertEqual((credit.amount_untaxed, credit.line_ids.price_subtotal),
                         (-10.0, -10.0))
        # the lotto's XML on each of its three documents
        self.assertEqual(set(invoices.mapped('dsa_sdi_xml_name')), {'lotto.xml'})
        # the revenue of the customer nets the credit note
        revenue = sum(invoices.mapped('amount_untaxed'))
        self.assertAlmostEqual(revenue, 100.0 + 30.0 - 10.0)

    def test_same_file_twice_and_repeated_in_archive(self):
        xml = self.issued()
        archive = S.zip_of([('IT00024681009_00001.xml', xml),
                            ('copia/IT00024681009_00001.xml', xml)])
        first = self.run_file('anno.zip', archive)
        self.assertCounters(first, created=1, skipped=1)
        partners = self.env['res.partner'].search_count([('vat', '=', BUYER_MI['vat'])])
        second = self.run_file('IT00024681009_00001.xml', xml)
        self.assertCounters(second, skipped=1)
        self.assertEqual(len(self.invoices(['FT/1'])), 1)
        self.assertEqual(self.env['res.partner'].search_count(
            [('vat', '=', BUYER_MI['vat'])]), partners)
        self.assertEqual(self.env['dsa.imported.invoice'].search_count(
            [('number', '=', 'FT/1')]), 1)

    def test_numbers_restart_every_year(self):
        first = S.invoice_xml(S.COMPANY, BUYER_MI, [
            S.body('1', date='2024-05-02', lines=[S.line('A', 1, 10)])])
        second = S.invoice_xml(S.COMPANY, BUYER_MI, [
            S.body('1', date='2025-05-02', lines=[S.line('B', 1, 20)])])
        self.assertCounters(self.run_file('a.xml', first), created=1)
        self.assertCounters(self.run_file('b.xml', second), created=1)
        self.assertEqual(sorted(self.invoices(['1']).mapped('amount_total')), [12.2, 24.4])

    # ------------------------------------------------------------------ received

    def test_received_invoice_supplier_purchase_with_attached_pdf(self):
        xml = S.invoice_xml(SUPPLIER, {'vat': S.COMPANY['vat'], 'name': S.COMPANY['name'],
                                       'city': 'Bologna', 'province': 'BO'},
                            [S.body('A-55', lines=[S.line('Caldaie', 4, '800.00')],
                                    pdf=('A-55.pdf', PDF), causale='Ordine 12/2025')])
        job = self.run_file('IT09876540015_0A1B2.xml', xml)
        self.assertCounters(job, created=1)
        purchase = self.env['dsa.supplier.purchase'].search([('number', '=', 'A-55')])
        self.assertEqual(len(purchase), 1)
        supplier = purchase.partner_id
        self.assertEqual((supplier.name, supplier.vat, supplier.supplier, supplier.customer,
                          supplier.email),
                         (SUPPLIER['name'], SUPPLIER['vat'], True, False,
                          'fatture@forniture.example.com'))
        self.assertEqual((purchase.amount, purchase.date, purchase.description,
                          purchase.dsa_document_type), (3904.0, '2025-03-14', 'Ordine 12/2025',
                                                        'TD01'))
        self.assertEqual(base64.b64decode(purchase.order_pdf), PDF)
        self.assertEqual(purchase.order_pdf_name, 'A-55.pdf')
        self.assertIn(b'<Numero>A-55</Numero>', base64.b64decode(purchase.dsa_sdi_xml))
        # nothing became an imported invoice (revenue)
        self.assertFalse(self.env['dsa.imported.invoice'].search([('number', '=', 'A-55')]))
        again = self.run_file('IT09876540015_0A1B2.xml', xml)
        self.assertCounters(again, skipped=1)

    def test_received_invoice_rendered_with_the_stylesheet(self):
        xml = S.invoice_xml(SUPPLIER, {'vat': S.COMPANY['vat'], 'name': S.COMPANY['name']},
                            [S.body('B-1', lines=[S.line('Valvole', 2, '15.00')])])
        job = self.run_file('IT09876540015_0A1B3.xml', xml)
        self.assertCounters(job, created=1)
        purchase = self.env['dsa.supplier.purchase'].search([('number', '=', 'B-1')])
        from odoo.modules.module import get_module_path
        if not get_module_path('l10n_it_fatturapa', display_warning=False):
            self.skipTest('odoo11-addon-l10n-it-fatturapa is not installed')
        self.assertTrue(base64.b64decode(purchase.order_pdf).startswith(b'%PDF'))
        self.assertEqual(purchase.order_pdf_name, 'IT09876540015_0A1B3.pdf')

    # ------------------------------------------------------------------ containers

    def test_p7m_der_and_base64(self):
        der = S.sign_p7m(self.issued(number='P7M-DER'))
        b64 = S.sign_p7m(self.issued(number='P7M-B64'), base64_encoded=True)
        self.assertTrue(der.startswith(b'\x30') and b64.startswith(b'MI'))
        self.assertCounters(self.run_file('IT00024681009_00010.xml.p7m', der), created=1)
        self.assertCounters(self.run_file('IT00024681009_00011.xml.p7m', b64), created=1)
        invoices = self.invoices(['P7M-B64', 'P7M-DER'])
        self.assertEqual(len(invoices), 2)
        # the XML kept is the signed content, without its envelope
        xml = base64.b64decode(invoices[0].dsa_sdi_xml)
        self.assertTrue(xml.startswith(b'<?xml'))
        self.assertEqual(invoices[0].dsa_sdi_xml_name, 'IT00024681009_00011.xml')

    def test_zip_with_receipts_schema_failure_and_other_company(self):
        bad = S.invoice_xml(S.COMPANY, BUYER_NA, [S.body('BAD', lines=[S.line('x', 1, 1)])],
                            drop='CedentePrestatore')
        other = S.invoice_xml({'vat': 'IT05555550010', 'name': 'Altra S.r.l.'}, BUYER_MI,
                              [S.body('ALTRA', lines=[S.line('x', 1, 1)])])
        archive = S.zip_of([
            ('IT00024681009_00001.xml', self.issued(number='Z1')),
            ('IT00024681009_00001_RC_001.xml', S.receipt_xml()),
            ('IT00024681009_00001_MT_001.xml', S.receipt_xml()),
            ('IT00024681009_00002.xml.p7m', S.sign_p7m(self.issued(number='Z2', buyer=BUYER_NA))),
            ('IT00024681009_00003.xml', bad),
            ('IT05555550010_00001.xml', other),
            ('leggimi.txt', b'scaricato dal portale'),
        ])
        job = self.run_file('fatture_2025.zip', archive)
        self.assertCounters(job, created=2, rejected=2)
        self.assertEqual(job.state, 'done_errors')
        self.assertEqual(job.count_files_skipped, 3)
        self.assertEqual(len(self.invoices(['Z1', 'Z2'])), 2)
        self.assertFalse(self.env['dsa.imported.invoice'].search(
            [('number', 'in', ['BAD', 'ALTRA'])]))
        log = dict(self.log(job))
        self.assertEqual(log['IT00024681009_00003.xml'],
                         'header: CedentePrestatore is missing (found CessionarioCommittente)')
        self.assertIn('not an invoice of this company', log['IT05555550010_00001.xml'])
        self.assertIn('IT05555550010', log['IT05555550010_00001.xml'])
        self.assertIn(BUYER_MI['vat'], log['IT05555550010_00001.xml'])
        # nothing of the refused file: not even its customer
        self.assertFalse(self.env['res.partner'].search([('name', '=', 'Altra S.r.l.')]))

    def test_schema_error_names_the_body(self):
        tree = S.invoice_tree(S.COMPANY, BUYER_MI, [
            S.body('OK1', lines=[S.line('x', 1, 1)]), S.body('KO2', lines=[S.line('y', 1, 1)])])
        general = tree[2][0][0]
        general.remove(general.find('Data'))
        from lxml import etree
        job = self.run_file('IT00024681009_FPR99.xml', etree.tostring(tree))
        self.assertCounters(job, rejected=1)
        self.assertEqual(self.log(job), [('IT00024681009_FPR99.xml',
                                          'body 2: Data is missing (found Numero)')])
        self.assertFalse(self.invoices(['OK1', 'KO2']))

    def test_simplified_invoice_refused_by_name(self):
        xml = (b'<?xml version="1.0"?><p:FatturaElettronicaSemplificata '
               b'xmlns:p="http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.0" '
               b'versione="FSM10"/>')
        job = self.run_file('IT00024681009_00099.xml', xml)
        self.assertCounters(job, rejected=1)
        self.assertIn('FSM10', self.log(job)[0][1])

    def test_unsafe_input(self):
        xxe = (b'<?xml version="1.0"?><!DOCTYPE p:FatturaElettronica [<!ENTITY x SYSTEM '
               b'"file:///etc/passwd">]><p:FatturaElettronica xmlns:p="' + S.NS.encode() +
               b'" versione="FPR12">&x;</p:FatturaElettronica>')
        # the parser does not expand the entity; the file is refused for its DOCTYPE
        from lxml import etree
        root = etree.fromstring(xxe, lib.safe_parser())
        self.assertNotIn('root:', ''.join(root.itertext()))
        with self.assertRaises(lib.FatturaPAError):
            lib.parse_xml(xxe)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, 'w') as archive:
            archive.writestr('../../etc/cron.d/evil.xml', self.issued(number='EVIL1'))
            archive.writestr('/tmp/evil.xml', self.issued(number='EVIL2'))
            archive.writestr('ok.xml', self.issued(number='OK'))
        job = self.run_file('evil.zip', buffer.getvalue())
        self.assertCounters(job, created=1, rejected=2)
        self.assertFalse(self.invoices(['EVIL1', 'EVIL2']))
        job = self.run_file('xxe.xml', xxe)
        self.assertCounters(job, rejected=1)
        self.assertIn('DOCTYPE', str(self.log(job)))

    def test_size_limits_apply_to_members(self):
        big = S.zip_of([('big.xml', b'<a>' + b' ' * (3 * 1024 * 1024) + b'</a>'),
                        ('ok.xml', self.issued(number='SMALL'))])
        from odoo.tools import config
        old = config.get('dsa_import_max_file_mb')
        config['dsa_import_max_file_mb'] = 1
        try:
            job = self.run_file('big.zip', big)
        finally:
            config['dsa_import_max_file_mb'] = old
        self.assertCounters(job, created=1, rejected=1)
        self.assertIn('size limit', self.log(job)[0][1])

    def test_drop_folder_takes_zips_and_p7m(self):
        import os
        import shutil
        import tempfile
        import time
        from odoo.tools import config
        folder = tempfile.mkdtemp(prefix='dsa_fatturapa_drop_')
        self.addCleanup(shutil.rmtree, folder, True)
        old = config.options.get('dsa_import_drop_folder')
        config.options['dsa_import_drop_folder'] = folder
        self.addCleanup(config.options.__setitem__, 'dsa_import_drop_folder', old)
        self.env['ir.config_parameter'].sudo().set_param(
            'dsa_accounting_bridge.drop_folder_min_age', '0')
        for name, content in (
                ('fatture_2025.zip', S.zip_of([('a.xml', self.issued(number='DROP-1')),
                                               ('r.xml', S.receipt_xml())])),
                ('IT00024681009_00077.xml.p7m', S.sign_p7m(self.issued(number='DROP-2')))):
            path = os.path.join(folder, name)
            with open(path, 'wb') as handle:
                handle.write(content)
            os.utime(path, (time.time() - 60, time.time() - 60))
        Job = self.env['dsa.import.job'].with_context(dsa_drop_folder_savepoint=True)
        jobs = Job.browse(Job._cron_import_drop_folder())
        self.assertEqual(sorted(jobs.mapped('kind')), ['fatturapa', 'fatturapa'])
        self.assertEqual(sorted(jobs.mapped('count_created')), [1, 1], [
            j.error_message for j in jobs])
        self.assertEqual(len(self.invoices(['DROP-1', 'DROP-2'])), 2)
        self.assertEqual(sorted(os.listdir(os.path.join(folder, 'done'))).__len__(), 2)

    def test_file_name_chooses_the_kind(self):
        Job = self.env['dsa.import.job'].sudo(self.accountant)
        job = Job.create({'kind': 'invoices', 'file_name': 'IT00024681009_00001.xml',
                          'file': base64.b64encode(self.issued(number='KIND'))})
        job.with_context(dsa_import_sync=True).action_run()
        self.assertEqual((job.kind, job.count_created), ('fatturapa', 1))

    def test_queued_run(self):
        Job = self.env['dsa.import.job'].sudo(self.accountant)
        job = Job.create({'kind': 'fatturapa', 'file_name': 'q.zip', 'file': base64.b64encode(
            S.zip_of([('q1.xml', self.issued(number='Q1')), ('r.xml', S.receipt_xml())]))})
        job.with_context(test_queue_job_no_delay=True)._enqueue()
        self.assertEqual((job.state, job.count_created, job.count_files_skipped),
                         ('done', 1, 1))

    # ------------------------------------------------------------------ agents

    def test_agent_sees_only_the_customers_of_their_zone(self):
        agent = self.env.ref('dsa_crm.user_agent_north_demo', raise_if_not_found=False)
        if not agent:
            self.skipTest('dsa_crm is not installed')
        archive = S.zip_of([
            ('IT00024681009_00001.xml', self.issued(number='NORD-1')),
            ('IT00024681009_00002.xml', self.issued(number='SUD-1', buyer=BUYER_NA)),
        ])
        self.assertCounters(self.run_file('zone.zip', archive), created=2)
        north, south = self.invoices(['NORD-1']), self.invoices(['SUD-1'])
        self.assertEqual(north.partner_id.dsa_zone_id,
                         self.env.ref('dsa_crm.dsa_zone_north_demo'))
        Partner = self.env['res.partner'].sudo(agent)
        found = Partner.search([('vat', 'in', [BUYER_MI['vat'], BUYER_NA['vat']])])
        self.assertEqual(found.ids, north.partner_id.ids)
        Invoice = self.env['dsa.imported.invoice'].sudo(agent)
        visible = Invoice.search([('dsa_sdi_file_name', '!=', False),
                                  ('number', 'in', ['NORD-1', 'SUD-1'])])
        self.assertEqual(visible.ids, north.ids)
        revenue = Invoice.read_group([('number', 'in', ['NORD-1', 'SUD-1'])],
                                     ['partner_id', 'amount_untaxed'], ['partner_id'])
        self.assertEqual([(r['partner_id'][0], r['amount_untaxed']) for r in revenue],
                         [(north.partner_id.id, 2570.0)])
        with self.assertRaises(AccessError):
            Invoice.browse(south.id).read(['amount_total'])
        with self.assertRaises(AccessError):
            Invoice.browse(south.id).read(['dsa_sdi_xml'])
        self.assertTrue(Invoice.browse(north.id).read(['dsa_sdi_xml'])[0]['dsa_sdi_xml'])

    def test_agent_cannot_import(self):
        agent = self.env.ref('dsa_crm.user_agent_north_demo', raise_if_not_found=False)
        if not agent:
            self.skipTest('dsa_crm is not installed')
        with self.assertRaises(AccessError):
            self.run_file('x.xml', self.issued(number='AG'), user=agent)

    # ------------------------------------------------------------------ demo, Italian

    def test_demo_job_imports(self):
        demo = self.env.ref('dsa_accounting_bridge.dsa_import_job_fatturapa_demo',
                            raise_if_not_found=False)
        if not demo:
            self.skipTest('demo data not loaded')
        job = demo.sudo(self.accountant)
        job.with_context(dsa_import_sync=True).action_run()
        self.assertCounters(job, created=4)
        self.assertEqual(job.count_files_skipped, 1)
        credit = self.env['dsa.imported.invoice'].search([('number', '=', 'NC/2025/3')])
        self.assertEqual((credit.amount_total, credit.partner_id.dsa_pec),
                         (-219.6, 'amministrazione@pec.climapartenope.example.com'))
        purchase = self.env['dsa.supplier.purchase'].search([('number', '=', 'F-2025-0456')])
        self.assertEqual(purchase.amount, 921.1)

    def test_messages_in_italian(self):
        import os
        from odoo.tools import trans_load
        self.env['res.lang'].load_lang('it_IT')
        po = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                          'i18n', 'it.po')
        trans_load(self.env.cr, po, 'it_IT', verbose=False)
        self.accountant.lang = 'it_IT'
        bad = S.invoice_xml(S.COMPANY, BUYER_NA, [S.body('BAD', lines=[S.line('x', 1, 1)])],
                            drop='CedentePrestatore')
        job = self.run_file('IT00024681009_FPR99.xml', bad)
        self.assertEqual(self.log(job), [(
            'IT00024681009_FPR99.xml',
            'intestazione: manca CedentePrestatore (trovato CessionarioCommittente)')])
