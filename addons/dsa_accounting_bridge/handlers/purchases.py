"""Supplier purchases: one row per supplier order; a supplier unknown by code and VAT
is created from its name."""

from ..lib import normalize
from .attachments import AttachmentReader
from .base import ImportHandler


class PurchaseItem(object):
    """A clean row: the purchase values, its supplier (None: to create from
    supplier_vals) and what matching and preparing found."""
    __slots__ = ('row', 'number', 'vals', 'partner_id', 'supplier_vals', 'supplier_key',
                 'supplier_errors', 'existing', 'changes')

    def __init__(self, row, number, vals, partner_id, supplier_vals):
        self.row, self.number, self.vals = row, number, vals
        self.partner_id, self.supplier_vals = partner_id, supplier_vals
        # (code, VAT) of a supplier that an earlier row of the batch creates, and the
        # errors of the row if it does not
        self.supplier_key = self.supplier_errors = None
        self.existing = self.changes = None


class PurchaseHandler(ImportHandler):

    kind = 'supplier_purchases'

    def __init__(self, job, profile, result):
        super(PurchaseHandler, self).__init__(job, profile, result)
        self.pdfs = AttachmentReader(job, profile)
        self._new_suppliers = set()   # (code, VAT) of the suppliers the batch creates

    def supplier_key(self, row):
        code = normalize.to_text(row.values.get('supplier_code')).upper()
        try:
            vat = normalize.normalize_vat(row.values.get('supplier_vat'))
        except ValueError:
            vat = ''
        return code, vat

    # ------------------------------------------------------------------ parse

    def parse_row(self, row):
        """Row -> (PurchaseItem or None, errors)."""
        errors = []
        parse = self.parse_cell
        number = parse(row, 'number', errors, None, required=True)
        date = parse(row, 'date', errors, normalize.parse_date, required=True)
        amount = parse(row, 'amount', errors, normalize.parse_number, required=True,
                       decimal=self.decimal)
        description = parse(row, 'description', errors, None)
        currency_id = self.parse_currency(row, errors)
        supplier_name = parse(row, 'supplier_name', errors, None)
        sub_errors = []
        partner_id = self.find_partner(row, sub_errors, 'supplier_code', 'supplier_vat',
                                       'supplier')
        supplier_key = None
        if not partner_id and not supplier_name:
            supplier_key = self.supplier_key(row)
            if not any(key in self._new_suppliers for key in self.key_parts(supplier_key)):
                errors.extend(sub_errors)
        pdf = None
        if not normalize.is_empty(row.values.get('order_pdf')):
            try:
                pdf = self.pdfs.read(row.values['order_pdf'])
            except ValueError as exc:
                errors.append((self.columns['order_pdf'], str(exc)))
        if errors:
            return None, errors
        vals = {'date': date, 'amount': round(amount, 2), 'currency_id': currency_id}
        if description:
            vals['description'] = description
        if pdf:
            vals.update({'order_pdf': pdf[0], 'order_pdf_name': pdf[1]})
        supplier_vals = None
        if not partner_id:
            # a supplier unknown by code and VAT is created from its name
            code = normalize.to_text(row.values.get('supplier_code'))
            vat = normalize.to_text(row.values.get('supplier_vat'))
            supplier_vals = {'name': supplier_name, 'supplier': True, 'customer': False,
                             'is_company': True}
            if code:
                supplier_vals.update({'dsa_external_code': code,
                                      'dsa_source_system': self.source_system})
            if vat:
                supplier_vals['vat'] = normalize.normalize_vat(vat)
            self._new_suppliers.update(self.key_parts(self.supplier_key(row)))
        item = PurchaseItem(row, number, vals, partner_id, supplier_vals)
        if supplier_key:
            item.supplier_key, item.supplier_errors = supplier_key, sub_errors
        return item, errors

    @staticmethod
    def key_parts(key):
        code, vat = key
        return [part for part in (('code', code), ('vat', vat)) if part[1]]

    def parse(self, rows):
        self._new_suppliers = set()
        items = []
        for row in rows:
            item, errors = self.parse_row(row)
            if errors:
                self.result.reject(row, errors)
            else:
                items.append(item)
        return items

    # ------------------------------------------------------------------ match

    def match(self, items):
        """The purchases of the batch already imported, for the known suppliers (one
        search); rows of a supplier created by this batch are matched in write()."""
        known = [item for item in items if item.partner_id]
        if not known:
            return items
        existing = {}
        for purchase in self.model('dsa.supplier.purchase').search([
                ('source_system', '=', self.source_system),
                ('partner_id', 'in', list({item.partner_id for item in known})),
                ('number', 'in', list({item.number for item in known}))]):
            existing.setdefault((purchase.partner_id.id, purchase.number), purchase)
        for item in known:
            item.existing = existing.get((item.partner_id, item.number))
        return items

    # ------------------------------------------------------------------ prepare

    def changes(self, old, vals):
        changes = {}
        for key, value in vals.items():
            current = old[key]
            if key == 'currency_id':
                current = current.id
            elif key == 'order_pdf':
                current = old.with_context(bin_size=False).order_pdf
                current = current.decode() if isinstance(current, bytes) else current
                value = value.decode()
            if current != value:
                changes[key] = vals[key]
        return changes

    def prepare(self, items):
        for item in items:
            if item.existing:
                item.changes = self.changes(item.existing, item.vals)
        return items

    # ------------------------------------------------------------------ write

    def write(self, items):
        """Row by row, each in a savepoint: the supplier first when it is new, then
        the purchase. A purchase written by an earlier row of the batch is found
        again (the same order twice in the file)."""
        Purchase = self.model('dsa.supplier.purchase')
        written = {}
        for item in items:
            created = []
            if item.supplier_key:
                # its supplier is created by an earlier row of the batch, if that row
                # was written
                code, vat = item.supplier_key
                item.partner_id = (code and self.partners.by_code.get(code)) or \
                    (vat and self.partners.by_vat.get(vat))
                if not item.partner_id:
                    self.result.reject(item.row, item.supplier_errors)
                    continue
            try:
                with self.env.cr.savepoint():
                    outcome = self.write_item(Purchase, item, written, created)
                setattr(self.result, outcome, getattr(self.result, outcome) + 1)
            except Exception as exc:
                self.not_saved(item.row, exc)
                continue
            for partner_id, code, vat in created:
                # known to the rows that follow once it is committed to the batch
                self.partners.add(partner_id, code, vat)

    def write_item(self, Purchase, item, written, created):
        partner_id = item.partner_id or self.supplier_id(item.supplier_vals, created)
        key = (partner_id, item.number)
        old = written.get(key) or item.existing
        if old is None and not item.partner_id:
            old = Purchase.search([('source_system', '=', self.source_system),
                                   ('partner_id', '=', partner_id),
                                   ('number', '=', item.number)], limit=1)
        if not old:
            written[key] = Purchase.create(dict(
                item.vals, partner_id=partner_id, number=item.number,
                source_system=self.source_system, import_job_id=self.job.id))
            return 'created'
        changes = item.changes if old == item.existing and item.changes is not None \
            else self.changes(old, item.vals)
        if not changes:
            return 'skipped'
        old.write(changes)
        return 'updated'

    def supplier_id(self, vals, created):
        """The supplier of a row whose code and VAT were unknown at parse time: created
        by an earlier row of the batch, else created now."""
        code = (vals.get('dsa_external_code') or '').upper()
        vat = vals.get('vat') or ''
        matcher = self.partners
        partner_id = (code and matcher.by_code.get(code)) or (vat and matcher.by_vat.get(vat))
        if partner_id:
            return partner_id
        partner_id = self.model('res.partner').create(vals).id
        created.append((partner_id, code, vat))
        return partner_id
