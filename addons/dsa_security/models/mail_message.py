from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError


class MailMessage(models.Model):
    """Messages on records without a chatter are private to their author and
    recipients.

    Core lets whoever reads a record read every message attached to it. For
    records with a chatter (mail.thread) that is the point. Records without
    one receive only emails queued by templates: the invitation and the
    password reset of a user (res.users) carry the user's signup link, and
    any employee who can read the user could take the account over."""
    _inherit = 'mail.message'

    @api.model
    def _find_allowed_doc_ids(self, model_ids):
        """search(): reading the record is enough on chatters only."""
        if self.env.uid != SUPERUSER_ID:
            model_ids = {model: docs for model, docs in model_ids.items()
                         if self._dsa_has_chatter(model)}
        return super(MailMessage, self)._find_allowed_doc_ids(model_ids)

    @api.multi
    def check_access_rule(self, operation):
        """read(), write(), unlink() by id: the same restriction as search()."""
        super(MailMessage, self).check_access_rule(operation)
        if self.env.uid == SUPERUSER_ID or operation == 'create':
            return
        if self._dsa_private_messages():
            raise AccessError(_('This email belongs to its recipients only.'))

    @api.multi
    def _dsa_private_messages(self):
        """The messages of self on a record without a chatter of which the
        current user is neither the author nor a recipient."""
        if self.env.user.has_group('base.group_system'):
            return self.browse()
        partner = self.env.user.partner_id
        return self.sudo().filtered(
            lambda m: m.model and m.res_id and not self._dsa_has_chatter(m.model)
            and m.author_id != partner and partner not in m.partner_ids
            and partner not in m.needaction_partner_ids
            and not (m.channel_ids.mapped('channel_partner_ids') & partner))

    @api.model
    def _dsa_has_chatter(self, model):
        return model in self.env and issubclass(type(self.env[model]), self.pool['mail.thread'])
