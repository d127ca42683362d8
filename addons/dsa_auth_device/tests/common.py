"""Set-up shared by dsa_auth_device's tests (not a test module): the HTTP
login tests drive a real browser session (requests) against the test server."""
import contextlib

import odoo.tests.common
from odoo import SUPERUSER_ID, api
from odoo.tests.common import HOST, HttpCase, get_db_name

# a login on a busy machine may wait for the assets and for the other engineers' tests
TIMEOUT = 180


def url(path):
    """The URL of ``path`` on the HTTP server of the tests."""
    return 'http://%s:%s%s' % (HOST, odoo.tests.common.PORT, path)


def page_url(path):
    """URL of a web page for a browser without a session database: it names
    the test database, as a server that sees several databases (Odoo's own
    runner without a dbfilter) cannot guess it."""
    sep = '&' if '?' in path else '?'
    return url('%s%sdb=%s' % (path, sep, get_db_name()))


class LoginCase(HttpCase):
    """Login tests over real HTTP. In Odoo 11 the HTTP server of an HttpCase
    works in the registry's test cursor, not in self.cr: the data of these
    tests is written through that cursor (``_env()``), so the server sees
    it, and it is rolled back when the test leaves test mode."""

    @contextlib.contextmanager
    def _env(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env['res.users'].invalidate_cache()
            yield env

    def _url(self, path):
        return url(path)

    def _page(self, path):
        return page_url(path)
