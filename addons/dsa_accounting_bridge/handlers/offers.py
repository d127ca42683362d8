"""Offers and orders: one row per order line; the rows of one reference are one
sale order (quotation, sent quotation or confirmed order)."""
from collections import OrderedDict

from odoo import _

from ..lib import normalize
from .attachments import AttachmentReader
from .base import ImportHandler

STATUS = {
    'offer': 'draft', 'offerta': 'draft', 'quotation': 'draft', 'draft': 'draft',
    'preventivo': 'draft', 'bozza': 'draft',
    'sent': 'sent', 'inviata': 'sent', 'presentata': 'sent',
    'order': 'sale', 'ordine': 'sale', 'confirmed': 'sale', 'confermato': 'sale',
    'confermata': 'sale', 'sale': 'sale',
}


class OfferGroup(object):
    """The rows of one reference in a batch, and the orders matching finds for it."""
    __slots__ = ('rows', 'head', 'lines', 'errors', 'order', 'offer')

    def __init__(self):
        self.rows, self.lines, self.errors = [], [], []
        self.head = self.order = self.offer = None


class OfferHandler(ImportHandler):

    kind = 'offers'
    group_key = 'reference'

    def __init__(self, job, profile, result):
        super(OfferHandler, self).__init__(job, profile, result)
        self.generic_product = self.env.ref(
            'dsa_accounting_bridge.product_imported_generic').id
        self.pdfs = AttachmentReader(job, profile)

    # ------------------------------------------------------------------ parse

    def parse_row(self, row):
        """Row -> (reference, order head vals, line vals, errors)."""
        errors = []
        parse = self.parse_cell
        decimal = self.decimal
        reference = parse(row, 'reference', errors, None, required=True)
        date = parse(row, 'date', errors, normalize.parse_date, required=True)
        validity = parse(row, 'validity_date', errors, normalize.parse_date)
        status = parse(row, 'status', errors, None) or 'offer'
        state = STATUS.get(status.strip().lower())
        if not state:
            errors.append((self.columns.get('status'), _(
                'unknown status "%s" (offer, sent or order)') % status))
        partner_id = self.find_partner(row, errors, 'customer_code', 'customer_vat',
                                       'customer')
        quantity = parse(row, 'quantity', errors, normalize.parse_number, decimal=decimal)
        price = parse(row, 'price_unit', errors, normalize.parse_number, required=True,
                      decimal=decimal)
        description = parse(row, 'description', errors, None, required=True)
        code = normalize.to_text(row.values.get('product_code')).upper()
        product_id = self.products.get(code) if code else None
        if code and not product_id:
            product_id = self.generic_product
        offer_ref = parse(row, 'offer_ref', errors, None)
        pdf = None
        if not normalize.is_empty(row.values.get('pdf')):
            try:
                pdf = self.pdfs.read(row.values['pdf'])
            except ValueError as exc:
                errors.append((self.columns['pdf'], str(exc)))
        head = {'partner_id': partner_id, 'date_order': date and date + ' 00:00:00',
                'validity_date': validity or False, 'state': state,
                'offer_ref': offer_ref, 'pdf': pdf}
        line = {'product_id': product_id or self.generic_product, 'name': description,
                'product_uom_qty': 1.0 if quantity is None else quantity,
                'price_unit': price}
        return reference, head, line, errors

    def parse(self, rows):
        groups = OrderedDict()
        for row in rows:
            reference, head, line, errors = self.parse_row(row)
            key = reference or ('row', row.number)
            group = groups.get(key)
            if group is None:
                group = groups[key] = OfferGroup()
            group.rows.append(row)
            if errors:
                group.errors.append((row, errors))
                continue
            group.head = group.head or head
            group.lines.append(line)
        return groups

    # ------------------------------------------------------------------ match

    def match(self, groups):
        """The order of each reference already imported, and the offer an order
        answers (offer_ref) when it is imported already (else write() looks again:
        it may come earlier in the batch)."""
        Order = self.model('sale.order')
        for reference, group in groups.items():
            if group.errors:
                continue
            offer_ref = group.head['offer_ref']
            if offer_ref:
                group.offer = Order.search([('dsa_source_system', '=', self.source_system),
                                            ('dsa_external_ref', '=', offer_ref)], limit=1)
            group.order = Order.search([('dsa_source_system', '=', self.source_system),
                                        ('dsa_external_ref', '=', reference)], limit=1)
        return groups

    # ------------------------------------------------------------------ prepare

    def prepare(self, groups):
        """[(reference, group)] to save; the rows in error are rejected here."""
        plan = []
        for reference, group in groups.items():
            if group.errors:
                for i, (row, errors) in enumerate(group.errors):
                    self.result.reject(row, errors, count=(i == 0))
                continue
            plan.append((reference, group))
        return plan

    # ------------------------------------------------------------------ write

    def write(self, plan):
        result = self.result
        Order = self.model('sale.order')
        for reference, group in plan:
            offer_ref = group.head['offer_ref']
            if offer_ref and not group.offer:
                # the offer may come earlier in the same batch: written by now
                group.offer = Order.search([('dsa_source_system', '=', self.source_system),
                                            ('dsa_external_ref', '=', offer_ref)], limit=1)
                if not group.offer:
                    result.reject(group.rows[0], [(self.columns['offer_ref'], _(
                        'unknown offer "%s": import the offer before the order that answers '
                        'it') % offer_ref)])
                    continue
            try:
                with self.env.cr.savepoint():
                    outcome = self.save(reference, group)
                setattr(result, outcome, getattr(result, outcome) + 1)
            except Exception as exc:
                self.not_saved(group.rows[0], exc)

    def save(self, reference, group):
        """Create or update the order; returns 'created', 'updated' or 'skipped'."""
        Order = self.model('sale.order')
        head = dict(group.head)
        state = head.pop('state')
        head.pop('offer_ref')
        pdf = head.pop('pdf')
        offer_id = group.offer.id if group.offer else False
        if offer_id:
            head['dsa_offer_id'] = offer_id
        lines = group.lines
        order = group.order
        if not order:
            vals = dict(head, dsa_external_ref=reference, dsa_source_system=self.source_system,
                        dsa_import_job_id=self.job.id, origin=reference,
                        order_line=[(0, 0, line) for line in lines])
            order = Order.create(vals)
            self.attach_pdf(order, pdf)
            self.set_state(order, state)
            return 'created'
        attached = self.attach_pdf(order, pdf)
        if order.state in ('sale', 'done', 'cancel'):
            # a confirmed order is never rewritten or sent back to quotation; only the
            # link to the offer it answers is filled in when it was missing
            if offer_id and not order.dsa_offer_id:
                order.write({'dsa_offer_id': offer_id})
                return 'updated'
            return 'updated' if attached else 'skipped'
        old_lines = [(ln.product_id.id, ln.name, ln.product_uom_qty, ln.price_unit)
                     for ln in order.order_line]
        new_lines = [(ln['product_id'], ln['name'], ln['product_uom_qty'], ln['price_unit'])
                     for ln in lines]
        changes = {}
        if order.partner_id.id != head['partner_id']:
            changes['partner_id'] = head['partner_id']
        if (order.validity_date or False) != head['validity_date']:
            changes['validity_date'] = head['validity_date']
        if offer_id and order.dsa_offer_id.id != offer_id:
            changes['dsa_offer_id'] = offer_id
        if old_lines != new_lines:
            changes['order_line'] = [(5, 0, 0)] + [(0, 0, line) for line in lines]
        if changes:
            order.write(changes)
        if state != order.state and not (state == 'draft' and order.state == 'sent'):
            self.set_state(order, state)
            return 'updated'
        return 'updated' if changes or attached else 'skipped'

    def attach_pdf(self, order, pdf):
        """Attach the offer PDF (base64 content, file name) to the order, once: the same
        file name with another content replaces it. Returns True when something changed."""
        if not pdf:
            return False
        content, name = pdf
        content = content.decode() if isinstance(content, bytes) else content
        Attachment = self.env['ir.attachment']
        old = Attachment.search([('res_model', '=', 'sale.order'), ('res_id', '=', order.id),
                                 ('datas_fname', '=', name)], limit=1)
        if old:
            current = old.datas.decode() if isinstance(old.datas, bytes) else old.datas
            if current == content:
                return False
            old.write({'datas': content})
            return True
        Attachment.create({'name': name, 'datas_fname': name, 'datas': content,
                           'res_model': 'sale.order', 'res_id': order.id,
                           'mimetype': 'application/pdf'})
        return True

    @staticmethod
    def set_state(order, state):
        if state == 'sent' and order.state == 'draft':
            order.write({'state': 'sent'})
        elif state == 'sale':
            order.action_confirm()
