from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError

DOCUMENT_KINDS = [
    ('manual', 'Manual'),
    ('contract', 'Contract'),
    ('correspondence', 'Correspondence'),
    ('report', 'Report'),
]

# the kind a document gets when none is given, by the record it is attached to
DEFAULT_KIND_BY_MODEL = {
    'dsa.plant': 'manual',
    'dsa.plant.component': 'manual',
    'dsa.service.contract': 'contract',
    'project.task': 'report',
    'dsa.ticket': 'correspondence',
    'res.partner': 'correspondence',
}


class IrAttachment(models.Model):
    """Documents of the customer history (TTS-10): every attachment of a
    customer, its plants, calls, interventions and contracts has a kind.

    The archived signed report and the stored signature of a signed document
    (dsa.signoff.mixin) are evidence: nobody changes or deletes them, whatever
    their rights on the document (TTS-7)."""
    _inherit = 'ir.attachment'

    dsa_document_kind = fields.Selection(
        DOCUMENT_KINDS, string='Document kind', index=True,
        help='Kind of document in the customer history: manual, contract, '
             'correspondence or report.')

    @api.model
    def _dsa_portal_domain(self, user):
        """The files that the portal ``user`` downloads from "My documents"
        (they read no attachment of those records themselves): see
        res.partner._dsa_portal_documents. Applied by the suite's one portal
        access check (dsa_security, DsaPortalAccess)."""
        documents = self.env['res.partner'].sudo()._dsa_portal_documents(user.partner_id)
        return [('id', 'in', documents.ids)]

    @api.model
    def create(self, vals):
        if not vals.get('dsa_document_kind') and vals.get('res_model') in DEFAULT_KIND_BY_MODEL:
            kind = self.env.context.get('default_dsa_document_kind') or \
                DEFAULT_KIND_BY_MODEL[vals['res_model']]
            vals = dict(vals, dsa_document_kind=kind)
        return super(IrAttachment, self).create(vals)

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
