import os

from odoo.tools import trans_load

from odoo.addons.dsa_accounting_bridge.tests.common import ImportCase


class TestTranslation(ImportCase):

    def test_italian_row_messages(self):
        self.env['res.lang'].load_lang('it_IT')
        po = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                          'i18n', 'it.po')
        trans_load(self.env.cr, po, 'it_IT', verbose=False)
        self.Job = self.Job.with_context(lang='it_IT')
        job = self.run_job('invoices', 'invoices_generic.csv')
        log = self.log(job)
        for entry in [
                (3, 'customer_vat', 'cliente sconosciuto: nessun soggetto con codice "" o '
                                    'partita IVA "IT01739270229"'),
                (4, 'date', '"31/13/2025" non è una data (atteso gg/mm/aaaa)'),
                (6, 'amount_untaxed', '"abc" non è un numero'),
                (7, 'amount_total', 'il totale 999.00 non è imponibile + imposta '
                                    '(100.00 + 22.00)')]:
            self.assertIn(entry, log)
        job = self.run_job('invoices', 'invoices_missing_column.csv')
        self.assertEqual(job.error_message, 'Riga 1: colonna obbligatoria mancante: "date" '
                         '(colonne trovate: "number", "customer_code", "amount_total")')
