"""E-invoices over XML-RPC (issue 24): an accountant's script uploads a portal zip
and runs it, as the import job form does."""
import base64
from xmlrpc import client as xmlrpclib

import odoo.tests.common
from odoo import SUPERUSER_ID, api
from odoo.tests.common import HttpCase, at_install, get_db_name, post_install

from . import fatturapa_samples as S


@at_install(False)
@post_install(True)
class TestFatturaPARpc(HttpCase):

    def setUp(self):
        super(TestFatturaPARpc, self).setUp()
        own_cr, own_env = self.cr, self.env

        def restore():
            self.cr, self.env = own_cr, own_env
        self.addCleanup(restore)
        self.cr = self.registry.test_cr
        self.env = api.Environment(self.cr, SUPERUSER_ID, {})
        self.env.user.company_id.write({'vat': S.COMPANY['vat']})
        self.user = self.env['res.users'].with_context(no_reset_password=True).create({
            'name': 'Contabile RPC', 'login': 'fatturapa_rpc', 'password': 'fatturapa_rpc',
            'email': 'rpc@example.com',
            'groups_id': [(6, 0, [self.env.ref(
                'dsa_accounting_bridge.group_import_user').id])]})

    def _rpc(self, model, method, *args, **kwargs):
        self.cr.execute('RELEASE SAVEPOINT test_cursor')
        self.cr.execute('SAVEPOINT test_cursor')
        proxy = xmlrpclib.ServerProxy('http://%s:%s/xmlrpc/2/object' % (
            odoo.tests.common.HOST, odoo.tests.common.PORT), allow_none=True)
        try:
            return proxy.execute_kw(get_db_name(), self.user.id, self.user.login, model,
                                    method, list(args), kwargs)
        finally:
            self.env.cache.invalidate()

    def test_accountant_imports_a_zip_over_xmlrpc(self):
        buyer = {'vat': 'IT07643520567', 'name': 'Cliente RPC S.r.l.', 'province': 'MI'}
        archive = S.zip_of([
            ('IT00024681009_00001.xml', S.invoice_xml(S.COMPANY, buyer, [
                S.body('RPC-1', lines=[S.line('Caldaia', 1, '1000.00')])])),
            ('IT00024681009_00001_RC_001.xml', S.receipt_xml())])
        job_id = self._rpc('dsa.import.job', 'create', {
            'kind': 'fatturapa', 'file_name': 'anno.zip',
            'file': base64.b64encode(archive).decode()})
        self._rpc('dsa.import.job', 'action_run', [job_id],
                  context={'dsa_import_sync': True})
        job = self._rpc('dsa.import.job', 'read', [job_id],
                        ['state', 'count_created', 'count_files_skipped'])[0]
        self.assertEqual((job['state'], job['count_created'], job['count_files_skipped']),
                         ('done', 1, 1))
        invoice = self.env['dsa.imported.invoice'].search([('number', '=', 'RPC-1')])
        self.assertEqual((invoice.amount_total, invoice.partner_id.name, invoice.create_uid),
                         (1220.0, 'Cliente RPC S.r.l.', self.user))
