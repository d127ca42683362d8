"""pytest set-up shared by every addon's tests and the top-level tests/.

pytest-odoo loads the registry but does not start Odoo's HTTP server, so
`HttpCase.url_open` would get "connection refused".  Start it once per
session, on the port of the test configuration (`scripts/dsa test` writes
one that does not collide with a running `make run`).

The server of the tests loads no addon on its first request
(ODOO_PRELOAD_ADDONS=no, as scripts/odoo-bin starts every server): only the
registry imports addons (tests/test_server_start.py says why).
"""
import os

os.environ['ODOO_PRELOAD_ADDONS'] = 'no'

import odoo  # noqa: E402
import odoo.tests.common  # noqa: E402
import pytest  # noqa: E402


@pytest.fixture(scope='session', autouse=True)
def odoo_http_server(load_registry):
    port = odoo.tools.config['http_port']
    # odoo.tests.common read the port at import time, before the test
    # configuration was parsed.
    odoo.tests.common.PORT = port
    server = odoo.service.server.ThreadedServer(odoo.service.wsgi_server.application)
    server.http_spawn()
    yield server


@pytest.hookimpl(tryfirst=True)
def pytest_pycollect_makemodule(path, parent):
    """Cross-module tests in tests/ are plain modules, not Odoo addons:
    pytest-odoo would import them as `odoo.addons.<package>`."""
    if path.dirpath().basename == 'tests' and path.dirpath().dirpath() == parent.config.rootdir:
        return pytest.Module.from_parent(parent, fspath=path)
    return None
