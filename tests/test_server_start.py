"""Every start of the server comes up whole, whatever arrives during it (issue 29).

Odoo 11's threaded server listens before the main thread has loaded the
registry. Its first request used to import every addon (``Root.load_addons``)
while the main thread imported them too: three starts in eight came up with a
broken registry (*Model 'calendar.event' does not exist in registry*, or a
deadlock on ``_ModuleLock('odoo.addons.portal.controllers')``), after which
every request failed. The job runner's own first request was enough.

Each case here starts the server as ``make run`` does (the real launcher, the
suite's configuration: threaded, with the queue_job runner), on a copy of the
test database, while clients hit it from the first moment. Once it answers,
the registry must be whole: models of every installed addon answer over
XML-RPC, and the portal and login pages answer 200. The starts run one after
another: ``DSA_START_RUNS`` of them (8 by default).
"""
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import xmlrpc.client

import odoo
import pytest

from test_install import ODOO_BIN, _conf, _copy, _drop

PORT = int(os.environ.get('DSA_START_HTTP_PORT', '8179'))
RUNS = int(os.environ.get('DSA_START_RUNS', '8'))
LIMIT = 300     # seconds for one start on a busy 2-core machine
# one model per addon family whose controllers or models were imported twice
MODELS = ['calendar.event', 'project.task', 'crm.lead', 'sale.order', 'account.invoice',
          'dsa.plant', 'dsa.ticket', 'dsa.zone', 'dsa.licence.subscription',
          'dsa.import.job', 'dsa.device', 'queue.job']
# pages that a healthy server answers without an error, whoever asks
PAGES = ['/web/login', '/my', '/web/webclient/version_info', '/calendar/meeting/view',
         '/web/database/selector', '/dsa_tts/static/description/icon.png']
# what Odoo reports of a registry that failed to load, or of an addon import that
# deadlocked, during the start
BROKEN = ('Failed to load registry', 'Failed to initialize database', 'deadlock detected',
          'does not exist in registry')
JSON_CALL = b'{"jsonrpc": "2.0", "params": {}}'


def _hit(url, data=None):
    headers = {'Content-Type': 'application/json'} if data else {}
    try:
        request = urllib.request.Request(url, data=data, headers=headers)
        with urllib.request.urlopen(request, timeout=30) as resp:
            return resp.status
    except urllib.error.HTTPError as err:
        return err.code
    except (urllib.error.URLError, ConnectionError, OSError):
        return None


class _Traffic(threading.Thread):
    """Clients that poll the server's pages from the first moment of its start."""

    def __init__(self, base):
        super(_Traffic, self).__init__(daemon=True)
        self.base = base
        self.stop = threading.Event()
        self.answers = []

    def run(self):
        i = 0
        while not self.stop.is_set():
            path = PAGES[i % len(PAGES)]
            data = JSON_CALL if path == '/web/webclient/version_info' else None
            status = _hit(self.base + path, data)
            if status is not None:
                self.answers.append((path, status))
            i += 1
            time.sleep(0.02)


def _start(dbname, log):
    cmd = [sys.executable, ODOO_BIN, '-c', _conf(), '-d', dbname,
           '--http-port=%d' % PORT, '--db-filter=^%s$' % dbname, '--logfile=%s' % log]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)


def _wait_login(base, proc):
    deadline = time.time() + LIMIT
    while time.time() < deadline:
        assert proc.poll() is None, 'the server exited during its start'
        if _hit(base + '/web/login') == 200:
            return
        time.sleep(0.2)
    pytest.fail('the server did not answer /web/login within %d s' % LIMIT)


def _check_whole(base, dbname):
    """What a broken registry fails: every addon's models, the login and portal pages."""
    common = xmlrpc.client.ServerProxy(base + '/xmlrpc/2/common')
    uid = common.authenticate(dbname, 'admin', 'admin', {})
    assert uid, 'admin could not log in over XML-RPC after the start'
    models = xmlrpc.client.ServerProxy(base + '/xmlrpc/2/object')
    counts = {}
    for model in MODELS:
        counts[model] = models.execute_kw(dbname, uid, 'admin', model, 'search_count', [[]])
    assert counts['dsa.plant'] > 0 and counts['calendar.event'] >= 0
    for path in ('/web/login', '/web/login?redirect=/my'):
        assert _hit(base + path) == 200, path
    return counts


@pytest.fixture(scope='module')
def start_db():
    dbname = odoo.tools.config['db_name'] + '_start'
    _copy(os.environ.get('DSA_TEST_BASE_DB') or odoo.tools.config['db_name'] + '_base',
          dbname)
    yield dbname
    _drop(dbname)


@pytest.mark.parametrize('run', range(RUNS))
def test_start_under_traffic(start_db, run):
    base = 'http://127.0.0.1:%d' % PORT
    log = os.path.join(odoo.tools.config['data_dir'], 'start-%s-%d.log' % (start_db, run))
    if os.path.exists(log):
        os.remove(log)
    traffic = [_Traffic(base) for _i in range(3)]
    proc = _start(start_db, log)
    try:
        for client in traffic:
            client.start()
        _wait_login(base, proc)
        time.sleep(2)       # the job runner's first request, and more traffic
        counts = _check_whole(base, start_db)
        assert set(counts) == set(MODELS)
        # requests that arrived during the start were answered, not failed by a
        # broken registry: the last answers of each page are not server errors
        for client in traffic:
            client.stop.set()
        for client in traffic:
            client.join(30)
        answered = [a for c in traffic for a in c.answers]
        assert answered, 'no request was answered during the start'
        late = answered[-len(PAGES) * 3:]
        assert not [a for a in late if a[1] >= 500], late
        # a broken first load can be hidden by a later request that loads the
        # registry again: the server's own report of its start must be clean
        with open(log) as f:
            report = f.read()
        for sign in BROKEN:
            assert sign not in report, 'start %d: %s (see %s)' % (run, sign, log)
    finally:
        for client in traffic:
            client.stop.set()
        proc.terminate()
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
