from odoo import api, fields, models


# imported invoices are accounting data: plain internal users (and portal users reading
# their partner) must not trip over an AccessError when they read a partner.
_ACCOUNTING_GROUPS = 'dsa_accounting_bridge.group_import_user,account.group_account_invoice'


class ResPartner(models.Model):
    _inherit = 'res.partner'

    dsa_external_code = fields.Char(
        string='External code', index=True, copy=False,
        help="Customer code in the accounting system.")
    dsa_source_system = fields.Char(
        string='Source system', copy=False,
        help="Accounting system the external code belongs to.")
    dsa_fiscal_code = fields.Char(string='Fiscal code', index=True, copy=False)
    dsa_imported_invoice_ids = fields.One2many(
        'dsa.imported.invoice', 'partner_id', string='Imported invoices',
        groups=_ACCOUNTING_GROUPS)
    dsa_imported_invoice_count = fields.Integer(
        compute='_compute_dsa_imported_invoice_count', string='Imported invoices count',
        groups=_ACCOUNTING_GROUPS)

    @api.multi
    def _compute_dsa_imported_invoice_count(self):
        data = self.env['dsa.imported.invoice'].read_group(
            [('partner_id', 'in', self.ids)], ['partner_id'], ['partner_id'])
        counts = {d['partner_id'][0]: d['partner_id_count'] for d in data}
        for partner in self:
            partner.dsa_imported_invoice_count = counts.get(partner.id, 0)

    @api.model
    def _dsa_after_fast_insert(self, partner_ids):
        """Called by the importer after partners were inserted without create().
        Addons that complete new partners override it (dsa_crm: zone by province)."""
        return True
