from odoo import SUPERUSER_ID, api, models


class MailMessage(models.Model):
    """Messages: no name oracle through recipients or authors, and no
    grouping of messages one may not read (issue 23)."""
    _inherit = 'mail.message'

    @api.model
    def create(self, values):
        """Recipients (mentions) are notified by e-mail and named back to the
        author: they must be partners the author can read; so must an author
        other than oneself."""
        self._dsa_check_partner_values(values)
        return super(MailMessage, self).create(values)

    @api.multi
    def write(self, vals):
        self._dsa_check_partner_values(vals)
        return super(MailMessage, self).write(vals)

    @api.model
    def _dsa_check_partner_values(self, values):
        Partner = self.env['res.partner']
        # not needaction_partner_ids: core's _notify writes the followers
        # there, and it names no one (the many2many is read through the rules)
        ids = Partner._dsa_command_ids(values.get('partner_ids'))
        if values.get('author_id'):
            ids.append(values['author_id'])
        Partner._dsa_check_addressable(ids)

    @api.model
    def _read_group_raw(self, domain, fields, groupby, offset=0, limit=None,
                        orderby=False, lazy=True):
        """Core filters messages in _search (by their document), which
        read_group does not call: it grouped every message, naming other
        users' documents (record_name) and authors."""
        if self.env.uid != SUPERUSER_ID:
            domain = self._dsa_searched_domain(domain)
        return super(MailMessage, self)._read_group_raw(
            domain, fields, groupby, offset=offset, limit=limit, orderby=orderby, lazy=lazy)
