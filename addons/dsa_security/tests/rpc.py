"""XML-RPC attacks in the suite's tests (not a test module).

``RpcCase`` builds its data on the registry's test cursor, which the HTTP
server of the test answers on, and calls ``/xmlrpc/2/object`` as a real
user (password = login), exactly as a script of an attacker would."""
from xmlrpc import client as xmlrpclib

import odoo.tests.common
from odoo import SUPERUSER_ID, api
from odoo.tests.common import HttpCase, at_install, get_db_name, post_install

# odoo/service/wsgi_server.py: the fault code of an AccessError
FAULT_ACCESS_ERROR = 4


@at_install(False)
@post_install(True)
class RpcCase(HttpCase):

    def setUp(self):
        super(RpcCase, self).setUp()
        own_cr, own_env = self.cr, self.env

        def restore():
            self.cr, self.env = own_cr, own_env
        self.addCleanup(restore)
        self.cr = self.registry.test_cr
        self.env = api.Environment(self.cr, SUPERUSER_ID, {})

    def rpc_user(self, login, groups, partner=None):
        """A user whose password is its login."""
        vals = {'name': login.replace('_', ' ').title(), 'login': login, 'password': login,
                'email': '%s@example.com' % login,
                'groups_id': [(6, 0, [self.env.ref(g).id for g in groups])]}
        if partner:
            vals['partner_id'] = partner.id
        return self.env['res.users'].with_context(no_reset_password=True).create(vals)

    def _rpc_sync(self):
        # what each request does at its end: the data built so far survives a
        # request that fails and rolls back
        self.cr.execute('RELEASE SAVEPOINT test_cursor')
        self.cr.execute('SAVEPOINT test_cursor')

    def rpc(self, user, model, method, *args, **kwargs):
        """Call ``model.method(*args, **kwargs)`` over XML-RPC as ``user``."""
        self._rpc_sync()
        proxy = xmlrpclib.ServerProxy('http://%s:%s/xmlrpc/2/object' % (
            odoo.tests.common.HOST, odoo.tests.common.PORT), allow_none=True)
        try:
            return proxy.execute_kw(get_db_name(), user.id, user.login, model, method,
                                    list(args), kwargs)
        finally:
            self.env.cache.invalidate()

    def assertRpcAccessError(self, user, model, method, *args, **kwargs):
        """The call is refused with an AccessError; returns its message."""
        with self.assertRaises(xmlrpclib.Fault) as caught:
            self.rpc(user, model, method, *args, **kwargs)
        self.assertEqual(caught.exception.faultCode, FAULT_ACCESS_ERROR,
                         caught.exception.faultString[-1500:])
        return caught.exception.faultString
