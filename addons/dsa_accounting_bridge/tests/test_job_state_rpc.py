from odoo import SUPERUSER_ID
from odoo.tests.common import at_install, post_install

from odoo.addons.dsa_base.tests.common import RpcCase


@at_install(False)
@post_install(True)
class TestJobStateRpc(RpcCase):
    """An import user's script over XML-RPC cannot forge the outcome of an
    import job nor of its chunks: state, counters and dates are the server's
    (issue 23; the job's own guard is SERVER_FIELDS in dsa_import_job.py)."""

    def setUp(self):
        super(TestJobStateRpc, self).setUp()
        self.user = self.rpc_user('bridge_rpc_importer',
                                  ['dsa_accounting_bridge.group_import_user'],
                                  name='Import Ivo', email='ivo@example.com')
        self.job = self.env['dsa.import.job'].create({'kind': 'customers'})
        self.chunk = self.env['dsa.import.job.chunk'].create({'job_id': self.job.id})

    def _refused(self, *args, **kwargs):
        return self.assertRpcAccessError(self.user, *args, **kwargs)

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
