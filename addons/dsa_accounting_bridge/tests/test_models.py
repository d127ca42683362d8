from odoo.tests.common import SavepointCase


class TestModels(SavepointCase):

    def test_imported_invoice_unique(self):
        partner = self.env['res.partner'].create({'name': 'Rossi Srl'})
        inv = self.env['dsa.imported.invoice'].create({
            'number': 'F1', 'date': '2025-01-31', 'partner_id': partner.id,
            'amount_untaxed': 100.0, 'amount_total': 122.0})
        self.assertEqual(inv.source_system, 'accounting')
        self.assertEqual(partner.dsa_imported_invoice_count, 1)
