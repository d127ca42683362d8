from collections import OrderedDict

from odoo import _, api, models

from ..lib import normalize

STATUS = {
    'offer': 'draft', 'offerta': 'draft', 'quotation': 'draft', 'draft': 'draft',
    'preventivo': 'draft', 'bozza': 'draft',
    'sent': 'sent', 'inviata': 'sent', 'presentata': 'sent',
    'order': 'sale', 'ordine': 'sale', 'confirmed': 'sale', 'confermato': 'sale',
    'confermata': 'sale', 'sale': 'sale',
}


class DsaImportJob(models.Model):
    _inherit = 'dsa.import.job'

    @api.multi
    def _parse_offer_line(self, row, columns, profile, lookups, generic_product):
        partners, products = lookups
        errors = []
        parse = self._parse_cell
        reference = parse(row, 'reference', columns, errors, None, required=True)
        date = parse(row, 'date', columns, errors, normalize.parse_date, required=True)
        validity = parse(row, 'validity_date', columns, errors, normalize.parse_date)
        status = parse(row, 'status', columns, errors, None) or 'offer'
        state = STATUS.get(status.strip().lower())
        if not state:
            errors.append((columns.get('status'), _(
                'unknown status "%s" (offer, sent or order)') % status))
        partner_id = self._find_partner(row, columns, partners, errors, 'customer_code',
                                        'customer_vat', 'customer')
        quantity = parse(row, 'quantity', columns, errors, normalize.parse_number,
                         decimal=profile.decimal_separator)
        price = parse(row, 'price_unit', columns, errors, normalize.parse_number,
                      required=True, decimal=profile.decimal_separator)
        description = parse(row, 'description', columns, errors, None, required=True)
        code = normalize.to_text(row.values.get('product_code')).upper()
        product_id = products.get(code) if code else None
        if code and not product_id:
            product_id = generic_product
        offer_ref = parse(row, 'offer_ref', columns, errors, None)
        pdf = None
        if not normalize.is_empty(row.values.get('pdf')):
            try:
                pdf = self._read_order_pdf(row.values['pdf'], profile)
            except ValueError as exc:
                errors.append((columns['pdf'], str(exc)))
        head = {'partner_id': partner_id, 'date_order': date and date + ' 00:00:00',
                'validity_date': validity or False, 'state': state,
                'offer_ref': offer_ref, 'pdf': pdf}
        line = {'product_id': product_id or generic_product, 'name': description,
                'product_uom_qty': 1.0 if quantity is None else quantity,
                'price_unit': price}
        return reference, head, line, errors

    @api.multi
    def _import_offers(self, rows, profile, result):
        if 'offer_lookups' not in result.cache:
            result.cache['offer_lookups'] = (self._partner_lookup(profile.source_system),
                                             self._product_lookup())
        lookups = result.cache['offer_lookups']
        generic = self.env.ref('dsa_accounting_bridge.product_imported_generic').id
        columns = result.columns
        groups = OrderedDict()
        for row in rows:
            reference, head, line, errors = self._parse_offer_line(
                row, columns, profile, lookups, generic)
            group = groups.setdefault(reference or ('row', row.number),
                                      {'rows': [], 'head': None, 'lines': [], 'errors': []})
            group['rows'].append(row)
            if errors:
                group['errors'].append((row, errors))
                continue
            group['head'] = group['head'] or head
            group['lines'].append(line)
        Order = self.env['sale.order'].with_context(
            tracking_disable=True, mail_create_nolog=True, mail_notrack=True)
        for reference, group in groups.items():
            if group['errors']:
                for i, (row, errors) in enumerate(group['errors']):
                    result.reject(row, errors, count=(i == 0))
                continue
            offer_ref = group['head']['offer_ref']
            if offer_ref:
                offer = Order.search([('dsa_source_system', '=', profile.source_system),
                                      ('dsa_external_ref', '=', offer_ref)], limit=1)
                if not offer:
                    result.reject(group['rows'][0], [(columns['offer_ref'], _(
                        'unknown offer "%s": import the offer before the order that answers '
                        'it') % offer_ref)])
                    continue
                group['head']['offer_id'] = offer.id
            try:
                with self.env.cr.savepoint():
                    outcome = self._save_offer(Order, reference, group, profile)
                setattr(result, outcome, getattr(result, outcome) + 1)
            except Exception as exc:
                result.reject(group['rows'][0], [('', _('not saved: %s') % exc)])

    @api.multi
    def _save_offer(self, Order, reference, group, profile):
        head = dict(group['head'])
        state = head.pop('state')
        head.pop('offer_ref')
        pdf = head.pop('pdf')
        offer_id = head.pop('offer_id', False)
        if offer_id:
            head['dsa_offer_id'] = offer_id
        lines = group['lines']
        order = Order.search([('dsa_source_system', '=', profile.source_system),
                              ('dsa_external_ref', '=', reference)], limit=1)
        if not order:
            vals = dict(head, dsa_external_ref=reference, dsa_source_system=profile.source_system,
                        dsa_import_job_id=self.id, origin=reference,
                        order_line=[(0, 0, line) for line in lines])
            order = Order.create(vals)
            self._attach_offer_pdf(order, pdf)
            self._set_offer_state(order, state)
            return 'created'
        attached = self._attach_offer_pdf(order, pdf)
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
            self._set_offer_state(order, state)
            return 'updated'
        return 'updated' if changes or attached else 'skipped'

    @api.model
    def _attach_offer_pdf(self, order, pdf):
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

    @api.model
    def _set_offer_state(self, order, state):
        if state == 'sent' and order.state == 'draft':
            order.write({'state': 'sent'})
        elif state == 'sale':
            order.action_confirm()
