from odoo import SUPERUSER_ID, api, models


class IrAttachment(models.Model):
    _inherit = 'ir.attachment'

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
