from odoo import api, fields, models

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
    customer, its plants, calls, interventions and contracts has a kind."""
    _inherit = 'ir.attachment'

    dsa_document_kind = fields.Selection(
        DOCUMENT_KINDS, string='Document kind', index=True,
        help='Kind of document in the customer history: manual, contract, '
             'correspondence or report.')

    @api.model
    def create(self, vals):
        if not vals.get('dsa_document_kind') and vals.get('res_model') in DEFAULT_KIND_BY_MODEL:
            kind = self.env.context.get('default_dsa_document_kind') or \
                DEFAULT_KIND_BY_MODEL[vals['res_model']]
            vals = dict(vals, dsa_document_kind=kind)
        return super(IrAttachment, self).create(vals)
