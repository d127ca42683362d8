"""The database restarts under a running server (issue 29).

PostgreSQL is restarted (``pg_ctl restart -m fast``: every connection is cut) while an
Odoo server serves the customer portal and a queue job (a background customer import)
runs. Requests after the restart succeed without restarting Odoo, and the import
finishes with every row imported once.

The shared cluster is never touched: the test makes its own throwaway cluster
(``initdb`` under a temporary folder, on a free port, Unix socket only), loads a copy
of the test database into it (``pg_dump | psql``, and the filestore), and starts the
server as ``make run`` does (the suite's launcher and configuration: threaded, with
the queue_job runner) against it.

What Odoo does alone: the pooled connections that the restart killed are dropped
when borrowed (``sql_db.ConnectionPool.borrow`` resets them first), the job runner's
``LISTEN`` connection fails and the runner connects again after 5 s. What it did
not: the job that was running when PostgreSQL went down either stayed ``started``
for ever (nothing ran it again, its import stayed *running*) or was marked failed
("cursor already closed", the import failed with it), depending on when PostgreSQL
came back. ``scripts/odoo-bin`` retries a job whose connection was lost and requeues
the jobs started before PostgreSQL's own start when the runner reconnects
(scripts/queue_job_recovery.py, docs/deployment.md, *The database restarts*).

The helpers here (a throwaway cluster, a server, a portal session) are shared with
tests/test_several_hosts.py.
"""
import base64
import configparser
import glob
import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import xmlrpc.client

import odoo
import pytest

from test_install import ODOO_BIN, _conf

PORT = int(os.environ.get('DSA_EXTRA_HTTP_PORT', '8212'))
LIMIT = 300             # seconds for a start or a job on a busy 2-core machine
ROWS = 30000            # customers in the import
CHUNK = 3000            # rows per chunk: 10 chunks, one after the other
PORTAL = ('giulia.rossi', 'giulia.rossi')
PAGES = ['/my/home', '/my/plants', '/my/contracts']
PNG_B64 = ('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA'
           '60e6kgAAAABJRU5ErkJggg==')


# ------------------------------------------------------------------ the cluster
def pg_bindir():
    """scripts/dsa's choice: DSA_PG_BIN, the newest /usr/lib/postgresql/*/bin, PATH."""
    if os.environ.get('DSA_PG_BIN'):
        return os.environ['DSA_PG_BIN']
    found = sorted(glob.glob('/usr/lib/postgresql/*/bin/pg_ctl'),
                   key=lambda p: int(p.split('/')[-3]), reverse=True)
    return os.path.dirname(found[0] if found else shutil.which('pg_ctl'))


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


class Cluster(object):
    """A throwaway PostgreSQL cluster: initdb'd into a temporary folder, a Unix socket
    in it and a free port, owned by `postgres` when we are root (initdb refuses root)."""

    def __init__(self):
        self.bin = pg_bindir()
        self.dir = tempfile.mkdtemp(prefix='dsa-pg-')
        self.data = os.path.join(self.dir, 'data')
        self.sock = os.path.join(self.dir, 'run')
        self.log = os.path.join(self.dir, 'postgresql.log')
        self.port = free_port()
        os.makedirs(self.sock)
        if os.geteuid() == 0:
            os.chmod(self.dir, 0o755)
            subprocess.check_call(['chown', '-R', 'postgres:', self.dir])
        self._pg([os.path.join(self.bin, 'initdb'), '-D', self.data, '-U', 'odoo', '-A',
                  'trust', '-E', 'UTF8', '--locale=C.UTF-8'])

    def _pg(self, cmd):
        if os.geteuid() == 0:
            cmd = ['runuser', '-u', 'postgres', '--'] + cmd
        subprocess.run(cmd, cwd='/', check=True, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT)

    def pg_ctl(self, *args):
        # fsync off: a throwaway cluster, dropped at the end of the test
        opts = "-p %d -k %s -c listen_addresses='' -c fsync=off" % (self.port, self.sock)
        self._pg([os.path.join(self.bin, 'pg_ctl'), '-D', self.data, '-l', self.log, '-w',
                  '-t', '120', '-o', opts] + list(args))

    def start(self):
        self.pg_ctl('start')

    def restart(self):
        self.pg_ctl('-m', 'fast', 'restart')

    def env(self):
        return dict(os.environ, PGHOST=self.sock, PGPORT=str(self.port), PGUSER='odoo')

    def psql(self, dbname, query):
        out = subprocess.run([os.path.join(self.bin, 'psql'), '-d', dbname, '-tAc', query],
                             env=self.env(), check=True, stdout=subprocess.PIPE)
        return out.stdout.decode().strip()

    def load_copy(self, source, dbname):
        """pg_dump of the shared cluster's `source` into a new `dbname` here."""
        cfg = odoo.tools.config
        subprocess.run([os.path.join(self.bin, 'createdb'), '-T', 'template0', '-E', 'UTF8',
                        dbname], env=self.env(), check=True)
        dump = subprocess.Popen(
            [os.path.join(self.bin, 'pg_dump'), '--no-owner', '-d', source],
            env=dict(os.environ, PGHOST=cfg['db_host'] or '', PGPORT=str(cfg['db_port'] or 5432),
                     PGUSER=cfg['db_user'] or 'odoo'), stdout=subprocess.PIPE)
        load = subprocess.run([os.path.join(self.bin, 'psql'), '-q', '-v', 'ON_ERROR_STOP=1',
                               '-d', dbname], env=self.env(), stdin=dump.stdout,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        dump.stdout.close()
        assert dump.wait() == 0 and load.returncode == 0, load.stderr.decode()[-2000:]

    def destroy(self):
        try:
            self._pg([os.path.join(self.bin, 'pg_ctl'), '-D', self.data, '-m', 'immediate',
                      '-w', 'stop'])
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.dir, ignore_errors=True)


# ------------------------------------------------------------------ the server
def write_conf(path, **options):
    """The test configuration (the suite's odoo.conf) with `options` changed."""
    cp = configparser.ConfigParser(interpolation=None)
    cp.read(_conf())
    for key, value in options.items():
        cp['options'][key] = str(value)
    with open(path, 'w') as f:
        cp.write(f)
    os.chmod(path, 0o600)
    return path


def copy_filestore(source, data_dir, dbname):
    src = odoo.tools.config.filestore(source)
    dst = os.path.join(data_dir, 'filestore', dbname)
    if os.path.isdir(src):
        shutil.copytree(src, dst)
    else:
        os.makedirs(dst)


def start_server(conf, dbname, port, log, *extra):
    """The server as `make run` starts it (scripts/odoo-bin, threaded), on `port`."""
    cmd = [sys.executable, ODOO_BIN, '-c', conf, '-d', dbname, '--http-port=%d' % port,
           '--db-filter=^%s$' % dbname, '--logfile=%s' % log] + list(extra)
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)


def stop_server(proc):
    proc.terminate()
    try:
        proc.wait(60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def status(url, timeout=30):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status
    except urllib.error.HTTPError as err:
        return err.code
    except (urllib.error.URLError, ConnectionError, OSError):
        return None


def wait_up(base, proc, log):
    deadline = time.time() + LIMIT
    while time.time() < deadline:
        assert proc.poll() is None, 'the server exited during its start (see %s)' % log
        if status(base + '/web/login') == 200:
            return
        time.sleep(0.5)
    pytest.fail('the server did not answer /web/login within %d s (see %s)' % (LIMIT, log))


class Portal(object):
    """A browser session of a portal customer: logs in through /web/login."""

    def __init__(self, base, login, password, call):
        """`call`: admin's XML-RPC (rpc below), to approve this browser as a device of
        the customer when a device is required (dsa_auth_device), as an administrator
        does when the customer asks."""
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        if not self._login(login, password).endswith('/my/home'):
            user = call('res.users', 'search', [('login', '=', login)])
            devices = call('dsa.device', 'search', [('user_id', 'in', user),
                                                    ('state', '=', 'pending')])
            assert devices, 'the portal login failed, and no device waits for approval'
            call('dsa.device', 'action_approve', devices)
            path = self._login(login, password)
            assert path.endswith('/my/home'), path

    def _login(self, login, password):
        page = self.opener.open(self.base + '/web/login', timeout=60).read().decode()
        self.csrf_token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({'login': login, 'password': password,
                                       'csrf_token': self.csrf_token,
                                       'redirect': '/my/home'})
        # Odoo 11 answers a successful login with a page whose script redirects
        # (http.redirect_with_hash): where /my/home lands says whether it worked
        self.opener.open(self.base + '/web/login', data.encode(), timeout=60).close()
        with self.opener.open(self.base + '/my/home', timeout=60) as resp:
            return urllib.parse.urlparse(resp.geturl()).path     # /it_IT/my/home in Italian

    def get(self, path, timeout=60):
        """(status, body) of `path`; status None when the server did not answer."""
        try:
            with self.opener.open(self.base + path, timeout=timeout) as resp:
                return resp.status, resp.read()
        except urllib.error.HTTPError as err:
            return err.code, b''
        except (urllib.error.URLError, ConnectionError, OSError):
            return None, b''

    def post(self, path, values, timeout=120):
        values = dict(values, csrf_token=self.csrf_token)
        data = urllib.parse.urlencode(values).encode()
        with self.opener.open(self.base + path, data, timeout=timeout) as resp:
            return resp.status, resp.geturl()


def rpc(base, dbname):
    """execute_kw as admin over XML-RPC."""
    uid = xmlrpc.client.ServerProxy(base + '/xmlrpc/2/common').authenticate(
        dbname, 'admin', 'admin', {})
    assert uid, 'admin could not log in over XML-RPC'
    models = xmlrpc.client.ServerProxy(base + '/xmlrpc/2/object', allow_none=True)

    def call(model, method, *args, **kw):
        return models.execute_kw(dbname, uid, 'admin', model, method, list(args), kw)
    return call


def customers_file(prefix, rows):
    lines = ['code,name'] + ['%s%06d,Customer %s %06d' % (prefix, i, prefix, i)
                             for i in range(rows)]
    return ('\n'.join(lines) + '\n').encode()


def queue_import(call, prefix, rows, chunk):
    """A customer import through the job queue (action_run without the sync key)."""
    call('ir.config_parameter', 'set_param', 'dsa_accounting_bridge.import_chunk_rows',
         str(chunk))
    job_id = call('dsa.import.job', 'create', {
        'kind': 'customers', 'file_name': '%s.csv' % prefix,
        'file': base64.b64encode(customers_file(prefix, rows)).decode()})
    call('dsa.import.job', 'action_run', [job_id])
    return job_id


def read_import(call, job_id):
    return call('dsa.import.job', 'read', [job_id],
                ['state', 'count_created', 'count_rejected', 'rows_done', 'error_message'])[0]


# ------------------------------------------------------------------ the test
class _Poller(threading.Thread):
    """The portal customer's pages, one after the other, with when each was answered."""

    def __init__(self, portal):
        super(_Poller, self).__init__(daemon=True)
        self.portal = portal
        self.stop = threading.Event()
        self.answers = []      # (time asked, path, status, time answered)

    def run(self):
        i = 0
        while not self.stop.is_set():
            path = PAGES[i % len(PAGES)]
            asked = time.time()
            code, _body = self.portal.get(path)
            self.answers.append((asked, path, code, time.time()))
            i += 1
            time.sleep(0.1)


@pytest.fixture(scope='module')
def served():
    """A throwaway cluster holding a copy of the test database, and the server on it."""
    cluster = Cluster()
    dbname = odoo.tools.config['db_name'] + '_pgr'
    proc = None
    try:
        cluster.start()
        cluster.load_copy(odoo.tools.config['db_name'], dbname)
        data_dir = os.path.join(cluster.dir, 'odoo')
        copy_filestore(odoo.tools.config['db_name'], data_dir, dbname)
        conf = write_conf(os.path.join(cluster.dir, 'odoo.conf'), db_host=cluster.sock,
                          db_port=cluster.port, data_dir=data_dir)
        log = os.path.join(odoo.tools.config['data_dir'], 'db-restart-%s.log' % dbname)
        if os.path.exists(log):
            os.remove(log)
        base = 'http://127.0.0.1:%d' % PORT
        proc = start_server(conf, dbname, PORT, log)
        wait_up(base, proc, log)
        yield cluster, dbname, base, log
    finally:
        if proc:
            stop_server(proc)
        cluster.destroy()


def test_database_restart_under_portal_and_job(served):
    cluster, dbname, base, log = served
    call = rpc(base, dbname)
    portal = Portal(base, PORTAL[0], PORTAL[1], call)
    assert portal.get('/my/plants')[0] == 200
    job_id = queue_import(call, 'PGR', ROWS, CHUNK)
    poller = _Poller(portal)
    poller.start()
    try:
        # restart while a chunk of the import runs (its queue job started), once the
        # first chunk is done
        deadline = time.time() + LIMIT
        while True:
            job = read_import(call, job_id)
            assert job['state'] in ('queued', 'running'), job
            running = cluster.psql(dbname, (
                "SELECT (SELECT count(*) FROM dsa_import_job_chunk WHERE job_id = %d "
                "        AND state = 'done') > 0 "
                "   AND (SELECT count(*) FROM queue_job WHERE state = 'started') > 0"
                % job_id))
            if running == 't':
                break
            assert time.time() < deadline, 'the import did not start: %s' % job
            time.sleep(0.2)
        # the jobs that the restart kills (or that end just before it)
        killed = cluster.psql(dbname, "SELECT string_agg(quote_literal(uuid), ',') "
                                      "FROM queue_job WHERE state = 'started'")
        restart_began = time.time()
        cluster.restart()
        restarted = time.time()
        # the pooled connections were all cut: Odoo serves again without a restart
        time.sleep(20)      # longer than the runner's recovery delay (5 s)
    finally:
        poller.stop.set()
        poller.join(90)
    after = [a for a in poller.answers if a[0] >= restarted]
    assert len(after) >= 10, poller.answers[-20:]
    failed = [a for a in after if a[2] != 200]
    assert not failed, 'requests after the restart failed: %s (see %s)' % (failed[:10], log)
    # requests in flight during the restart may fail; those answered before it did not
    before = [a for a in poller.answers if a[3] < restart_began]
    assert before and all(a[2] == 200 for a in before), before[-10:]

    # the job finishes: every customer imported once, the import done
    deadline = time.time() + LIMIT
    while True:
        job = read_import(call, job_id)
        if job['state'] not in ('queued', 'running'):
            break
        assert time.time() < deadline, 'the import did not finish after the restart: %s' % job
        time.sleep(1)
    assert job['state'] == 'done', job
    assert (job['count_created'], job['count_rejected']) == (ROWS, 0), job
    count = call('res.partner', 'search_count', [('dsa_external_code', '=like', 'PGR%')])
    assert count == ROWS
    codes = cluster.psql(dbname, "SELECT count(DISTINCT dsa_external_code) FROM res_partner "
                                 "WHERE dsa_external_code LIKE 'PGR%'")
    assert int(codes) == ROWS
    states = cluster.psql(dbname, "SELECT string_agg(DISTINCT state, ',') FROM queue_job "
                                  "WHERE model_name = 'dsa.import.job'")
    assert states == 'done', states
    # the chunk whose job the restart killed ran again to its end
    assert killed
    assert cluster.psql(dbname, "SELECT string_agg(DISTINCT state, ',') FROM queue_job "
                                "WHERE uuid IN (%s)" % killed) == 'done'
    # and the portal still answers, as the same customer, without logging in again
    assert portal.get('/my/contracts')[0] == 200
