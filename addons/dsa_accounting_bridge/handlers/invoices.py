"""Invoices: one row per invoice, or one row per invoice line (rows of one invoice
are contiguous and share its number)."""
import csv
import io
import logging
from collections import OrderedDict, namedtuple

from odoo import _, fields

from ..lib import normalize
from .base import ImportHandler

_logger = logging.getLogger(__name__)

LINE_FIELDS = ('name', 'quantity', 'price_unit', 'price_subtotal', 'product_id')
# rows per batch of the set-based path: one COPY, one join with the invoices already
# imported and one INSERT ... SELECT per batch
STAGED_BATCH_SIZE = 20000
# parsed values remembered per run, by raw cell value (dates, amounts, VAT numbers
# and customer codes repeat); forgotten past this many entries
CACHE_LIMIT = 200000

# the values of an imported invoice header that the file sets, in the staging
# table's column order
InvoiceValues = namedtuple('InvoiceValues', 'partner_id date currency_id amount_untaxed '
                                            'amount_tax amount_total')


class InvoiceGroup(object):
    """The rows of one invoice number in a batch (ORM path)."""
    __slots__ = ('rows', 'vals', 'lines', 'errors', 'existing')

    def __init__(self):
        self.rows, self.lines, self.errors = [], [], []
        self.vals = self.existing = None


class InvoicePlan(object):
    """What a batch writes: updates (row, record id, changed values), creations, and
    on the set-based path the staging positions of the invoices already imported."""

    def __init__(self):
        self.updates = []
        self.creates = []
        self.taken = []


class InvoiceHandler(ImportHandler):
    """Invoices through the ORM: files with lines, or the dsa_import_orm context key.
    Files without lines take StagedInvoiceHandler (set-based)."""

    kind = 'invoices'
    group_key = 'number'

    @classmethod
    def for_job(cls, job, profile, result):
        if 'line_description' not in result.columns and \
                not job.env.context.get('dsa_import_orm'):
            return StagedInvoiceHandler(job, profile, result)
        return cls(job, profile, result)

    def __init__(self, job, profile, result):
        super(InvoiceHandler, self).__init__(job, profile, result)
        self.has_lines = 'line_description' in self.columns

    # ------------------------------------------------------------------ parse

    def parse_amounts(self, row, errors):
        untaxed, tax, total = [
            self.parse_cell(row, key, errors, normalize.parse_number,
                            required=(key == 'amount_total'), decimal=self.decimal)
            for key in ('amount_untaxed', 'amount_tax', 'amount_total')]
        if total is None:
            return None
        if untaxed is None:
            untaxed = total - (tax or 0.0)
        if tax is None:
            tax = total - untaxed
        if abs(untaxed + tax - total) > 0.011:
            errors.append((self.columns.get('amount_total'), _(
                'total %.2f is not untaxed amount + tax (%.2f + %.2f)') % (total, untaxed, tax)))
            return None
        return round(untaxed, 2), round(tax, 2), round(total, 2)

    def parse_row(self, row):
        """Row -> (number, InvoiceValues or None, line vals or None, errors): every
        cell through its parser, every error with its column."""
        errors = []
        number = self.parse_cell(row, 'number', errors, None, required=True)
        date = self.parse_cell(row, 'date', errors, normalize.parse_date, required=True)
        partner_id = self.find_partner(row, errors, 'customer_code', 'customer_vat',
                                       'customer')
        amounts = self.parse_amounts(row, errors)
        currency_id = self.parse_currency(row, errors)
        vals = None
        if not errors:
            vals = InvoiceValues(partner_id, date, currency_id, *amounts)
        line = None
        if self.has_lines and not normalize.is_empty(row.values.get('line_description')):
            line = self.parse_line(row, errors)
        return number, vals, line, errors

    def parse_line(self, row, errors):
        decimal = self.decimal
        quantity = self.parse_cell(row, 'line_quantity', errors, normalize.parse_number,
                                   decimal=decimal)
        price = self.parse_cell(row, 'line_price_unit', errors, normalize.parse_number,
                                decimal=decimal)
        subtotal = self.parse_cell(row, 'line_subtotal', errors, normalize.parse_number,
                                   decimal=decimal)
        quantity = 1.0 if quantity is None else quantity
        price = price if price is not None else (subtotal or 0.0) / (quantity or 1.0)
        code = normalize.to_text(row.values.get('line_product_code')).upper()
        return {
            'name': normalize.to_text(row.values['line_description']),
            'quantity': quantity, 'price_unit': round(price, 6),
            'price_subtotal': round(subtotal if subtotal is not None else quantity * price, 2),
            'product_id': self.products.get(code) or False if code else False,
        }

    def parse(self, rows):
        """Rows grouped by invoice number; a bad line rejects its whole invoice."""
        result, has_lines = self.result, self.has_lines
        groups = OrderedDict()
        for row in rows:
            number, vals, line, errors = self.parse_row(row)
            group = groups.get(number or ('row', row.number))
            if group is None:
                group = groups[number or ('row', row.number)] = InvoiceGroup()
            group.rows.append(row)
            if errors and not has_lines:
                result.reject(row, errors)   # one row is one invoice: only this row
                continue
            if errors:
                group.errors.append((row, errors))
                continue
            if group.vals is None:
                group.vals = vals
            elif not has_lines and group.vals != vals:
                result.reject(row, [(self.columns['number'], _(
                    'invoice %s appears twice in the file with different values') % number)])
            elif not has_lines:
                result.skipped += 1
            if line:
                group.lines.append(line)
        return groups

    # ------------------------------------------------------------------ match

    def match(self, groups):
        numbers = [n for n in groups if isinstance(n, str)]
        existing = self.existing_invoices(numbers)
        for number, group in groups.items():
            group.existing = existing.get(number)
        return groups

    def existing_invoices(self, numbers):
        """{number: values} of the invoices of the batch already imported.

        Read-only lookup in SQL: measured, search_read() of 500 invoices (with the
        name_get of their partners and currencies, and the prefetching) took 1.5 s a
        batch, 90% of a re-import that changes nothing (260 rows/s on 100,000 rows);
        this query takes milliseconds. Updates still go through the ORM write()."""
        if not numbers:
            return {}
        self.env['dsa.imported.invoice'].check_access_rights('read')
        self.env.cr.execute("""
            SELECT i.id, i.number, i.partner_id, to_char(i.date, 'YYYY-MM-DD'),
                   i.currency_id, i.amount_untaxed, i.amount_tax, i.amount_total,
                   ARRAY(SELECT l.id FROM dsa_imported_invoice_line l
                          WHERE l.invoice_id = i.id ORDER BY l.sequence, l.id)
              FROM dsa_imported_invoice i
             WHERE i.source_system = %s AND i.number IN %s
        """, (self.source_system, tuple(numbers)))
        existing = {}
        for row in self.env.cr.fetchall():
            existing[row[1]] = (row[0], InvoiceValues(
                row[2], row[3], row[4], row[5] or 0.0, row[6] or 0.0, row[7] or 0.0), row[8])
        return existing

    # ------------------------------------------------------------------ prepare

    def prepare(self, groups):
        result, plan = self.result, InvoicePlan()
        for number, group in groups.items():
            if group.errors:
                # the whole invoice is rejected: none of its rows is written
                for i, (row, errors) in enumerate(group.errors):
                    result.reject(row, errors, count=(i == 0))
                continue
            if group.vals is None:
                continue
            lines = group.lines if self.has_lines else None
            if not group.existing:
                vals = dict(group.vals._asdict(), number=number,
                            source_system=self.source_system, import_job_id=self.job.id)
                if lines:
                    vals['line_ids'] = [(0, 0, line) for line in lines]
                plan.creates.append((group.rows[0], vals))
                continue
            invoice_id, old, line_ids = group.existing
            changes = {k: v for k, v in group.vals._asdict().items() if getattr(old, k) != v}
            if lines is not None and self.lines_differ(line_ids, lines):
                changes['line_ids'] = [(5, 0, 0)] + [(0, 0, line) for line in lines]
            if not changes:
                result.skipped += 1
                continue
            plan.updates.append((group.rows[0], invoice_id, changes))
        return plan

    def lines_differ(self, line_ids, lines):
        old = self.env['dsa.imported.invoice.line'].browse(line_ids).read(list(LINE_FIELDS))
        old_keys = [tuple((ln[f][0] if isinstance(ln[f], tuple) else ln[f]) for f in LINE_FIELDS)
                    for ln in old]
        new_keys = [tuple(ln[f] for f in LINE_FIELDS) for ln in lines]
        return old_keys != new_keys

    # ------------------------------------------------------------------ write

    def write(self, plan):
        self.write_updates(plan.updates)
        self.write_creates(plan.creates)

    def write_updates(self, updates):
        Invoice = self.model('dsa.imported.invoice')
        for row, invoice_id, changes in updates:
            try:
                with self.env.cr.savepoint():
                    Invoice.browse(invoice_id).write(changes)
                self.result.updated += 1
            except Exception as exc:
                self.not_saved(row, exc)

    def write_creates(self, creates):
        """Create in one savepoint; if that fails, row by row so that only the
        offending rows are rejected."""
        if not creates:
            return
        Invoice = self.model('dsa.imported.invoice')
        try:
            with self.env.cr.savepoint():
                for _row, vals in creates:
                    Invoice.create(vals)
            self.result.created += len(creates)
            return
        except Exception:
            _logger.info('Invoice batch of job %s retried row by row', self.job.id,
                         exc_info=True)
            self.env.clear()
        self.create_one_by_one(creates)

    def create_one_by_one(self, creates):
        Invoice = self.model('dsa.imported.invoice')
        for row, vals in creates:
            try:
                with self.env.cr.savepoint():
                    Invoice.create(vals)
                self.result.created += 1
            except Exception as exc:
                self.not_saved(row, exc)


class StagedBatch(object):
    """The clean rows of a batch on the set-based path. records[i] is the tuple
    (position, number) + InvoiceValues copied into the staging table (STAGE_COLUMNS)
    for rows[i]; existing maps a position to (invoice id, InvoiceValues in the
    database) for the invoices already imported."""

    def __init__(self):
        self.rows = []
        self.records = []
        self.existing = {}


# columns of the staging table, in the order of StagedBatch.records
STAGE_COLUMNS = ('position', 'number') + InvoiceValues._fields


class StagedInvoiceHandler(InvoiceHandler):
    """Invoices without lines, set-based.

    parse: the cells column by column, each distinct raw value parsed once per run
    (the same parsers as the ORM path); a row these parsed values do not make an
    invoice of goes through InvoiceHandler.parse_row, so its messages are the same.
    match: COPY of the clean rows into a temporary staging table, one join with the
    invoices already imported. prepare: changed invoices compared in Python.
    write: ORM write() for the changed ones, one INSERT ... SELECT from the staging
    table for the new ones.

    Measured (bench/profile_import.py, 100,000 rows): the per-row path (a dict per
    row, a parser call per cell, partners read with search_read()) cost 6.5 s of
    Odoo CPU; column by column with remembered values, 2.5 s."""

    def __init__(self, job, profile, result):
        super(StagedInvoiceHandler, self).__init__(job, profile, result)
        self._parsed = {}      # parser name -> {raw value: parsed value}
        self._staging = False

    def batch_size(self):
        return STAGED_BATCH_SIZE

    # ------------------------------------------------------------------ parse

    @staticmethod
    def column(rows, key):
        """Raw values of one column (None where the row is short or it is not mapped)."""
        position = rows[0].positions.get(key) if rows else None
        if position is None:
            return [None] * len(rows)
        try:
            return [row.raw[position] for row in rows]
        except IndexError:
            return [row.raw[position] if position < len(row.raw) else None for row in rows]

    def parsed(self, name, parser, values):
        """parser(value) for each value, remembered per run by raw text; the parser
        returns False for a value it refuses."""
        if not set(map(type, values)) <= {str}:
            # spreadsheet cells: not remembered (1, 1.0 and True would share a key)
            return [parser(v) for v in values]
        cache = self._parsed.setdefault(name, {})
        missing = set(values).difference(cache)
        if len(cache) + len(missing) > CACHE_LIMIT:
            cache.clear()
            missing = set(values)
        for value in missing:
            cache[value] = parser(value)
        return list(map(cache.__getitem__, values))

    def cell_parsers(self):
        """The parsers of the cells, for parsed(): None for an empty cell where that
        is allowed, False for a value refused."""
        decimal = self.decimal
        currencies, default_currency = self.currencies, self.company_currency()

        def number(value):
            if normalize.is_empty(value):
                return None
            try:
                return normalize.parse_number(value, decimal)
            except ValueError:
                return False

        def date(value):
            if normalize.is_empty(value):
                return False
            try:
                return normalize.parse_date(value)
            except ValueError:
                return False

        def vat(value):
            if normalize.is_empty(value):
                return ''
            try:
                return normalize.normalize_vat(value)
            except ValueError:
                return False

        def code(value):
            return normalize.to_text(value).upper() if value else ''

        def currency(value):
            if normalize.is_empty(value):
                return default_currency
            text = normalize.to_text(value).upper().replace('€', 'EUR')
            return currencies.get(text) or False

        return number, date, vat, code, currency

    def parse(self, rows):
        number_of, date_of, vat_of, code_of, currency_of = self.cell_parsers()
        column = self.column
        numbers = [v.strip() if type(v) is str else None for v in column(rows, 'number')]
        dates = self.parsed('date', date_of, column(rows, 'date'))
        codes = self.parsed('code', code_of, column(rows, 'customer_code'))
        vats = self.parsed('vat', vat_of, column(rows, 'customer_vat'))
        untaxeds = self.parsed('number', number_of, column(rows, 'amount_untaxed'))
        taxes = self.parsed('number', number_of, column(rows, 'amount_tax'))
        totals = self.parsed('number', number_of, column(rows, 'amount_total'))
        currency_ids = self.parsed('currency', currency_of, column(rows, 'currency'))
        # the matcher has no empty key: '' (no code, no VAT) and False find nobody
        by_code = list(map(self.partners.by_code.get, codes))
        by_vat = list(map(self.partners.by_vat.get, vats))
        result = self.result
        seen = {}
        batch = StagedBatch()
        for row, number, date, code_id, vat, vat_id, untaxed, tax, total, currency_id in zip(
                rows, numbers, dates, by_code, vats, by_vat, untaxeds, taxes, totals,
                currency_ids):
            values = None
            if number and date and currency_id and vat is not False and \
                    total is not None and total is not False and \
                    untaxed is not False and tax is not False:
                partner_id = code_id or vat_id
                if partner_id:
                    if untaxed is None:
                        untaxed = total - (tax or 0.0)
                    if tax is None:
                        tax = total - untaxed
                    if abs(untaxed + tax - total) <= 0.011:
                        values = (partner_id, date, currency_id, round(untaxed, 2),
                                  round(tax, 2), round(total, 2))
            if values is None:
                # not clean as it is: the full parser says why (or takes it as it is)
                number, values, _line, errors = self.parse_row(row)
                if errors:
                    result.reject(row, errors)
                    continue
                values = tuple(values)
            first = seen.get(number)
            if first is not None:
                if first != values:
                    result.reject(row, [(self.columns['number'], _(
                        'invoice %s appears twice in the file with different values')
                        % number)])
                else:
                    result.skipped += 1
                continue
            seen[number] = values
            batch.records.append((len(batch.rows), number) + values)
            batch.rows.append(row)
        return batch

    # ------------------------------------------------------------------ match

    def stage(self, records):
        """COPY the clean rows of the batch into the temporary staging table."""
        cr = self.env.cr
        if not self._staging:
            cr.execute("""
                CREATE TEMPORARY TABLE IF NOT EXISTS dsa_import_invoice_stage (
                    position integer, number varchar, partner_id integer, date date,
                    currency_id integer, amount_untaxed numeric, amount_tax numeric,
                    amount_total numeric) ON COMMIT DROP""")
            self._staging = True
        cr.execute('TRUNCATE dsa_import_invoice_stage')
        buffer = io.StringIO()
        # the csv module writes in C: numbers as repr(), quotes where a value needs them
        csv.writer(buffer, lineterminator='\n').writerows(records)
        buffer.seek(0)
        cr.copy_expert('COPY dsa_import_invoice_stage (%s) FROM STDIN WITH (FORMAT csv)'
                       % ', '.join(STAGE_COLUMNS), buffer)
        cr.execute('ANALYZE dsa_import_invoice_stage')

    def match(self, batch):
        if not batch.records:
            return batch
        self.env['dsa.imported.invoice'].check_access_rights('read')
        self.stage(batch.records)
        self.env.cr.execute("""
            SELECT s.position, i.id, i.partner_id, to_char(i.date, 'YYYY-MM-DD'),
                   i.currency_id, i.amount_untaxed, i.amount_tax, i.amount_total
              FROM dsa_import_invoice_stage s
              JOIN dsa_imported_invoice i
                ON i.source_system = %s AND i.number = s.number""", (self.source_system,))
        for position, invoice_id, partner_id, date, currency_id, *amounts in \
                self.env.cr.fetchall():
            batch.existing[position] = (invoice_id, InvoiceValues(
                partner_id, date, currency_id, *[a or 0.0 for a in amounts]))
        return batch

    # ------------------------------------------------------------------ prepare

    def prepare(self, batch):
        plan = InvoicePlan()
        for position, (invoice_id, old) in batch.existing.items():
            new = batch.records[position][2:]
            changes = {name: value for name, value, current in zip(
                InvoiceValues._fields, new, old) if value != current}
            if changes:
                plan.updates.append((batch.rows[position], invoice_id, changes))
            else:
                self.result.skipped += 1
        # the new ones are in the staging table already: the rows not taken
        plan.creates = batch
        plan.taken = sorted(batch.existing)
        return plan

    # ------------------------------------------------------------------ write

    def write(self, plan):
        self.write_updates(plan.updates)
        self.insert_staged(plan.creates, plan.taken)

    def insert_staged(self, batch, taken):
        """The new invoices: one INSERT ... SELECT from the staging table (without the
        positions taken by invoices already imported); when it fails (a number
        imported meanwhile by another job), the ORM row by row."""
        if len(taken) == len(batch.records):
            return
        Invoice = self.model('dsa.imported.invoice')
        Invoice.check_access_rights('create')
        cr = self.env.cr
        now = fields.Datetime.now()
        uid = self.env.uid
        try:
            with cr.savepoint():
                cr.execute("""
                    INSERT INTO dsa_imported_invoice
                        (number, date, partner_id, source_system, currency_id, company_id,
                         amount_untaxed, amount_tax, amount_total, import_job_id,
                         create_uid, write_uid, create_date, write_date)
                    SELECT s.number, s.date, s.partner_id, %s, s.currency_id, %s,
                           s.amount_untaxed, s.amount_tax, s.amount_total, %s, %s, %s, %s, %s
                      FROM dsa_import_invoice_stage s
                     WHERE s.position <> ALL(%s)
                     ORDER BY s.position
                    RETURNING id""", (
                    self.source_system, self.env.user.company_id.id, self.job.id or None,
                    uid, uid, now, now, taken))
                ids = [r[0] for r in cr.fetchall()]
                Invoice.browse(ids).check_access_rule('create')
            self.result.created += len(ids)
            return
        except Exception:
            _logger.info('Invoice batch of job %s retried row by row', self.job.id,
                         exc_info=True)
            self.env.clear()
        self.create_one_by_one([
            (row, dict(zip(STAGE_COLUMNS[1:], record[1:]), source_system=self.source_system,
                       import_job_id=self.job.id))
            for row, record in zip(batch.rows, batch.records) if record[0] not in batch.existing])
