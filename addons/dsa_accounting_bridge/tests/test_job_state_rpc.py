from xmlrpc import client as xmlrpclib

import odoo.tests.common
from odoo import SUPERUSER_ID, api
from odoo.tests.common import HttpCase, at_install, get_db_name, post_install


@at_install(False)
@post_install(True)
class TestJobStateRpc(HttpCase):
    """An import user's script over XML-RPC cannot forge the outcome of an
    import job nor of its chunks: state, counters and dates are the server's
    (issue 23; the job's own guard is SERVER_FIELDS in dsa_import_job.py)."""

    def setUp(self):
        super(TestJobStateRpc, self).setUp()
        own_cr, own_env = self.cr, self.env

        def restore():
            self.cr, self.env = own_cr, own_env
        self.addCleanup(restore)
        self.cr = self.registry.test_cr
        self.env = api.Environment(self.cr, SUPERUSER_ID, {})
        self.user = self.env['res.users'].with_context(no_reset_password=True).create({
            'name': 'Import Ivo', 'login': 'bridge_rpc_importer',
            'password': 'bridge_rpc_importer', 'email': 'ivo@example.com',
            'groups_id': [(6, 0, [self.env.ref(
                'dsa_accounting_bridge.group_import_user').id])]})
        self.job = self.env['dsa.import.job'].create({'kind': 'customers'})
        self.chunk = self.env['dsa.import.job.chunk'].create({'job_id': self.job.id})

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

    def _refused(self, *args, **kwargs):
        with self.assertRaises(xmlrpclib.Fault) as caught:
            self._rpc(*args, **kwargs)
        self.assertEqual(caught.exception.faultCode, 4, caught.exception.faultString[-1000:])

    def test_import_user_forges_job_and_chunk(self):
        for vals in ({'state': 'done'}, {'count_created': 1000},
                     {'date_end': '2020-01-01 00:00:00'}, {'user_id': SUPERUSER_ID}):
            self._refused('dsa.import.job', 'write', [self.job.id], vals)
        self._refused('dsa.import.job', 'create', {'kind': 'customers', 'state': 'done'})
        self._refused('dsa.import.job', 'create', {'kind': 'customers'},
                      context={'default_state': 'done', 'default_count_created': 1000})
        self._refused('dsa.import.job.chunk', 'write', [self.chunk.id], {'state': 'done'})
        self.assertEqual(self.job.state, 'draft')
        self.assertEqual(self.chunk.state, 'pending')
