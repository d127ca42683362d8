"""Platform settings a hostile visitor tries first (issue 12): the default
database-manager master password and the database manager itself."""
import configparser
import os

import odoo
from odoo.tests.common import HttpCase

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_committed_conf_has_no_master_password():
    cp = configparser.ConfigParser(interpolation=None)
    cp.read(os.path.join(ROOT, 'odoo.conf'))
    assert 'admin_passwd' not in cp['options']
    assert cp['options'].get('list_db') == 'False'


def test_generated_master_password_is_not_admin():
    passwd = odoo.tools.config['admin_passwd']
    assert passwd and passwd != 'admin' and len(passwd) >= 24


class TestDatabaseManagerClosed(HttpCase):

    def test_backup_with_default_master_password_refused(self):
        db = self.env.cr.dbname
        response = self.url_open('/web/database/backup', data={
            'master_pwd': 'admin', 'name': db, 'backup_format': 'zip'}, timeout=60)
        self.assertNotIn('zip', response.headers.get('Content-Type', ''))
        self.assertNotEqual(response.content[:2], b'PK')
        page = self.url_open('/web/database/manager', timeout=60)
        self.assertIn('The database manager has been disabled', page.text)
