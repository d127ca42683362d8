from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError

# where the content is stored: only the ORM (``datas``) may set them
STORAGE_FIELDS = ('store_fname', 'db_datas')


class IrAttachment(models.Model):
    """Nobody but the superuser writes where an attachment's content is stored.

    Core lets whoever may write an attachment set ``store_fname`` (or
    ``db_datas``): pointing it at another attachment's file, the next read of
    ``datas`` (or of the filestore path) served that file's content. Core
    already drops ``file_size`` and ``checksum`` from create and write; the
    content itself goes through ``datas``, whose inverse writes the storage
    fields as superuser."""
    _inherit = 'ir.attachment'

    @api.model
    def _dsa_check_storage_fields(self, vals):
        if self.env.uid != SUPERUSER_ID and any(f in vals for f in STORAGE_FIELDS):
            raise AccessError(_('The storage of an attachment (%s) cannot be set: '
                                'write its content instead.') % ', '.join(STORAGE_FIELDS))

    @api.model
    def create(self, vals):
        self._dsa_check_storage_fields(vals)
        return super(IrAttachment, self).create(vals)

    @api.multi
    def write(self, vals):
        self._dsa_check_storage_fields(vals)
        return super(IrAttachment, self).write(vals)

    @api.multi
    def copy_data(self, default=None):
        """A copy gets the content through ``datas``, not the original's
        storage fields, which create() refuses (mail copies attachments as
        the user). Storage fields given in ``default`` stay, and are refused."""
        default = dict(default or {})
        vals_list = super(IrAttachment, self).copy_data(default)
        for attachment, vals in zip(self, vals_list):
            if not any(f in default for f in STORAGE_FIELDS) and 'datas' not in default:
                for field in STORAGE_FIELDS:
                    vals.pop(field, None)
                vals['datas'] = attachment.datas
        return vals_list

    @api.model
    def _read_group_raw(self, domain, fields, groupby, offset=0, limit=None,
                        orderby=False, lazy=True):
        """Core filters attachments in _search (by their document), which
        read_group does not call: it grouped every attachment, with the names
        of the documents they belong to (issue 23)."""
        if self.env.uid != SUPERUSER_ID:
            domain = self._dsa_searched_domain(domain)
        return super(IrAttachment, self)._read_group_raw(
            domain, fields, groupby, offset=offset, limit=limit, orderby=orderby, lazy=lazy)
