from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError

# what mail itself writes on any message a user reads (stars, inbox)
FREE_FIELDS = {'starred_partner_ids', 'needaction_partner_ids'}


class MailMessage(models.Model):
    """The chatter message that carries a signed report and its SHA-256
    (dsa.signoff.mixin) cannot be changed or deleted."""
    _inherit = 'mail.message'

    @api.multi
    def _dsa_check_not_evidence(self):
        if self.env.uid == SUPERUSER_ID:
            return
        if self.sudo().mapped('attachment_ids')._dsa_signoff_evidence():
            raise AccessError(_('This message is the evidence of a customer\'s signature: '
                                'it cannot be changed or deleted.'))

    @api.multi
    def write(self, vals):
        if set(vals) - FREE_FIELDS:
            self._dsa_check_not_evidence()
        return super(MailMessage, self).write(vals)

    @api.multi
    def unlink(self):
        self._dsa_check_not_evidence()
        return super(MailMessage, self).unlink()
