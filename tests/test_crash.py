"""Work that survives a worker killed mid-way (issue 29, *Crashes*).

Each case runs real Odoo servers (the suite's launcher and configuration,
threaded, with the queue_job runner) on two copies of one prepared database:

- the *reference* copy runs the work with no crash;
- the *crash* copy runs the same work, and the server is killed with SIGKILL
  (no clean-up) in the middle of it; the test then checks that nothing is
  half-written, starts the server again, lets the work's normal mechanism
  resume it (the job queue's garbage collector queues the dead job again, the
  cron runs again, the customer signs again), and compares the end state with
  the reference copy's: counts, totals, states and hashes of the data.
They take about 12 minutes: ``make crash-tests`` runs them, after ``make test`` in CI (
``DSA_CRASH_HTTP_PORT``, by default the test port + 1000, is their servers' port).

"In the middle" is made deterministic without any hook in the code: the test
holds a row lock (``SELECT ... FOR UPDATE``) on a row that the work reaches
half-way (a customer that only a middle row of the import names, the customer of
a middle subscription, the plant of a contract of the second batch, the
intervention the signature writes after its PDF is rendered), waits until the
database shows the server's transaction waiting on that lock
(``pg_blocking_pids``), and kills the server then. Everything before the lock in
that transaction is written, not committed, as in a real crash.

Crons run only when the test triggers them (``--max-cron-threads=0``, and
``ir.cron.method_direct_trigger``, the *Run manually* button, which runs the
cron's own code): a server started for a test must not run other scheduled work
that would make the two copies differ. The crashed runs were not committed, so
the real cron's next call is not advanced either and its next run is this one.
"""
import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import xmlrpc.client

import odoo
import pytest
import requests

from test_install import ODOO_BIN, _conf, _connect, _copy, _drop

# about 12 minutes on a busy 2-core machine: `make crash-tests` runs them, not `make test`

PORT = int(os.environ.get('DSA_CRASH_HTTP_PORT')
           or int(odoo.tools.config['http_port']) + 1000)
BASE = 'http://127.0.0.1:%d' % PORT
LIMIT = 300      # seconds for a start, a run or a wait on a busy 2-core machine
STARTED_GRACE = 30   # dsa_accounting_bridge/models/queue_job.py
PNG_B64 = ('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA'
           '60e6kgAAAABJRU5ErkJggg==')


# ---------------------------------------------------------------------- plumbing

def _name(case, kind):
    return '%s_crash_%s_%s' % (odoo.tools.config['db_name'], case, kind)


def _rows(dbname, query, params=None):
    conn = _connect(dbname)
    try:
        with conn.cursor() as cr:
            cr.execute(query, params)
            return cr.fetchall()
    finally:
        conn.close()


def _one(dbname, query, params=None):
    return _rows(dbname, query, params)[0]


def _shell(dbname, script):
    """Run ``script`` in ``odoo-bin shell`` on ``dbname``; it prints one line
    ``CRASH <json>`` that is returned."""
    proc = subprocess.run(
        [sys.executable, ODOO_BIN, 'shell', '-c', _conf(), '-d', dbname, '--no-http',
         '--log-level=warn'],
        input=script.encode(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=LIMIT)
    out = proc.stdout.decode()
    found = re.findall(r'^CRASH (.*)$', out, re.M)
    assert proc.returncode == 0 and found, out[-3000:]
    return json.loads(found[-1])


def _prepare(case, script):
    """The prepared database (the reference copy) and its copy for the crash."""
    ref, crash = _name(case, 'ref'), _name(case, 'kill')
    base = os.environ.get('DSA_TEST_BASE_DB') or odoo.tools.config['db_name'] + '_base'
    _copy(base, ref)
    data = _shell(ref, script)
    _copy(ref, crash)
    return ref, crash, data


def _wait(what, condition, timeout=LIMIT, step=0.5):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    pytest.fail('timed out waiting for %s' % what)


class Server(object):
    """An Odoo server as `make run` starts it (threaded, with the job runner)."""

    def __init__(self, dbname):
        self.dbname = dbname
        self.log = os.path.join(odoo.tools.config['data_dir'], 'crash-%s.log' % dbname)
        self.proc = None

    def start(self):
        cmd = [sys.executable, ODOO_BIN, '-c', _conf(), '-d', self.dbname,
               '--http-port=%d' % PORT, '--db-filter=^%s$' % self.dbname,
               '--max-cron-threads=0', '--logfile=%s' % self.log]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)

        def answers():
            assert self.proc.poll() is None, 'the server exited during its start'
            try:
                return requests.get(BASE + '/web/login', timeout=30).status_code == 200
            except requests.RequestException:
                return False
        _wait('the server to answer /web/login', answers)
        return self

    def kill(self):
        """SIGKILL: no clean-up, as a worker killed by the kernel or a power cut of
        the application host."""
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(60)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.kill()

    def call(self, model, method, *args):
        common = xmlrpc.client.ServerProxy(BASE + '/xmlrpc/2/common')
        uid = common.authenticate(self.dbname, 'admin', 'admin', {})
        assert uid, 'admin could not log in over XML-RPC'
        models = xmlrpc.client.ServerProxy(BASE + '/xmlrpc/2/object', allow_none=True)
        return models.execute_kw(self.dbname, uid, 'admin', model, method, list(args))

    def run_cron(self, xmlid):
        """The cron's own code, as its *Run manually* button runs it."""
        cron_id = self.call('ir.model.data', 'xmlid_to_res_id', xmlid, True)
        return self.call('ir.cron', 'method_direct_trigger', [cron_id])

    def in_background(self, func, *args):
        """``func`` in a thread: the call that the kill interrupts."""
        outcome = {}

        def target():
            try:
                outcome['result'] = func(*args)
            except Exception as exc:    # the server died under the call
                outcome['error'] = exc
        thread = threading.Thread(target=target, daemon=True)
        thread.start()
        return thread, outcome


class RowLock(object):
    """A row lock held by the test: the server's transaction that reaches the
    row waits on it, half-way through its work, until the test kills the server."""

    def __init__(self, dbname, table, row_id):
        self.dbname = dbname
        self.conn = _connect(dbname)
        self.conn.autocommit = False
        with self.conn.cursor() as cr:
            cr.execute('SELECT id FROM "%s" WHERE id = %%s FOR UPDATE' % table, (row_id,))
            assert cr.fetchone(), (table, row_id)
            cr.execute('SELECT pg_backend_pid()')
            self.pid = cr.fetchone()[0]

    def blocked(self, timeout=LIMIT):
        """The query of the server's transaction that waits on this lock."""
        def waiting():
            rows = _rows(self.dbname, 'SELECT query FROM pg_stat_activity '
                                      'WHERE datname = %s AND %s = ANY(pg_blocking_pids(pid))',
                         (self.dbname, self.pid))
            return rows and rows[0][0]
        return _wait('the work to reach the locked row', waiting, timeout)

    def release(self):
        self.conn.rollback()
        self.conn.close()


def _crash(server, lock):
    """Kill the server, release the lock, and wait until PostgreSQL has ended
    every backend of the dead server (rolling back its open transactions)."""
    server.kill()
    lock.release()
    _wait('the dead server\'s backends to end', lambda: not _rows(
        server.dbname, 'SELECT pid FROM pg_stat_activity WHERE datname = %s '
                       'AND pid <> pg_backend_pid()', (server.dbname,)), timeout=120)


@pytest.fixture
def databases(request):
    names = []
    yield names
    for name in names:
        _drop(name)


# ---------------------------------------------------------------------- 1. import

IMPORT_SETUP = """
import base64, json
partners = env['res.partner']
for i in range(6):
    partners |= env['res.partner'].create({
        'name': 'Crash Cliente %d Srl' % i, 'dsa_external_code': 'CRASH%02d' % i,
        'dsa_source_system': 'accounting', 'customer': True, 'is_company': True})
env['ir.config_parameter'].set_param('dsa_accounting_bridge.import_chunk_rows', '100')
rows = ['number,date,customer_code,customer_vat,amount_untaxed,amount_tax,amount_total,currency']
for n in range(1, 301):
    # file rows 2-101, 102-201, 202-301: three chunks; CRASH05 is named only by
    # invoice 150, in the middle of the second chunk
    code = 'CRASH05' if n == 150 else 'CRASH%02d' % (n % 5)
    rows.append('CR/%04d,2026-11-%02d,%s,,%d.00,%d.22,%d.22,EUR'
                % (n, n % 28 + 1, code, n, n % 7, n + n % 7))
job = env['dsa.import.job'].create({
    'kind': 'invoices', 'file_name': 'crash.csv',
    'file': base64.b64encode('\\n'.join(rows).encode()),
    'profile_id': env.ref('dsa_accounting_bridge.dsa_import_profile_generic_invoices').id})
env.cr.commit()
print('CRASH ' + json.dumps({'job': job.id, 'lock': partners[5].id}))
"""


def _import_state(dbname, job_id):
    return {
        'invoices': _one(dbname, """
            SELECT count(*), count(DISTINCT number), sum(amount_total)::text,
                   md5(string_agg(number || '|' || partner_id || '|' || date || '|'
                                  || amount_untaxed || '|' || amount_total || '|' || currency_id,
                                  ',' ORDER BY number))
              FROM dsa_imported_invoice WHERE number LIKE 'CR/%%'"""),
        'job': _one(dbname, 'SELECT state, rows_total, rows_done, count_created, count_updated, '
                            'count_skipped, count_rejected FROM dsa_import_job WHERE id = %s',
                    (job_id,)),
        'chunks': _rows(dbname, 'SELECT sequence, state, rows_done, count_created, '
                                'count_rejected FROM dsa_import_job_chunk WHERE job_id = %s '
                                'ORDER BY sequence', (job_id,)),
        'log_lines': _one(dbname, 'SELECT count(*) FROM dsa_import_job_line WHERE job_id = %s',
                          (job_id,)),
    }


def _import_done(dbname, job_id):
    return _wait('the import to end', lambda: _one(
        dbname, 'SELECT state NOT IN (%s, %s) FROM dsa_import_job WHERE id = %s',
        ('queued', 'running', job_id))[0])


def _open_import_jobs(dbname):
    return _rows(dbname, "SELECT method_name, state FROM queue_job "
                         "WHERE state IN ('pending', 'enqueued', 'started') ORDER BY id")


def test_import_chunk_killed_is_run_again_by_the_job_queue(databases):
    ref, crash, data = _prepare('import', IMPORT_SETUP)
    databases += [ref, crash]
    job_id = data['job']

    server = Server(ref).start()
    try:
        server.call('dsa.import.job', 'action_run', [job_id])
        _import_done(ref, job_id)
    finally:
        server.stop()
    expected = _import_state(ref, job_id)
    assert expected['job'][0] == 'done' and expected['invoices'][:2] == (300, 300)

    server = Server(crash).start()
    try:
        lock = RowLock(crash, 'res_partner', data['lock'])
        server.call('dsa.import.job', 'action_run', [job_id])
        query = lock.blocked()
        assert 'dsa_imported_invoice' in query, query
        # the first and last chunks end meanwhile; the second waits on invoice 150
        _wait('the other chunks', lambda: [r[1] for r in _rows(
            crash, 'SELECT sequence, state FROM dsa_import_job_chunk WHERE job_id = %s '
                   'ORDER BY sequence', (job_id,))] == ['done', 'queued', 'done'])
        _wait('the other jobs', lambda: _open_import_jobs(crash) == [('_job_chunk', 'started')],
              timeout=60)
        _crash(server, lock)
    finally:
        server.stop()

    # nothing half-written: the second chunk's 49 rows before invoice 150 were
    # rolled back with it, the chunk is still to do, the import is not done
    invoices = _rows(crash, "SELECT number FROM dsa_imported_invoice WHERE number LIKE 'CR/%%'")
    numbers = sorted(int(n[0][3:]) for n in invoices)
    assert numbers == list(range(1, 101)) + list(range(201, 301))
    state = _import_state(crash, job_id)
    assert state['job'][0] == 'running'
    assert [c[1] for c in state['chunks']] == ['done', 'queued', 'done']
    assert _open_import_jobs(crash) == [('_job_chunk', 'started')]

    server = Server(crash).start()
    try:
        # queue_job alone never runs a job left *started* again ...
        time.sleep(5)
        assert _open_import_jobs(crash) == [('_job_chunk', 'started')]
        # ... its garbage collector (cron, every 5 minutes) now does, once the job
        # is older than the grace period and its worker's lock is gone
        started = _one(crash, "SELECT extract(epoch FROM now() at time zone 'UTC' - "
                              "date_started) FROM queue_job WHERE state = 'started'")[0]
        time.sleep(max(0.0, STARTED_GRACE + 1 - float(started)))
        server.run_cron('queue_job.ir_cron_queue_job_garbage_collector')
        _import_done(crash, job_id)
    finally:
        server.stop()
    assert _import_state(crash, job_id) == expected


def test_live_import_job_is_not_taken_for_dead(databases):
    """The garbage collector leaves alone a chunk whose worker is alive (its
    share lock on the job's row), however long it runs."""
    ref, crash, data = _prepare('alive', IMPORT_SETUP)
    databases += [ref, crash]
    _drop(crash)
    job_id = data['job']
    server = Server(ref).start()
    try:
        lock = RowLock(ref, 'res_partner', data['lock'])
        server.call('dsa.import.job', 'action_run', [job_id])
        lock.blocked()
        started = _one(ref, "SELECT extract(epoch FROM now() at time zone 'UTC' - date_started) "
                            "FROM queue_job WHERE state = 'started'")[0]
        time.sleep(max(0.0, STARTED_GRACE + 1 - float(started)))
        server.run_cron('queue_job.ir_cron_queue_job_garbage_collector')
        assert _rows(ref, "SELECT state FROM queue_job WHERE method_name = '_job_chunk' "
                          "AND state = 'started'") == [('started',)]
        lock.release()
        _import_done(ref, job_id)
    finally:
        server.stop()
    state = _import_state(ref, job_id)
    assert state['job'][0] == 'done' and state['invoices'][:2] == (300, 300)
    assert [c[1] for c in state['chunks']] == ['done'] * 3


# ---------------------------------------------------------------------- 2. billing

BILLING_SETUP = """
import json
from dateutil.relativedelta import relativedelta
from odoo import fields
today = fields.Date.from_string(fields.Date.context_today(env['res.users']))
start = fields.Date.to_string((today - relativedelta(months=3)).replace(day=1))
partners, subs = [], []
for i in range(6):
    partner = env['res.partner'].create({
        'name': 'Crash Licenze %d Srl' % i, 'is_company': True, 'customer': True,
        'email': 'conti%d@crash.example.com' % i})
    subs.append(env['dsa.licence.subscription'].create({
        'partner_id': partner.id, 'product_code': 'crm' if i % 2 else 'tts',
        'users': 3 + i, 'date_start': start}).id)
    partners.append(partner.id)
env.cr.commit()
print('CRASH ' + json.dumps({'partners': partners, 'subs': subs}))
"""


def _billing_state(dbname, partners, subs):
    partners, subs = tuple(partners), tuple(subs)
    return {
        'invoices': _one(dbname, """
            SELECT count(*), sum(amount_total)::text,
                   md5(string_agg(number || '|' || partner_id || '|' || date_invoice || '|'
                                  || amount_untaxed || '|' || amount_total || '|' || state
                                  || '|' || origin || '|' || dsa_send_state, ',' ORDER BY number))
              FROM account_invoice WHERE partner_id IN %s""", (partners,)),
        'entries': _one(dbname, 'SELECT count(*), sum(debit)::text, sum(credit)::text '
                                'FROM account_move_line WHERE partner_id IN %s', (partners,)),
        'periods': _one(dbname, """
            SELECT count(*), md5(string_agg(p.subscription_id || '|' || p.period_start || '|'
                                            || p.period_end || '|' || i.number || '|' || p.detail,
                                            ',' ORDER BY p.subscription_id, p.period_start))
              FROM dsa_licence_subscription_period p
              JOIN account_invoice i ON i.id = p.invoice_id
             WHERE p.subscription_id IN %s""", (subs,)),
        'subscriptions': _rows(dbname, 'SELECT id, last_invoiced_period::text, state '
                                       'FROM dsa_licence_subscription WHERE id IN %s ORDER BY id',
                               (subs,)),
    }


def _unmarked_invoices(dbname, partners):
    """Invoices billed without their period, or periods past their subscription's
    last invoiced month."""
    return _rows(dbname, """
        SELECT i.number FROM account_invoice i
         WHERE i.partner_id IN %s AND NOT EXISTS (
               SELECT 1 FROM dsa_licence_subscription_period p WHERE p.invoice_id = i.id)
        UNION ALL
        SELECT s.name FROM dsa_licence_subscription s
          JOIN dsa_licence_subscription_period p ON p.subscription_id = s.id
         WHERE s.partner_id IN %s AND (s.last_invoiced_period IS NULL
                                       OR p.period_start > s.last_invoiced_period)""",
                 (tuple(partners), tuple(partners)))


def test_billing_run_killed_is_billed_once_by_the_next_run(databases):
    ref, crash, data = _prepare('billing', BILLING_SETUP)
    databases += [ref, crash]
    partners, subs = data['partners'], data['subs']
    cron = 'dsa_pricing.ir_cron_subscription_invoicing'

    server = Server(ref).start()
    try:
        server.run_cron(cron)
    finally:
        server.stop()
    expected = _billing_state(ref, partners, subs)
    assert expected['invoices'][0] == expected['periods'][0] == 18    # 6 x 3 months

    server = Server(crash).start()
    try:
        # the customer of the fourth subscription: the run waits there, with the
        # invoices of the first three created and posted in its transaction
        lock = RowLock(crash, 'res_partner', partners[3])
        thread, outcome = server.in_background(server.run_cron, cron)
        query = lock.blocked()
        assert 'account_invoice' in query or 'mail_followers' in query, query
        _crash(server, lock)
        thread.join(60)
        assert 'error' in outcome, outcome
    finally:
        server.stop()

    # nothing half-written: no invoice without its period, no period past its
    # subscription's last invoiced month (today the run is one transaction: the
    # crash left nothing of it, the journal's gapless sequence used no number)
    assert _unmarked_invoices(crash, partners) == []
    state = _billing_state(crash, partners, subs)
    assert state['invoices'][0] == state['periods'][0]

    server = Server(crash).start()
    try:
        server.run_cron(cron)
    finally:
        server.stop()
    assert _unmarked_invoices(crash, partners) == []
    assert _billing_state(crash, partners, subs) == expected


# ---------------------------------------------------------------------- 3. preventive

PREVENTIVE_SETUP = """
import json
from dateutil.relativedelta import relativedelta
from odoo import fields
today = fields.Date.from_string(fields.Date.context_today(env['res.users']))
customer = env['res.partner'].create({'name': 'Crash Manutenzioni Spa', 'is_company': True})
contracts, plants = [], []
for i in range(110):     # two batches of the cron (100 contracts each)
    plant = env['dsa.plant'].create({'name': 'Crash impianto %03d' % i,
                                     'partner_id': customer.id})
    contracts.append(env['dsa.service.contract'].create({
        'partner_id': customer.id, 'plant_ids': [(6, 0, plant.ids)],
        'date_start': fields.Date.to_string(today - relativedelta(months=3)),
        'preventive_interval': 1, 'preventive_unit': 'months', 'state': 'running',
        'next_preventive_date': fields.Date.to_string(today - relativedelta(days=45))}).id)
    plants.append(plant.id)
env.cr.commit()
print('CRASH ' + json.dumps({'contracts': contracts, 'plants': plants}))
"""


def _preventive_state(dbname, contracts):
    contracts = tuple(contracts)
    return {
        'tasks': _one(dbname, """
            SELECT count(*), count(DISTINCT (t.dsa_contract_id, t.dsa_plant_id,
                                             t.dsa_preventive_date)),
                   md5(string_agg(c.name || '|' || t.dsa_plant_id || '|' || t.dsa_preventive_date
                                  || '|' || t.name || '|' || t.project_id || '|'
                                  || coalesce(t.partner_id::text, '') || '|'
                                  || coalesce(t.user_id::text, '') || '|'
                                  || coalesce(t.stage_id::text, '') || '|' || t.active,
                                  ',' ORDER BY c.name, t.dsa_plant_id, t.dsa_preventive_date))
              FROM project_task t JOIN dsa_service_contract c ON c.id = t.dsa_contract_id
             WHERE t.dsa_contract_id IN %s""", (contracts,)),
        'contracts': _one(dbname, """
            SELECT md5(string_agg(name || '|' || next_preventive_date || '|' || state,
                                  ',' ORDER BY name))
              FROM dsa_service_contract WHERE id IN %s""", (contracts,)),
    }


def _half_written_contracts(dbname, contracts):
    """Contracts whose next date moved without their interventions, or the reverse."""
    return _rows(dbname, """
        SELECT c.id FROM dsa_service_contract c
         WHERE c.id IN %s AND (c.next_preventive_date > (now() at time zone 'UTC')::date)
               <> EXISTS (SELECT 1 FROM project_task t WHERE t.dsa_contract_id = c.id)""",
                 (tuple(contracts),))


def test_preventive_cron_killed_is_resumed_by_the_next_run(databases):
    ref, crash, data = _prepare('preventive', PREVENTIVE_SETUP)
    databases += [ref, crash]
    contracts, plants = data['contracts'], data['plants']
    cron = 'dsa_tts.ir_cron_preventive_interventions'

    server = Server(ref).start()
    try:
        server.run_cron(cron)
    finally:
        server.stop()
    expected = _preventive_state(ref, contracts)
    count, distinct = expected['tasks'][:2]
    assert count == distinct and count % 110 == 0 and count >= 220, expected  # 2+ dates each

    server = Server(crash).start()
    try:
        # a plant of the second batch: the first batch is committed, the second
        # waits there with its contracts locked and its interventions being inserted
        lock = RowLock(crash, 'dsa_plant', plants[105])
        thread, outcome = server.in_background(server.run_cron, cron)
        query = lock.blocked()
        assert 'project_task' in query, query
        _crash(server, lock)
        thread.join(60)
        assert 'error' in outcome, outcome
    finally:
        server.stop()

    # nothing half-written: each contract has its interventions and its next
    # date, or neither; the first batch is there, the second is not
    assert _half_written_contracts(crash, contracts) == []
    created = _one(crash, 'SELECT count(DISTINCT dsa_contract_id) FROM project_task '
                          'WHERE dsa_contract_id IN %s', (tuple(contracts),))[0]
    assert created == 100

    server = Server(crash).start()
    try:
        server.run_cron(cron)
    finally:
        server.stop()
    assert _half_written_contracts(crash, contracts) == []
    assert _preventive_state(crash, contracts) == expected


# ---------------------------------------------------------------------- 4. signature

SIGN_SETUP = """
import json
task = env.ref('dsa_tts.project_task_rossi_panel_demo')
marco = env.ref('dsa_tts.user_tech_marco_service_demo')
env['account.analytic.line'].create({
    'name': 'Battery and siren', 'task_id': task.id, 'project_id': task.project_id.id,
    'employee_id': env.ref('dsa_tts.employee_marco_service_demo').id, 'unit_amount': 2.0})
task.sudo(marco).action_dsa_done()
env.cr.commit()
print('CRASH ' + json.dumps({'task': task.id}))
"""


def _portal_session(dbname, task_id):
    """Giulia Rossi logged in on the portal, on her intervention's page: her
    session and the page's form token."""
    session = requests.Session()
    login = session.post(BASE + '/web/session/authenticate', json={
        'jsonrpc': '2.0', 'params': {'db': dbname, 'login': 'giulia.rossi',
                                     'password': 'giulia.rossi'}}, timeout=60)
    assert login.json().get('result', {}).get('uid'), login.text[:500]
    page = session.get(BASE + '/my/intervention/%s' % task_id, timeout=60)
    assert page.status_code == 200, page.status_code
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    return session, token


def _portal_sign(session, token, task_id):
    """She signs the report on the portal's form, over HTTP: True once signed
    (the page redirects to the signed report)."""
    response = session.post(BASE + '/my/intervention/%s/sign' % task_id, data={
        'csrf_token': token, 'signer': 'Giulia Rossi', 'signature': PNG_B64},
        allow_redirects=False, timeout=LIMIT)
    return response.status_code in (302, 303) and 'signed=1' in response.headers['Location']


def _sign_state(dbname, task_id):
    """The sign-off, its evidence and its check: the archived PDF's SHA-256 is
    the one stored at signing and posted in the chatter."""
    state, signer, digest, fname = _one(dbname, """
        SELECT t.dsa_report_state, t.dsa_signed_by, t.dsa_signed_sha256, a.store_fname
          FROM project_task t LEFT JOIN ir_attachment a ON a.id = t.dsa_signed_attachment_id
         WHERE t.id = %s""", (task_id,))
    verified = None
    if fname:
        with open(os.path.join(odoo.tools.config.filestore(dbname), fname), 'rb') as f:
            verified = hashlib.sha256(f.read()).hexdigest() == digest
    return {
        'state': (state, signer, bool(digest), verified),
        'attachments': _rows(dbname, """
            SELECT coalesce(res_field, ''), mimetype, count(*) FROM ir_attachment
             WHERE res_model = 'project.task' AND res_id = %s
             GROUP BY res_field, mimetype ORDER BY 1, 2""", (task_id,)),
        'signed_messages': _one(dbname, """
            SELECT count(*) FROM mail_message
             WHERE model = 'project.task' AND res_id = %s AND body LIKE %s""",
                                (task_id, '%%%s%%' % (digest or 'no digest')))[0],
    }


def test_signature_killed_before_commit_is_signed_again(databases):
    ref, crash, data = _prepare('sign', SIGN_SETUP)
    databases += [ref, crash]
    task_id = data['task']

    server = Server(ref).start()
    try:
        session, token = _portal_session(ref, task_id)
        assert _portal_sign(session, token, task_id)
    finally:
        server.stop()
    expected = _sign_state(ref, task_id)
    assert expected['state'] == ('signed', 'Giulia Rossi', True, True)
    assert expected['signed_messages'] == 1

    store = odoo.tools.config.filestore(crash)
    before = {os.path.join(d, f) for d, _s, files in os.walk(store) for f in files}
    server = Server(crash).start()
    try:
        # the intervention's row: the signature writes it after the PDF is
        # rendered and archived as an attachment, before the commit
        session, token = _portal_session(crash, task_id)
        lock = RowLock(crash, 'project_task', task_id)
        thread, outcome = server.in_background(_portal_sign, session, token, task_id)
        query = lock.blocked()
        assert query.lstrip().startswith('UPDATE "project_task"'), query
        assert 'dsa_signed_sha256' in query, query
        _crash(server, lock)
        thread.join(60)
        assert 'error' in outcome, outcome
    finally:
        server.stop()

    # the PDF had been rendered and its file written to the filestore ...
    written = {os.path.join(d, f) for d, _s, files in os.walk(store) for f in files} - before
    pdfs = [p for p in written if '/checklist/' not in p and open(p, 'rb').read(4) == b'%PDF']
    assert pdfs, sorted(written)
    # ... but nothing is signed: no signed state, no archived PDF row, no message
    state = _sign_state(crash, task_id)
    assert state['state'] == ('none', None, False, None)
    assert _one(crash, "SELECT count(*) FROM ir_attachment WHERE res_model = 'project.task' "
                       "AND res_id = %s AND mimetype = 'application/pdf' "
                       "AND datas_fname LIKE 'signed_report_%%'", (task_id,))[0] == 0
    # the orphan file is Odoo's garbage: listed for its file collector
    fname = os.path.relpath(pdfs[0], store)
    assert os.path.exists(os.path.join(store, 'checklist', fname))

    server = Server(crash).start()
    try:
        session, token = _portal_session(crash, task_id)
        assert _portal_sign(session, token, task_id)
        server.run_cron('base.autovacuum_job')     # Odoo's file collector
    finally:
        server.stop()
    # signed once, as in the run with no crash (the PDF's bytes differ: it shows
    # the time of signing), and the orphan file of the killed attempt is gone
    assert _sign_state(crash, task_id) == expected
    assert not os.path.exists(pdfs[0])
