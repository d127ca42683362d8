from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError


class IrAttachment(models.Model):
    """The archived signed report and the stored signature of a signed document
    (dsa.signoff.mixin) are evidence: nobody changes or deletes them, whatever
    their rights on the document."""
    _inherit = 'ir.attachment'

    @api.multi
    def _dsa_signoff_evidence(self):
        evidence = self.browse()
        for model in set(self.sudo().mapped('res_model')):
            if model in self.env and 'dsa_signed_attachment_id' in self.env[model]._fields:
                attachments = self.sudo().filtered(lambda a: a.res_model == model)
                evidence |= self.env[model]._dsa_signoff_protected_attachments(attachments)
        return evidence

    @api.multi
    def _dsa_check_not_evidence(self):
        if self.env.uid != SUPERUSER_ID and self._dsa_signoff_evidence():
            raise AccessError(_('This file is the evidence of a customer\'s signature: '
                                'it cannot be changed or deleted.'))

    @api.multi
    def write(self, vals):
        self._dsa_check_not_evidence()
        return super(IrAttachment, self).write(vals)

    @api.multi
    def unlink(self):
        self._dsa_check_not_evidence()
        return super(IrAttachment, self).unlink()
