"""What an import says (issue 28): a missing column refused at the header with one
message naming it, a VAT number with a wrong check digit refused with a sentence,
the messages in the user's language also when the job queue runs the import."""
import base64
import os
from unittest.mock import patch

from odoo.exceptions import ValidationError
from odoo.tools import trans_load

from odoo.addons.queue_job.job import Job as QueueJob
from odoo.addons.dsa_accounting_bridge.handlers.base import ImportHandler
from odoo.addons.dsa_accounting_bridge.handlers.customers import CustomerHandler
from odoo.addons.dsa_accounting_bridge.tests.common import ImportCase

PO = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'i18n', 'it.po')
# IT01739270229 is valid; the same number with another last digit is not
BAD_VAT = 'IT01739270228'


class TestImportMessages(ImportCase):

    @classmethod
    def setUpClass(cls):
        super(TestImportMessages, cls).setUpClass()
        cls.env['res.lang'].load_lang('it_IT')
        trans_load(cls.env.cr, PO, 'it_IT', verbose=False)
        cls.italian = cls.env['res.users'].with_context(no_reset_password=True).create({
            'name': 'Contabile Import', 'login': 'contabile.import', 'lang': 'it_IT',
            'email': 'contabile.import@example.com',
            'groups_id': [(6, 0, [cls.env.ref('dsa_accounting_bridge.group_import_user').id,
                                  cls.env.ref('base.group_user').id])]})

    def test_file_without_the_customer_code_column_is_refused_at_the_header(self):
        """The file has the VAT column (empty) but not the code column its rows need:
        one message naming the missing column, no row imported nor rejected."""
        content = (b'number,date,customer_vat,amount_total\n'
                   b'HDR/1,01/02/2025,,12\nHDR/2,01/02/2025,,15\n')
        job = self.run_job('invoices', content=content)
        self.assertEqual(job.state, 'failed')
        self.assertEqual(job.error_message, 'Row 1: required column missing: "customer_code" '
                                            '(the column "customer_vat" has no value)')
        self.assertEqual(self.log(job), [(1, 'customer_code', 'required column missing: '
                                          '"customer_code" (the column "customer_vat" has '
                                          'no value)')])
        self.assertCounters(job)
        self.assertFalse(self.env['dsa.imported.invoice'].search([('number', 'like', 'HDR/')]))

    def test_vat_column_with_values_still_imports(self):
        """The same file whose VAT column has values is a file of customers by VAT."""
        self.customer.vat = 'IT01739270229'
        content = (b'number,date,customer_vat,amount_total\n'
                   b'HDR/1,01/02/2025,IT01739270229,12\n')
        job = self.run_job('invoices', content=content)
        self.assertEqual(job.state, 'done', job.error_message)
        self.assertCounters(job, created=1)

    def test_vat_with_wrong_check_digit_is_a_sentence_at_its_cell(self):
        content = ('code,name,vat\nVC1,Cifra Sbagliata Srl,%s\nVC2,Cifra Giusta Srl,'
                   'IT01739270229\n' % BAD_VAT).encode()
        job = self.run_job('customers', content=content)
        self.assertCounters(job, created=1, rejected=1)
        self.assertEqual(self.log(job), [
            (2, 'vat', '"%s" is not a valid VAT number: its check digit is wrong' % BAD_VAT)])
        self.assertFalse(self.env['res.partner'].search([('dsa_external_code', '=', 'VC1')]))
        # in Italian for an Italian user
        job = self.Job.sudo(self.italian).create({
            'kind': 'customers', 'file_name': 'c.csv',
            'file': base64.b64encode(content.replace(b'VC', b'VD'))})
        job.with_context(dsa_import_sync=True).action_run()
        self.assertEqual(self.log(job), [
            (2, 'vat', '"%s" non è una partita IVA valida: la cifra di controllo è '
                       'sbagliata' % BAD_VAT)])

    def test_row_refused_by_a_constraint_says_why_in_a_sentence(self):
        """A row refused by a constraint when it is saved (here base_vat's, as before
        the check at the cell, or with the online VIES check) says why in a sentence,
        not as a Python tuple ("not saved: ('\\nThe VAT number ...', None)")."""
        content = ('code,name,vat\nVE1,Vincolo Sbagliato Srl,%s\n' % BAD_VAT).encode()
        with patch.object(CustomerHandler, 'vat_valid', lambda handler, vat: True):
            job = self.run_job('customers', content=content)
        self.assertCounters(job, rejected=1)
        [(row, column, reason)] = self.log(job)
        self.assertEqual((row, column), (2, ''))
        self.assertEqual(reason, 'not saved: The VAT number [%s] for partner [Vincolo '
                                 'Sbagliato Srl] does not seem to be valid. Note: the '
                                 'expected format is IT12345670017' % BAD_VAT)
        self.assertEqual(ImportHandler.exception_text(ValidationError('\nOne. \nTwo')),
                         'One. Two')

    def test_queued_import_speaks_the_users_language(self):
        """The job runner calls over HTTP in English: the queued import's messages are
        still in the language of the user who queued it."""
        job = self.Job.sudo(self.italian).create({
            'kind': 'invoices', 'file_name': 'i.csv',
            'file': base64.b64encode(self.file_content('invoices_missing_column.csv'))})
        job.action_run()
        self.assertEqual(job.state, 'queued')
        runner_env = self.env(context=dict(self.env.context, lang='en_US'))
        for pending in self.env['queue.job'].search([
                ('state', '=', 'pending'), ('model_name', '=', 'dsa.import.job')], order='id'):
            queued = QueueJob.load(runner_env, pending.uuid)
            queued.set_started()
            queued.perform()
        job.invalidate_cache()
        self.assertEqual(job.state, 'failed')
        self.assertEqual(job.error_message, 'Riga 1: colonna obbligatoria mancante: "date" '
                         '(colonne trovate: "number", "customer_code", "amount_total")')
