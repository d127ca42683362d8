import base64
import binascii
import os

from odoo import _, api, models
from odoo.tools import config

from ..lib import normalize

PURCHASE_FIELDS = ('partner_id', 'date', 'amount', 'currency_id', 'description')


class DsaImportJob(models.Model):
    _inherit = 'dsa.import.job'

    @api.multi
    def _attachment_folder(self, profile):
        """Folder of the PDFs named in a file: the profile's (set by a manager), else the
        folder the file was dropped in (set by the server), else the drop folder of the
        server configuration. Never a database parameter."""
        return (profile.attachment_folder or self.source_path or
                config.get('dsa_import_drop_folder') or '')

    @api.model
    def _safe_attachment_path(self, folder, text):
        """Path of a file named in an import file, which must stay inside folder: no
        absolute path, no '..', and no symbolic link that leads out of it."""
        parts = text.replace('\\', '/').split('/')
        if os.path.isabs(text) or text.startswith(('/', '\\')) or '..' in parts or \
                (len(text) > 1 and text[1] == ':'):
            raise ValueError(_('"%s" must be a file name inside the attachment folder') % text)
        root = os.path.realpath(folder)
        path = os.path.realpath(os.path.join(root, *parts))
        if os.path.commonpath([root, path]) != root:
            raise ValueError(_('"%s" must be a file name inside the attachment folder') % text)
        return path

    @api.multi
    def _read_order_pdf(self, value, profile):
        """The order PDF named by the export: 'base64:<content>' or a file name relative
        to the attachment folder. Returns (base64 content, file name); raises ValueError."""
        text = normalize.to_text(value)
        if text.lower().startswith('base64:'):
            try:
                content = base64.b64decode(text[7:], validate=True)
            except (binascii.Error, ValueError):
                raise ValueError(_('the PDF content is not valid base64'))
            name = 'order.pdf'
        else:
            folder = self._attachment_folder(profile)
            if not folder:
                raise ValueError(_('no attachment folder configured to find "%s"') % text)
            path = self._safe_attachment_path(folder, text)
            if not os.path.isfile(path):
                raise ValueError(_('file "%s" not found in %s') % (text, folder))
            fd = os.open(path, os.O_RDONLY | getattr(os, 'O_NOFOLLOW', 0))
            with os.fdopen(fd, 'rb') as handle:
                if os.fstat(handle.fileno()).st_size > self._max_file_size():
                    raise ValueError(_('file "%s" is over the size limit') % text)
                content = handle.read()
            name = os.path.basename(text)
        if not content.startswith(b'%PDF'):
            raise ValueError(_('"%s" is not a PDF file') % (name if text.lower().startswith(
                'base64:') else text))
        return base64.b64encode(content), name

    @api.multi
    def _import_supplier_purchases(self, rows, profile, result):
        if 'purchase_lookups' not in result.cache:
            result.cache['purchase_lookups'] = (
                self._partner_lookup(profile.source_system), self._currency_lookup())
        partners, currencies = result.cache['purchase_lookups']
        columns = result.columns
        Purchase = self.env['dsa.supplier.purchase'].with_context(
            tracking_disable=True, mail_create_nolog=True, mail_notrack=True)
        Partner = self.env['res.partner'].with_context(
            tracking_disable=True, mail_create_nolog=True)
        for row in rows:
            errors = []
            parse = self._parse_cell
            number = parse(row, 'number', columns, errors, None, required=True)
            date = parse(row, 'date', columns, errors, normalize.parse_date, required=True)
            amount = parse(row, 'amount', columns, errors, normalize.parse_number,
                           required=True, decimal=profile.decimal_separator)
            description = parse(row, 'description', columns, errors, None)
            currency_id = self.env.user.company_id.currency_id.id
            currency = parse(row, 'currency', columns, errors, None)
            if currency:
                currency_id = currencies.get(currency.upper().replace('€', 'EUR'))
                if not currency_id:
                    errors.append((columns['currency'], _('unknown currency "%s"') % currency))
            supplier_name = parse(row, 'supplier_name', columns, errors, None)
            sub_errors = []
            partner_id = self._find_partner(row, columns, partners, sub_errors, 'supplier_code',
                                            'supplier_vat', 'supplier')
            if not partner_id and not supplier_name:
                errors.extend(sub_errors)
            pdf = None
            if not normalize.is_empty(row.values.get('order_pdf')):
                try:
                    pdf = self._read_order_pdf(row.values['order_pdf'], profile)
                except ValueError as exc:
                    errors.append((columns['order_pdf'], str(exc)))
            if errors:
                result.reject(row, errors)
                continue
            vals = {'date': date, 'amount': round(amount, 2), 'currency_id': currency_id}
            if description:
                vals['description'] = description
            if pdf:
                vals.update({'order_pdf': pdf[0], 'order_pdf_name': pdf[1]})
            try:
                with self.env.cr.savepoint():
                    if not partner_id:
                        # a supplier unknown by code and VAT is created from its name
                        code = normalize.to_text(row.values.get('supplier_code'))
                        vat = normalize.to_text(row.values.get('supplier_vat'))
                        partner_vals = {'name': supplier_name, 'supplier': True,
                                        'customer': False, 'is_company': True}
                        if code:
                            partner_vals.update({'dsa_external_code': code,
                                                 'dsa_source_system': profile.source_system})
                        if vat:
                            partner_vals['vat'] = normalize.normalize_vat(vat)
                        partner_id = Partner.create(partner_vals).id
                        if code:
                            partners[0][code.upper()] = partner_id
                        if vat:
                            partners[1][partner_vals['vat']] = partner_id
                    old = Purchase.search([('source_system', '=', profile.source_system),
                                           ('partner_id', '=', partner_id),
                                           ('number', '=', number)], limit=1)
                    if not old:
                        vals.update({'partner_id': partner_id, 'number': number,
                                     'source_system': profile.source_system,
                                     'import_job_id': self.id})
                        Purchase.create(vals)
                        result.created += 1
                        continue
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
                    if not changes:
                        result.skipped += 1
                        continue
                    old.write(changes)
                    result.updated += 1
            except Exception as exc:
                result.reject(row, [('', _('not saved: %s') % exc)])
