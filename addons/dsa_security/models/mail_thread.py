import threading
from contextlib import contextmanager

from odoo import SUPERUSER_ID, api, models

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
    """No name oracle through followers (issue 23).

    ``message_subscribe(partner_ids=[id])`` on one's own document, then
    reading its followers, named any partner id and sent it the document's
    e-mails. Partners given by the caller must be readable by the caller."""
    _inherit = 'mail.thread'

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
