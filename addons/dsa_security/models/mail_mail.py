from odoo import api, models


class MailMail(models.Model):
    _inherit = 'mail.mail'

    @api.model
    def create(self, values):
        """An outgoing e-mail created by hand goes to its recipients: only
        partners the user can read (issue 23)."""
        Partner = self.env['res.partner']
        Partner._dsa_check_addressable(Partner._dsa_command_ids(values.get('recipient_ids')))
        return super(MailMail, self).create(values)
