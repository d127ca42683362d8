from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError

# rows fetched at a time when the readable ones are searched before paging
GUARD_CHUNK = 1000


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
        """Filter on the documents' readability BEFORE paging: filtering a
        page of ``limit`` rows afterwards gave short pages, and wrong counts
        and offsets (issue 23)."""
        if self.env.uid == SUPERUSER_ID or access_rights_uid:
            return super(MailDocumentGuard, self)._search(
                args, offset=offset, limit=limit, order=order, count=count,
                access_rights_uid=access_rights_uid)
        if count or not limit:
            ids = self._dsa_search_readable(args, order)
            ids = ids[offset or 0:]
            return len(ids) if count else ids
        ids = self._dsa_search_readable(args, order, wanted=(offset or 0) + limit)
        return ids[offset or 0:(offset or 0) + limit]

    @api.model
    def _dsa_search_readable(self, args, order, wanted=None):
        """The ids matching ``args`` whose document the user can read, in
        ``order``: all of them, or the first ``wanted`` ones at least.

        Rows are fetched in chunks of GUARD_CHUNK (or ``wanted`` if larger):
        a chunk costs one search, one read of (res_model, res_id) and one
        search per document model. A first page of 80 among 10,000 readable
        rows is then 1 + 1 + one per model, without loading the 10,000 ids;
        counting reads all ids once, in chunks."""
        size = max(wanted or 0, GUARD_CHUNK)
        # chunks need a total order, or a row could fall between two of them
        order = order or self._order
        if not any(term.split()[0] == 'id' for term in order.split(',') if term.strip()):
            order = '%s, id' % order
        readable = []
        start = 0
        while True:
            chunk = super(MailDocumentGuard, self)._search(
                args, offset=start, limit=size, order=order)
            readable.extend(self.browse(chunk)._dsa_readable().ids)
            if len(chunk) < size or (wanted and len(readable) >= wanted):
                return readable
            start += size

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
