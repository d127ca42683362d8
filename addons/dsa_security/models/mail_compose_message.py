from odoo import api, models

from .mail_mail import queueing_mail


class MailComposeMessage(models.TransientModel):
    _inherit = 'mail.compose.message'

    @api.multi
    def send_mail(self, auto_commit=False):
        """Mass mailing creates and sends its mails as the user: let it queue
        them (the user chose the records and the text; the mails stay closed
        to them afterwards)."""
        with queueing_mail(self.env):
            return super(MailComposeMessage, self).send_mail(auto_commit=auto_commit)
