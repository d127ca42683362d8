from odoo import api, models


class MailWizardInvite(models.TransientModel):
    _inherit = 'mail.wizard.invite'

    @api.multi
    def add_followers(self):
        """The invited partners are subscribed and e-mailed: only partners
        the inviting user can read (issue 23)."""
        for wizard in self:
            # sudo: read as the user, the many2many silently drops hidden partners
            self.env['res.partner']._dsa_check_addressable(wizard.sudo().partner_ids.ids)
        return super(MailWizardInvite, self).add_followers()
