"""Shared set-up of dsa_security's HTTP tests."""
from odoo import SUPERUSER_ID, api
from odoo.tests import common
from odoo.tests.common import HttpCase


class DsaHttpCase(HttpCase):
    """An HttpCase whose data is built on the registry's test cursor, the one
    the HTTP server uses, so that the server sees the users and records that
    ``setUp`` creates."""

    def setUp(self):
        super(DsaHttpCase, self).setUp()
        test_cr = self.registry.cursor()
        test_cr.release()
        self.env = api.Environment(test_cr, SUPERUSER_ID, {})

    def authenticate(self, user, password):
        real_cr, self.cr = self.cr, self.env.cr
        try:
            return super(DsaHttpCase, self).authenticate(user, password)
        finally:
            self.cr = real_cr

    def url_open(self, url, data=None, timeout=90):
        return super(DsaHttpCase, self).url_open(url, data=data, timeout=timeout)

    def base_url(self):
        return 'http://127.0.0.1:%s' % common.PORT

    def make_user(self, login, groups, **vals):
        """A user of ``groups`` (xml ids) whose password is its login."""
        group_ids = [self.env.ref(xmlid).id for xmlid in groups]
        vals = dict({'name': login.replace('_', ' ').title(), 'login': login,
                     'password': login, 'groups_id': [(6, 0, group_ids)]}, **vals)
        return self.env['res.users'].with_context(no_reset_password=True).create(vals)
