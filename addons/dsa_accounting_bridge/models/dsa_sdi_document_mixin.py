from odoo import _, api, fields, models
from odoo.exceptions import UserError

# TipoDocumento of FatturaPA (1.2: TD01-TD06; the later codes are accepted as well,
# so that a file of a newer schema keeps its type when a newer XSD is shipped)
DOCUMENT_TYPES = [
    ('TD01', 'TD01 Invoice'),
    ('TD02', 'TD02 Advance on invoice'),
    ('TD03', 'TD03 Advance on fee'),
    ('TD04', 'TD04 Credit note'),
    ('TD05', 'TD05 Debit note'),
    ('TD06', 'TD06 Fee invoice (parcella)'),
    ('TD16', 'TD16 Reverse charge integration'),
    ('TD17', 'TD17 Services bought abroad'),
    ('TD18', 'TD18 Intra-EU goods'),
    ('TD19', 'TD19 Goods under art. 17 c.2'),
    ('TD20', 'TD20 Self-invoice'),
    ('TD24', 'TD24 Deferred invoice'),
    ('TD25', 'TD25 Deferred invoice (art. 21 c.4 b)'),
    ('TD26', 'TD26 Sale of depreciable goods'),
    ('TD27', 'TD27 Self-consumption invoice'),
]


class DsaSdiDocumentMixin(models.AbstractModel):
    """The SDI identity of a document imported from a FatturaPA e-invoice: the file
    name the exchange system gave it, the document type and the original XML
    (number and date are the document's own). Empty on documents of CSV/XLS
    imports."""
    _name = 'dsa.sdi.document.mixin'
    _description = 'Document imported from an e-invoice (FatturaPA)'

    dsa_sdi_file_name = fields.Char(
        string='SDI file name', readonly=True, index=True, copy=False,
        help="Name of the FatturaPA file (e.g. IT01234567890_00001.xml) the document "
             "was imported from.")
    dsa_document_type = fields.Selection(
        DOCUMENT_TYPES, string='Document type', readonly=True, copy=False,
        help="TipoDocumento of the e-invoice; credit notes (TD04) count as negative "
             "amounts.")
    # a column of the document, not an attachment: the import writes 20,000 of them
    # in a few set-based INSERTs (an ir.attachment costs ~20 queries and a file), and
    # whoever may read the document reads its XML, under the same record rules
    dsa_sdi_xml = fields.Binary(
        string='Original XML', attachment=False, readonly=True, copy=False,
        help="The FatturaPA XML as received (the XML inside a signed .p7m file); "
             "the documents of one file (a lotto) share it.")
    dsa_sdi_xml_name = fields.Char(string='XML file name', readonly=True, copy=False)

    @api.multi
    def action_open_sdi_xml(self):
        """Download the original XML (read under the document's own access rules)."""
        self.ensure_one()
        if not self.dsa_sdi_xml_name:
            raise UserError(_('This document was not imported from an e-invoice.'))
        return {
            'type': 'ir.actions.act_url',
            'url': '/web/content?model=%s&id=%d&field=dsa_sdi_xml'
                   '&filename_field=dsa_sdi_xml_name&download=true' % (self._name, self.id),
            'target': 'self',
        }
