from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError


class MailDocumentGuard(models.AbstractModel):
    """Records that point at a document (res_model, res_id) are visible only
    to users who can read that document.

    Core gives every user read access to all mail.followers and
    mail.activity rows: searching them listed who follows, and which
    activities wait on, customers or interventions the user may not see."""
    _name = 'dsa.mail.document.guard'
    _description = 'Records readable with their document only'

    _dsa_res_model_field = 'res_model'

    @api.multi
    def _dsa_readable(self):
        """The records of self whose document the current user can read."""
        if self.env.uid == SUPERUSER_ID or not self:
            return self
        rows = self.sudo().read([self._dsa_res_model_field, 'res_id'])
        by_model = {}
        for row in rows:
            by_model.setdefault(row[self._dsa_res_model_field], []).append(row)
        keep = []
        for model, model_rows in by_model.items():
            if not model or model not in self.env:
                continue
            Model = self.env[model]
            if not Model.check_access_rights('read', raise_exception=False):
                continue
            res_ids = list({row['res_id'] for row in model_rows if row['res_id']})
            readable = set(Model.with_context(active_test=False).search(
                [('id', 'in', res_ids)]).ids)
            keep.extend(row['id'] for row in model_rows if row['res_id'] in readable)
        position = {rid: i for i, rid in enumerate(self.ids)}
        return self.browse(sorted(keep, key=position.get))

    @api.model
    def _search(self, args, offset=0, limit=None, order=None, count=False,
                access_rights_uid=None):
        ids = super(MailDocumentGuard, self)._search(
            args, offset=offset, limit=limit, order=order, count=False,
            access_rights_uid=access_rights_uid)
        if self.env.uid != SUPERUSER_ID and not access_rights_uid:
            ids = self.browse(ids)._dsa_readable().ids
        return len(ids) if count else ids

    @api.multi
    def read(self, fields=None, load='_classic_read'):
        if self.env.uid != SUPERUSER_ID and self._dsa_readable() != self:
            raise AccessError(_('You cannot read the %s of a document you may not read.')
                              % self._description)
        return super(MailDocumentGuard, self).read(fields=fields, load=load)

    @api.model
    def _read_group_raw(self, domain, fields, groupby, offset=0, limit=None,
                        orderby=False, lazy=True):
        """read_group does not go through _search: group only the records
        that _search lets through."""
        if self.env.uid != SUPERUSER_ID:
            domain = self._dsa_searched_domain(domain)
        return super(MailDocumentGuard, self)._read_group_raw(
            domain, fields, groupby, offset=offset, limit=limit, orderby=orderby, lazy=lazy)
