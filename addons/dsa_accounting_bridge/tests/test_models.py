import psycopg2

from odoo.tests.common import SavepointCase, at_install, post_install
from odoo.tools import mute_logger


@at_install(False)
@post_install(True)
class TestModels(SavepointCase):

    def test_imported_invoice_unique(self):
        partner = self.env['res.partner'].create({'name': 'Rossi Srl'})
        inv = self.env['dsa.imported.invoice'].create({
            'number': 'F1', 'date': '2025-01-31', 'partner_id': partner.id,
            'amount_untaxed': 100.0, 'amount_total': 122.0})
        self.assertEqual(inv.source_system, 'accounting')
        self.assertEqual(partner.dsa_imported_invoice_count, 1)
        # the same number again from the same system: the database refuses it
        with self.assertRaises(psycopg2.IntegrityError), mute_logger('odoo.sql_db'), \
                self.env.cr.savepoint():
            self.env['dsa.imported.invoice'].create({
                'number': 'F1', 'date': '2025-02-28', 'partner_id': partner.id,
                'amount_untaxed': 5.0, 'amount_total': 6.1})
        # the same number from another source system is another invoice
        other = self.env['dsa.imported.invoice'].create({
            'number': 'F1', 'date': '2025-01-31', 'partner_id': partner.id,
            'source_system': 'other ledger', 'amount_untaxed': 1.0, 'amount_total': 1.22})
        self.assertEqual(self.env['dsa.imported.invoice'].search_count(
            [('number', '=', 'F1')]), 2)
        self.assertNotEqual(other, inv)
        partner.invalidate_cache()
        self.assertEqual(partner.dsa_imported_invoice_count, 2)
