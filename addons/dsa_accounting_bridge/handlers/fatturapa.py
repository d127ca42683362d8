"""FatturaPA e-invoices: issued ones become customers and imported invoices,
received ones suppliers and supplier purchases; the cycle is decided per file by
the company's own VAT number.

Files are read, validated and parsed first (lib/fatturapa.py, no database), then
written a batch at a time: customers and suppliers through the customer import's
own matching and creation (CustomerHandler: VAT, then fiscal code, code, email,
phone), then each file's documents in a savepoint of its own, so that a file the
database refuses is rejected whole and the others go on."""
import base64
import io
import logging
import os

from lxml import etree

import psycopg2

from odoo import _, fields
from odoo.modules.module import get_module_path

from ..lib import fatturapa, normalize
from .base import QUIET
from .customers import CustomerHandler

_logger = logging.getLogger(__name__)

# files (not bodies) parsed before their partners and documents are written
FILE_BATCH = 200
# the placeholder codes of DatiTrasmissione that name no recipient
NO_RECIPIENT = ('0000000', 'XXXXXXX', '000000')
# the tax authority's stylesheet, from OCA's l10n_it_fatturapa (installed --no-deps,
# requirements-nodeps.txt): the rendering of a received invoice without a PDF
XSL_MODULE = 'l10n_it_fatturapa'
XSL_FILE = os.path.join('data', 'fatturaordinaria_v1.2.1.xsl')
# stored fields that the set-based INSERT writes itself (computed ones included)
INVOICE_COLUMNS = ('number', 'date', 'partner_id', 'source_system', 'currency_id',
                   'company_id', 'amount_untaxed', 'amount_tax', 'amount_total',
                   'import_job_id', 'dsa_sdi_file_name', 'dsa_document_type', 'dsa_sdi_xml',
                   'dsa_sdi_xml_name')
LINE_COLUMNS = ('invoice_id', 'sequence', 'product_id', 'name', 'quantity', 'price_unit',
                'price_subtotal', 'partner_id', 'date', 'dsa_discount', 'dsa_vat_rate',
                'dsa_vat_nature')
CUSTOMER_KEYS = ('name', 'vat', 'fiscal_code', 'email', 'phone', 'street', 'zip', 'city',
                 'province', 'country')


class FileRow(object):
    """A file of the upload where the job log expects a row: its position in the
    upload (number) and its name (raw, shown in the log)."""
    __slots__ = ('number', 'raw', 'positions', '_values')

    def __init__(self, number, name, values=None):
        self.number = number
        self.raw = [name]
        self.positions = {}
        self._values = values or {}

    @property
    def values(self):
        return self._values

    def get(self, key):
        return self._values.get(key)


class ParsedFile(object):
    """A valid file of this company: its cycle ('issued' or 'received'), the other
    party, the bodies and the XML to keep."""
    __slots__ = ('row', 'name', 'cycle', 'party', 'header', 'bodies', 'xml',
                 'partner_id')

    def __init__(self, row, name, cycle, header, bodies, xml):
        self.row, self.name, self.cycle = row, name, cycle
        self.header, self.bodies, self.xml = header, bodies, xml
        self.party = header['buyer'] if cycle == 'issued' else header['seller']
        self.partner_id = None


class SubResult(object):
    """The counters and errors of the partner step, kept apart from the job's
    (which counts documents)."""

    def __init__(self):
        self.created = self.updated = self.skipped = self.rejected = 0
        self.rows_done = 0
        self.errors = []
        self.columns = {}

    def reject(self, row, errors, count=True):
        if count:
            self.rejected += 1
        for column, message in errors:
            self.errors.append((row.number, column, message, row.raw))


class FatturaPAImporter(object):
    """Imports the FatturaPA files of one job (one run)."""

    def __init__(self, job, profile, result):
        self.job, self.env, self.profile, self.result = job, job.env, profile, result
        self.source_prefix = profile.source_system or 'sdi'
        self.partners = CustomerHandler(job, profile, SubResult())
        self.files_skipped = 0
        self.file_number = 0
        self._xsl = None
        company = self.env.user.company_id
        try:
            self.company_vat = normalize.normalize_vat(company.vat or '')
        except ValueError:
            self.company_vat = ''
        self.company_name = company.name

    # ------------------------------------------------------------------ reading

    def run(self, name, stream):
        """Read every file of the upload and write them, FILE_BATCH at a time."""
        if not self.company_vat:
            raise fatturapa.FatturaPAError(
                _('the company %s has no VAT number: e-invoices are assigned to the '
                  'issued or received cycle by it') % self.company_name)
        limit = self.job._max_file_size()
        batch = []
        for member, content, error in fatturapa.iter_files(
                name, stream, limit, self.job._max_xlsx_uncompressed()):
            self.file_number += 1
            row = FileRow(self.file_number, member)
            self.result.rows_total += 1
            if error is not None:
                self.reject(row, error)
                continue
            parsed = self.read_file(row, member, content)
            if parsed:
                batch.append(parsed)
            if len(batch) >= FILE_BATCH:
                self.write_batch(batch)
                batch = []
                self.job._end_batch(self.result)
        if batch:
            self.write_batch(batch)
        self.job._end_batch(self.result)

    def message(self, error):
        """The error in the user's language: where (header, body n), then what."""
        text = _(error.template) % error.params if error.params else _(error.template)
        if error.where:
            text = (_(error.where[0]) % error.where[1]) + text
        return text

    def reject(self, row, error):
        """One file refused: the log names the file, the message says why."""
        text = error if isinstance(error, str) else self.message(error)
        self.result.reject(row, [(row.raw[0], text)])
        self.result.rows_done += 1

    def read_file(self, row, name, content):
        """ParsedFile of a valid invoice of this company; None for a file skipped
        (receipt, notification) or rejected (logged)."""
        lower = name.lower()
        if not lower.endswith(('.xml', '.p7m')):
            self.skip(name)
            return None
        try:
            tree = fatturapa.parse_xml(content)
        except fatturapa.FatturaPAError as exc:
            self.reject(row, exc)
            return None
        kind = fatturapa.kind_of(tree)
        if kind == 'other':
            self.skip(name)
            return None
        if kind == 'simplified':
            self.reject(row, _('simplified invoices (FSM10) are not imported: only ordinary '
                               'invoices (FPR12, FPA12)'))
            return None
        try:
            fatturapa.validate(tree)
        except fatturapa.FatturaPAError as exc:
            self.reject(row, exc)
            return None
        header, bodies = fatturapa.read_invoice(tree)
        cycle = self.cycle(header)
        if not cycle:
            self.reject(row, _('not an invoice of this company (%s): seller %s, buyer %s') % (
                self.company_vat, header['seller']['vat'] or header['seller']['fiscal_code'],
                header['buyer']['vat'] or header['buyer']['fiscal_code']))
            return None
        xml = content if content.lstrip().startswith(b'<') else etree.tostring(
            tree, xml_declaration=True, encoding='UTF-8')
        return ParsedFile(row, name, cycle, header, bodies, xml)

    def skip(self, name):
        """A file of the archive that is not an invoice (SDI receipt, metadata):
        counted, not an error."""
        self.files_skipped += 1
        self.result.rows_done += 1
        _logger.debug('Import job %s: %s skipped (not an invoice)', self.job.id, name)

    def vat_of(self, party):
        try:
            return normalize.normalize_vat(party['vat']) if party['vat'] else ''
        except ValueError:
            return party['vat']

    def cycle(self, header):
        """'issued' when the company is the seller, 'received' when it is the buyer."""
        if self.vat_of(header['seller']) == self.company_vat:
            return 'issued'
        if self.vat_of(header['buyer']) == self.company_vat:
            return 'received'
        return None

    # ------------------------------------------------------------------ partners

    def partner_row(self, parsed):
        """The other party as a row of the customer import."""
        party = dict(parsed.party)
        if party['country'] and party['country'] != 'IT':
            party['province'] = ''   # 'EE' and the like: Italian provinces only
        return FileRow(parsed.row.number, parsed.name,
                       {key: party.get(key) or None for key in CUSTOMER_KEYS})

    def match_partners(self, batch):
        """Find or create the customers (issued) and suppliers (received) of the batch
        with the customer import's matching; a file whose party cannot be saved is
        rejected. Sets ParsedFile.partner_id."""
        handler = self.partners
        handler.result = SubResult()
        rows = [self.partner_row(parsed) for parsed in batch]
        items = handler.match(handler.parse(rows))
        created = set()
        for item in items:
            if item.old is None:
                created.add(item.partner_id)
        handler.write(handler.prepare(items))
        by_row = {}
        for item in items:
            partner_id = item.partner_id
            if partner_id < 0:
                partner_id = handler.index.alias.get(partner_id)
            by_row[item.row.number] = (partner_id, item.partner_id in created)
        errors = {}
        for number, column, message, _raw in handler.result.errors:
            errors.setdefault(number, []).append(message)
        kept, new_suppliers = [], []
        for parsed in batch:
            partner_id, is_new = by_row.get(parsed.row.number, (None, False))
            if not partner_id:
                reason = '; '.join(errors.get(parsed.row.number, [])) or _('not saved')
                label = _('customer') if parsed.cycle == 'issued' else _('supplier')
                self.reject(parsed.row, _('%s %s: %s') % (label, parsed.party['name'], reason))
                continue
            parsed.partner_id = partner_id
            if is_new and parsed.cycle == 'received':
                new_suppliers.append(partner_id)
            kept.append(parsed)
        self.complete_partners(kept, new_suppliers)
        return kept

    def complete_partners(self, batch, new_suppliers):
        """What the customer import does not set: Codice destinatario and PEC of the
        buyer (issued), the customer and supplier flags. Written only where they
        differ."""
        Partner = self.env['res.partner'].with_context(**QUIET)
        wanted = {}
        for parsed in batch:
            vals = wanted.setdefault(parsed.partner_id, {})
            if parsed.cycle == 'issued':
                vals['customer'] = True
                code = parsed.header['codice_destinatario'].upper()
                if code and code not in NO_RECIPIENT:
                    vals['dsa_codice_destinatario'] = code
                if parsed.header['pec']:
                    vals['dsa_pec'] = parsed.header['pec'].lower()
            else:
                vals['supplier'] = True
                if parsed.partner_id in new_suppliers:
                    vals['customer'] = False
        if not wanted:
            return
        current = {p['id']: p for p in Partner.browse(list(wanted)).read(
            ['customer', 'supplier', 'dsa_codice_destinatario', 'dsa_pec'])}
        for partner_id, vals in wanted.items():
            changes = {k: v for k, v in vals.items() if current[partner_id][k] != v}
            if changes:
                Partner.browse(partner_id).write(changes)

    # ------------------------------------------------------------------ documents

    def write_batch(self, batch):
        batch = self.match_partners(batch)
        if not self.env.context.get('dsa_import_orm'):
            batch = self.insert_new_invoices(batch)
        for parsed in batch:
            try:
                with self.env.cr.savepoint():
                    outcomes = self.write_file(parsed)
            except Exception as exc:  # the database refused it: the whole file
                _logger.info('Import job %s: %s not saved', self.job.id, parsed.name,
                             exc_info=True)
                self.reject(parsed.row, _('not saved: %s') % exc)
                continue
            for outcome in outcomes:
                setattr(self.result, outcome, getattr(self.result, outcome) + 1)
            self.result.rows_done += 1

    def source_system(self, body):
        """Invoice numbers restart every year and credit notes may have their own
        series: the source system of a document is the profile's, its year and its
        type (e.g. sdi/2025/TD01), which keeps (source system, number) unique."""
        return '%s/%s/%s' % (self.source_prefix, body['date'][:4], body['type'])

    def sdi_values(self, parsed, body):
        return {
            'dsa_sdi_file_name': os.path.basename(parsed.name),
            'dsa_document_type': body['type'],
        }

    @staticmethod
    def xml_name(parsed):
        """The XML's file name: a signed file's without its .p7m."""
        name = os.path.basename(parsed.name)
        return name[:-4] if name.lower().endswith('.p7m') else name

    def xml_values(self, parsed):
        """The original XML (inside a .p7m: the signed content), kept on the document."""
        return {'dsa_sdi_xml': base64.b64encode(parsed.xml),
                'dsa_sdi_xml_name': self.xml_name(parsed)}

    def currency_id(self, body):
        return self.partners.currencies.get(body['currency']) or \
            self.partners.company_currency()

    def write_file(self, parsed):
        """The documents of one file: list of outcomes (created, updated, skipped)."""
        if parsed.cycle == 'issued':
            return self.write_invoices(parsed)
        return self.write_purchases(parsed)

    def invoice_lines(self, body):
        products = self.partners.products
        lines = []
        for number, item in enumerate(body['lines'], 1):
            code = item['code'].strip().upper()
            lines.append({
                'sequence': number,
                'name': item['name'] or '/',
                'quantity': float(item['quantity']),
                'price_unit': float(item['price_unit']),
                'price_subtotal': float(body['sign'] * item['price_subtotal']),
                'product_id': products.get(code) or False if code else False,
                'dsa_discount': float(item['discount']),
                'dsa_vat_rate': float(item['vat_rate']),
                'dsa_vat_nature': item['vat_nature'] or False,
            })
        return lines

    def write_invoices(self, parsed):
        Invoice = self.env['dsa.imported.invoice'].with_context(**QUIET)
        outcomes = []
        for body in parsed.bodies:
            source = self.source_system(body)
            vals = dict(self.sdi_values(parsed, body), **{
                'partner_id': parsed.partner_id, 'date': body['date'],
                'currency_id': self.currency_id(body),
                'amount_untaxed': float(body['amount_untaxed']),
                'amount_tax': float(body['amount_tax']),
                'amount_total': float(body['amount_total']),
            })
            lines = self.invoice_lines(body)
            old = Invoice.search([('source_system', '=', source),
                                  ('number', '=', body['number'])], limit=1)
            if not old:
                Invoice.create(dict(
                    vals, number=body['number'], source_system=source,
                    import_job_id=self.job.id, line_ids=[(0, 0, ln) for ln in lines],
                    **self.xml_values(parsed)))
                outcomes.append('created')
                continue
            changes = self.changes(old, vals)
            if self.lines_differ(old, lines):
                changes['line_ids'] = [(5, 0, 0)] + [(0, 0, ln) for ln in lines]
            if changes or not old.dsa_sdi_xml_name:
                changes.update(self.xml_values(parsed))
            if changes:
                old.write(changes)
                outcomes.append('updated')
            else:
                outcomes.append('skipped')
        return outcomes

    # ------------------------------------------------------------------ set-based

    def insert_new_invoices(self, batch):
        """Issued files whose invoices are all new, in two multi-row INSERTs
        (invoices, then lines); returns the files left to the ORM path (received
        ones, invoices imported before, a number twice in the batch, or the whole
        batch when the INSERT fails).

        Measured (bench/bench_fatturapa.py): Invoice.create() with its lines costs
        about 23 queries per invoice (mail.thread, the stored related fields of the
        lines, one INSERT per line), 11 invoices/s on the shared machine. Here the
        stored related fields of the lines (customer, date) are written from the
        values at hand, any other stored computed field is recomputed by the ORM,
        and access rights and record rules are checked as create() would."""
        issued = [p for p in batch if p.cycle == 'issued']
        if not issued:
            return batch
        keys = [(self.source_system(body), body['number']) for p in issued for body in p.bodies]
        Invoice = self.env['dsa.imported.invoice']
        Invoice.check_access_rights('create')
        cr = self.env.cr
        cr.execute('SELECT source_system, number FROM dsa_imported_invoice '
                   'WHERE (source_system, number) IN %s', (tuple(keys),))
        taken = set(cr.fetchall())
        fast, rest = [], [p for p in batch if p.cycle != 'issued']
        for parsed in issued:
            mine = [(self.source_system(body), body['number']) for body in parsed.bodies]
            if taken.intersection(mine) or len(set(mine)) < len(mine):
                rest.append(parsed)
            else:
                taken.update(mine)
                fast.append(parsed)
        if not fast:
            return batch
        try:
            with cr.savepoint():
                ids = self.insert_invoices(fast)
        except Exception:
            _logger.info('E-invoice batch of job %s retried file by file', self.job.id,
                         exc_info=True)
            self.env.clear()
            return batch
        for parsed in fast:
            self.result.created += len(parsed.bodies)
            self.result.rows_done += 1
        _logger.debug('Import job %s: %d invoices inserted', self.job.id, len(ids))
        return sorted(rest, key=lambda p: p.row.number)

    def insert_invoices(self, files):
        """INSERT the invoices of the files and their lines; returns the invoice ids."""
        cr, uid, now = self.env.cr, self.env.uid, fields.Datetime.now()
        company_id, job_id = self.env.user.company_id.id, self.job.id or None
        Invoice = self.env['dsa.imported.invoice']
        heads, bodies = [], []
        for parsed in files:
            xml = self.xml_values(parsed)
            for body in parsed.bodies:
                heads.append(cr.mogrify(
                    '(%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)', (
                        body['number'], body['date'], parsed.partner_id,
                        self.source_system(body), self.currency_id(body), company_id,
                        float(body['amount_untaxed']), float(body['amount_tax']),
                        float(body['amount_total']), job_id,
                        os.path.basename(parsed.name), body['type'],
                        psycopg2.Binary(xml['dsa_sdi_xml']), xml['dsa_sdi_xml_name'],
                        uid, uid, now, now)))
                bodies.append((parsed, body))
        # values bound by mogrify above; the columns are this addon's fields
        cr.execute(  # pylint: disable=sql-injection
            'INSERT INTO dsa_imported_invoice (number, date, partner_id, source_system, '
            'currency_id, company_id, amount_untaxed, amount_tax, amount_total, '
            'import_job_id, dsa_sdi_file_name, dsa_document_type, dsa_sdi_xml, '
            'dsa_sdi_xml_name, create_uid, write_uid, create_date, write_date) VALUES ' +
            b','.join(heads).decode() + ' RETURNING id')
        ids = [row[0] for row in cr.fetchall()]
        lines = []
        for invoice_id, (parsed, body) in zip(ids, bodies):
            for line in self.invoice_lines(body):
                lines.append(cr.mogrify(
                    '(%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)', (
                        invoice_id, line['sequence'], line['product_id'] or None,
                        line['name'], line['quantity'], line['price_unit'],
                        line['price_subtotal'], parsed.partner_id, body['date'],
                        line['dsa_discount'], line['dsa_vat_rate'],
                        line['dsa_vat_nature'] or None, uid, uid, now, now)))
        line_ids = []
        if lines:
            cr.execute(  # pylint: disable=sql-injection
                'INSERT INTO dsa_imported_invoice_line (invoice_id, sequence, product_id, '
                'name, quantity, price_unit, price_subtotal, partner_id, date, dsa_discount, '
                'dsa_vat_rate, dsa_vat_nature, create_uid, write_uid, create_date, '
                'write_date) VALUES ' + b','.join(lines).decode() + ' RETURNING id')
            line_ids = [row[0] for row in cr.fetchall()]
        self.recompute_others(Invoice.browse(ids), INVOICE_COLUMNS)
        self.recompute_others(self.env['dsa.imported.invoice.line'].browse(line_ids),
                              LINE_COLUMNS)
        Invoice.browse(ids).check_access_rule('create')
        return ids

    def recompute_others(self, records, written):
        """Stored computed fields that the INSERT did not write (another module's)."""
        others = [field for name, field in records._fields.items()
                  if field.store and field.compute and name not in written]
        if records and others:
            for field in others:
                self.env.add_todo(field, records)
            records.recompute()

    @staticmethod
    def changes(record, vals):
        changes = {}
        for key, value in vals.items():
            current = record[key]
            if hasattr(current, 'id') and not isinstance(current, (str, bytes)):
                current = current.id
            if isinstance(value, float):
                if abs((current or 0.0) - value) > 0.005:
                    changes[key] = value
            elif (current or False) != (value or False):
                changes[key] = value
        return changes

    @staticmethod
    def lines_differ(invoice, lines):
        keys = ('name', 'quantity', 'price_unit', 'price_subtotal', 'dsa_vat_rate',
                'dsa_vat_nature', 'dsa_discount')
        old = [tuple(ln[k] or False for k in keys) + (ln.product_id.id or False,)
               for ln in invoice.line_ids]
        new = [tuple(ln[k] or False for k in keys) + (ln['product_id'] or False,)
               for ln in lines]
        return old != new

    # ------------------------------------------------------------------ received

    def purchase_pdf(self, parsed, body):
        """(content, name) of the purchase's PDF: the one attached in Allegati, else
        the invoice rendered with the tax authority's stylesheet; None without it."""
        for name, text in body['pdfs']:
            content = fatturapa.decode_pdf(text)
            if content:
                return content, name or '%s.pdf' % body['number']
        html = self.render_html(parsed)
        if html is None:
            return None
        report = self.env['ir.actions.report']
        content = report._run_wkhtmltopdf([html.encode('utf-8')])
        base = os.path.basename(parsed.name).split('.')[0]
        return content, '%s.pdf' % base

    def render_html(self, parsed):
        """The invoice as Italian accountants read it: the tax authority's XSL
        (fatturaordinaria_v1.2.1.xsl) applied with lxml, no file or network access
        from the stylesheet. None when OCA's l10n_it_fatturapa is not installed."""
        if self._xsl is None:
            path = get_module_path(XSL_MODULE, display_warning=False)
            path = path and os.path.join(path, XSL_FILE)
            if not path or not os.path.isfile(path):
                _logger.warning('%s not found (%s --no-deps, requirements-nodeps.txt): '
                                'received invoices without a PDF get none',
                                XSL_FILE, XSL_MODULE)
                self._xsl = False
            else:
                self._xsl = etree.XSLT(etree.parse(path, fatturapa.safe_parser()),
                                       access_control=etree.XSLTAccessControl.DENY_ALL)
        if not self._xsl:
            return None
        tree = etree.parse(io.BytesIO(parsed.xml), fatturapa.safe_parser())
        return str(self._xsl(tree))

    def write_purchases(self, parsed):
        Purchase = self.env['dsa.supplier.purchase'].with_context(**QUIET)
        outcomes = []
        for body in parsed.bodies:
            source = self.source_system(body)
            description = body['description'] or '\n'.join(
                ln['name'] for ln in body['lines'][:5] if ln['name'])
            vals = dict(self.sdi_values(parsed, body), **{
                'date': body['date'], 'currency_id': self.currency_id(body),
                'amount': float(body['amount_total']), 'description': description or False,
            })
            old = Purchase.search([('source_system', '=', source),
                                   ('partner_id', '=', parsed.partner_id),
                                   ('number', '=', body['number'])], limit=1)
            changes = self.changes(old, vals) if old else None
            if old and not changes and old.dsa_sdi_xml_name and old.order_pdf_name:
                outcomes.append('skipped')
                continue
            vals.update(self.xml_values(parsed))
            pdf = self.purchase_pdf(parsed, body)
            if pdf:
                vals.update({'order_pdf': base64.b64encode(pdf[0]), 'order_pdf_name': pdf[1]})
            if not old:
                Purchase.create(dict(
                    vals, partner_id=parsed.partner_id, number=body['number'],
                    source_system=source, import_job_id=self.job.id))
                outcomes.append('created')
            else:
                old.write(vals)
                outcomes.append('updated')
        return outcomes
