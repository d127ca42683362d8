"""Set-up shared by the tests of every addon of the suite (not a test module).

- ``make_user``: a user of some groups whose password is its login, as the
  attack tests log in with it;
- ``DsaHttpCase``: an HttpCase whose data is built where Odoo 11's test HTTP
  server reads it, with login, URL and CSRF helpers;
- ``RpcCase``: the same for XML-RPC, called as a real user, exactly as a
  script of an attacker would.
"""
import re
from xmlrpc import client as xmlrpclib

import odoo.tests.common
from odoo import SUPERUSER_ID, api
from odoo.tests.common import HttpCase, at_install, get_db_name, post_install

# odoo/service/wsgi_server.py: the fault code of an AccessError
FAULT_ACCESS_ERROR = 4


def make_user(env, login, groups, partner=None, **vals):
    """A user of ``groups`` (XML ids or group records) whose password is its
    login; ``partner`` makes it that contact's user (and keeps the contact's
    e-mail address, which the mail tests check)."""
    group_ids = [env.ref(g).id if isinstance(g, str) else g.id for g in groups]
    values = {'name': login.replace('_', ' ').title(), 'login': login, 'password': login,
              'email': '%s@example.com' % login, 'groups_id': [(6, 0, group_ids)]}
    if partner:
        values['partner_id'] = partner.id
        values['email'] = partner.email or values['email']
    values.update(vals)
    return env['res.users'].with_context(no_reset_password=True).create(values)


def server_url(path=''):
    """The URL of ``path`` on the HTTP server of the tests."""
    return 'http://%s:%s%s' % (odoo.tests.common.HOST, odoo.tests.common.PORT, path)


@at_install(False)
@post_install(True)
class DsaHttpCase(HttpCase):
    """An HttpCase whose data is built on the registry's test cursor, the one
    the HTTP server uses, so that the server sees the users and records that
    ``setUp`` creates (rolled back at the end). Requests are synchronous to
    the test's thread, so the cursor's lock is released at once."""

    def setUp(self):
        super(DsaHttpCase, self).setUp()
        test_cr = self.registry.cursor()
        test_cr.release()
        self.env = api.Environment(test_cr, SUPERUSER_ID, {})

    def authenticate(self, user, password):
        """Log in; the session token is computed on the cursor where the user exists."""
        real_cr, self.cr = self.cr, self.env.cr
        try:
            return super(DsaHttpCase, self).authenticate(user, password)
        finally:
            self.cr = real_cr

    def login(self, user):
        """Log in as ``user``, whose password is its login (``make_user``)."""
        return self.authenticate(user.login, user.login)

    def url_open(self, url, data=None, timeout=90):
        """The first page of a test builds the frontend assets: slow on a busy machine."""
        return super(DsaHttpCase, self).url_open(url, data=data, timeout=timeout)

    def base_url(self):
        return server_url()

    def make_user(self, login, groups, partner=None, **vals):
        """``make_user`` on the test cursor."""
        return make_user(self.env, login, groups, partner=partner, **vals)

    def portal_customer(self, company_name, contact_name, login, email=None, user_name=None):
        """A customer company, its contact and the contact's portal user
        (password = login): the customers of the portal tests."""
        Partner = self.env['res.partner']
        company = Partner.create({'name': company_name, 'is_company': True})
        contact = Partner.create({'name': contact_name, 'parent_id': company.id,
                                  'email': email or '%s@example.com' % login})
        user = self.make_user(login, ['base.group_portal'], contact,
                              name=user_name or contact_name)
        return company, contact, user

    def csrf_page(self, url):
        """The page at ``url`` (it must answer 200) and the CSRF token of its form."""
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        match = (re.search(r'name="csrf_token" value="([^"]+)"', response.text)
                 or re.search(r'csrf_token: "([^"]+)"', response.text))
        self.assertTrue(match, 'no csrf token in %s' % url)
        return match.group(1), response

    def csrf(self, url):
        """The CSRF token of the form at ``url``."""
        return self.csrf_page(url)[0]


@at_install(False)
@post_install(True)
class RpcCase(HttpCase):
    """Data built on the registry's test cursor itself, which the HTTP server
    of the test answers XML-RPC on; ``rpc`` calls ``/xmlrpc/2/object`` as a
    real user (password = login)."""

    def setUp(self):
        super(RpcCase, self).setUp()
        own_cr, own_env = self.cr, self.env

        def restore():
            self.cr, self.env = own_cr, own_env
        self.addCleanup(restore)
        self.cr = self.registry.test_cr
        self.env = api.Environment(self.cr, SUPERUSER_ID, {})

    def rpc_user(self, login, groups, partner=None, **vals):
        """``make_user`` on the test cursor."""
        return make_user(self.env, login, groups, partner=partner, **vals)

    def rpc_sync(self):
        """What each request does at its end (TestCursor.commit): the data
        built so far survives a request that fails and rolls back."""
        self.cr.execute('RELEASE SAVEPOINT test_cursor')
        self.cr.execute('SAVEPOINT test_cursor')

    def rpc(self, user, model, method, *args, **kwargs):
        """Call ``model.method(*args, **kwargs)`` over XML-RPC as ``user``."""
        self.rpc_sync()
        proxy = xmlrpclib.ServerProxy(server_url('/xmlrpc/2/object'), allow_none=True)
        try:
            return proxy.execute_kw(get_db_name(), user.id, user.login, model, method,
                                    list(args), kwargs)
        finally:
            self.env.cache.invalidate()

    def rpc_fault(self, user, model, method, *args, **kwargs):
        """The XML-RPC fault that the call raises (the test fails if it succeeds)."""
        with self.assertRaises(xmlrpclib.Fault) as caught:
            self.rpc(user, model, method, *args, **kwargs)
        return caught.exception

    def assertRpcAccessError(self, user, model, method, *args, **kwargs):
        """The call is refused with an AccessError; returns its message."""
        fault = self.rpc_fault(user, model, method, *args, **kwargs)
        self.assertEqual(fault.faultCode, FAULT_ACCESS_ERROR, fault.faultString[-1500:])
        return fault.faultString
