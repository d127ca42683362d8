import threading
from contextlib import contextmanager

from odoo import SUPERUSER_ID, api, models, tools

from .res_partner import _normalize_email

# Set in this thread while core subscribes the partners that it derives itself
# (followers of a parent document, assigned users): no RPC client can set it.
_DERIVED = threading.local()


@contextmanager
def _derived_subscriptions():
    depth = getattr(_DERIVED, 'depth', 0)
    _DERIVED.depth = depth + 1
    try:
        yield
    finally:
        _DERIVED.depth = depth


class MailThread(models.AbstractModel):
    """Incoming mail is attributed to a partner only on an address that staff
    set or confirmed, and only when that address names one customer.

    Core's gateway (message_route_verify -> _find_partner_from_emails) picks
    the first user, then the first partner, whose email matches the sender:
    a portal user who set their own address to another customer's contact
    address received that customer's mail, and the documents it opens (a
    service call filed under the attacker's company).

    No name oracle through followers either:
    ``message_subscribe(partner_ids=[id])`` on one's own document, then
    reading its followers, named any partner id and sent it the document's
    e-mails. Partners given by the caller must be readable by the caller."""
    _inherit = 'mail.thread'

    @api.model
    def message_route_verify(self, message, message_dict, route,
                             update_author=True, assert_model=True,
                             create_fallback=True, allow_private=False,
                             drop_alias=False):
        if update_author and not message_dict.get('author_id'):
            email_from = tools.decode_message_header(message, 'From')
            author = self._dsa_author_from_email(email_from, model=route[0],
                                                 res_id=route[1])
            if author:
                message_dict['author_id'] = author.id
            update_author = False  # core would fall back on an unverified match
        return super(MailThread, self).message_route_verify(
            message, message_dict, route, update_author=update_author,
            assert_model=assert_model, create_fallback=create_fallback,
            allow_private=allow_private, drop_alias=drop_alias)

    @api.model
    def _dsa_author_from_email(self, email, model=None, res_id=None):
        """The one partner that the sender ``email`` designates, or nothing.

        Candidates are the partners whose address (or ``Name <address>``) is
        exactly the sender's, compared case-insensitively, and confirmed by
        staff. A follower of the document replied to wins, as in core. Several
        candidates are one sender only when they belong to one company (the
        company and its contact sharing an address): the user among them, or
        the company. Anything else (none, or two companies) is no author: the
        document goes to triage."""
        Partner = self.env['res.partner'].sudo()
        address = _normalize_email(email)
        if not address:
            return Partner
        # escaped as core does: '_' and '%' of an address match themselves only
        escaped = address.replace('\\', '\\\\').replace('%', '\\%').replace('_', '\\_')
        candidates = Partner.search([
            ('dsa_email_verified', '=', True),
            '|', ('email', '=ilike', escaped), ('email', 'ilike', '<%s>' % escaped)])
        candidates = candidates.filtered(lambda p: _normalize_email(p.email) == address)
        if model and res_id and model in self.env \
                and 'message_partner_ids' in self.env[model]._fields:
            followers = candidates & self.env[model].sudo().browse(res_id).exists() \
                .message_partner_ids
            if len(followers) == 1:
                return followers
        if len(candidates.mapped('commercial_partner_id')) != 1:
            return Partner
        if len(candidates) == 1:
            return candidates
        users = candidates.filtered('user_ids')
        if len(users) == 1:
            return users
        company = candidates & candidates.mapped('commercial_partner_id')
        return company or Partner

    @api.multi
    def message_subscribe(self, partner_ids=None, channel_ids=None, subtype_ids=None,
                          force=True):
        if not getattr(_DERIVED, 'depth', 0):
            self.env['res.partner']._dsa_check_addressable(partner_ids)
        return super(MailThread, self).message_subscribe(
            partner_ids=partner_ids, channel_ids=channel_ids, subtype_ids=subtype_ids,
            force=force)

    @api.multi
    def message_auto_subscribe(self, updated_fields, values=None):
        """Core subscribes the followers of the parent document named in
        ``values`` (a task's project) and the users assigned: partners the
        caller did not choose and may not read, which is allowed. This method
        is public, though: the parent documents must be readable by the
        caller, or any document's followers could be copied and read."""
        if self.env.uid != SUPERUSER_ID:
            self._dsa_check_auto_subscribe_parents(updated_fields, values)
        with _derived_subscriptions():
            return super(MailThread, self).message_auto_subscribe(updated_fields, values=values)

    @api.multi
    def _dsa_check_auto_subscribe_parents(self, updated_fields, values):
        subtypes = self.env['mail.message.subtype'].auto_subscribe_subtypes(self._name)[0]
        for subtype in subtypes:
            field = subtype.relation_field
            if field and values and values.get(field) and field in updated_fields:
                parent = self.env[subtype.res_model].browse(values[field])
                parent.check_access_rights('read')
                parent.check_access_rule('read')
