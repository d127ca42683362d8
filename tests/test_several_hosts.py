"""Several hosts over one database and one filestore (issue 29, docs/deployment.md,
*Several hosts*), shown on this machine with two servers.

Two Odoo servers as ``make run`` starts them (scripts/odoo-bin), on two ports, over the
same database and the same ``data_dir`` (its filestore and its sessions, as a shared
volume would give every host). Only ONE runs the queue_job runner (``queue_job`` in its
``server_wide_modules``); the other loads ``web`` only.

- The host without the runner starts first, alone: the customer signs an intervention
  report through it (the portal's own sign form) and an import is queued through it
  (XML-RPC); the import waits, queued, since no runner is up.
- The host with the runner starts: its runner runs the import queued on the other
  host, to the end.
- The signed PDF that the first host archived is served by the second (the portal's
  PDF download, same session: the shared ``data_dir`` holds the sessions too): the
  same bytes as through the first, with the SHA-256 stored at signing.
"""
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time

import odoo
import pytest

from test_db_restart import (LIMIT, ODOO_BIN, PNG_B64, Portal, copy_filestore, queue_import,
                             read_import, rpc, start_server, stop_server, wait_up,
                             write_conf)
from test_install import _connect, _copy, _drop

PORT_WEB = int(os.environ.get('DSA_EXTRA_HTTP_PORT', '8212'))      # no runner
PORT_JOBS = int(os.environ.get('DSA_EXTRA_HTTP_PORT2', '8222'))     # the runner
ROWS = 3000
CHUNK = 1000

# the technician closes the demo intervention (done, two hours): it waits for the
# customer's signature
DONE = """
task = env.ref('dsa_tts.project_task_rossi_panel_demo')
marco = env.ref('dsa_tts.user_tech_marco_service_demo')
env['account.analytic.line'].create({
    'name': 'Battery and siren', 'task_id': task.id, 'project_id': task.project_id.id,
    'employee_id': env.ref('dsa_tts.employee_marco_service_demo').id, 'unit_amount': 2.0})
task.sudo(marco).action_dsa_done()
env.cr.commit()
print('TASK %d' % task.id)
"""


def _scalar(dbname, query, args=None):
    conn = _connect(dbname)
    with conn.cursor() as cr:
        cr.execute(query, args)
        value = cr.fetchone()[0]
    conn.close()
    return value


@pytest.fixture(scope='module')
def hosts():
    """The database (a copy of the test template) and the shared data_dir."""
    base = os.environ.get('DSA_TEST_BASE_DB')
    assert base, 'run through `make test` (DSA_TEST_BASE_DB is not set)'
    dbname = odoo.tools.config['db_name'] + '_hosts'
    folder = tempfile.mkdtemp(prefix='dsa-hosts-')
    _copy(base, dbname)
    data_dir = os.path.join(folder, 'shared')
    copy_filestore(dbname, data_dir, dbname)
    conf = write_conf(os.path.join(folder, 'odoo.conf'), data_dir=data_dir)
    proc = subprocess.run([sys.executable, ODOO_BIN, 'shell', '-c', conf, '-d', dbname,
                           '--no-http', '--log-level=warn'], input=DONE.encode(),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = proc.stdout.decode()
    lines = [line for line in out.splitlines() if line.startswith('TASK ')]
    assert proc.returncode == 0 and lines, out[-3000:]
    try:
        yield dbname, conf, data_dir, int(lines[-1].split()[1])
    finally:
        _drop(dbname)
        shutil.rmtree(folder, ignore_errors=True)


def test_two_hosts_one_database_one_filestore(hosts):
    dbname, conf, data_dir, task_id = hosts
    logs = os.path.join(odoo.tools.config['data_dir'], 'hosts-%s' % dbname)
    os.makedirs(logs, exist_ok=True)
    web_log, jobs_log = os.path.join(logs, 'web.log'), os.path.join(logs, 'jobs.log')
    for log in (web_log, jobs_log):
        if os.path.exists(log):
            os.remove(log)
    web_base = 'http://127.0.0.1:%d' % PORT_WEB
    jobs_base = 'http://127.0.0.1:%d' % PORT_JOBS
    # the host without the job runner: server_wide_modules = web
    web = start_server(conf, dbname, PORT_WEB, web_log, '--load=web')
    jobs = None
    try:
        wait_up(web_base, web, web_log)
        call = rpc(web_base, dbname)
        portal = Portal(web_base, 'giulia.rossi', 'giulia.rossi', call)
        # the customer signs through the first host
        portal.post('/my/intervention/%d/sign' % task_id,
                    {'signer': 'Giulia Rossi', 'signature': 'data:image/png;base64,' + PNG_B64})
        stored = _scalar(dbname, 'SELECT dsa_signed_sha256 FROM project_task WHERE id = %s',
                         (task_id,))
        assert stored, 'the report was not signed through the first host'
        code, pdf_web = portal.get('/my/intervention/%d/report' % task_id)
        assert code == 200 and pdf_web.startswith(b'%PDF')
        assert hashlib.sha256(pdf_web).hexdigest() == stored
        # an import queued through the first host: nobody runs it yet
        last = _scalar(dbname, 'SELECT coalesce(max(id), 0) FROM queue_job')
        job_id = queue_import(call, 'HST', ROWS, CHUNK)
        time.sleep(10)
        assert read_import(call, job_id)['state'] == 'queued'
        assert _scalar(dbname, "SELECT string_agg(state, ',') FROM queue_job WHERE id > %s",
                       (last,)) == 'pending'

        # the host with the job runner (the configuration's server_wide_modules)
        jobs = start_server(conf, dbname, PORT_JOBS, jobs_log)
        wait_up(jobs_base, jobs, jobs_log)
        deadline = time.time() + LIMIT
        while True:
            job = read_import(call, job_id)      # asked through the first host
            if job['state'] not in ('queued', 'running'):
                break
            assert time.time() < deadline, 'the import was not run: %s' % job
            time.sleep(1)
        assert (job['state'], job['count_created'], job['count_rejected']) == \
            ('done', ROWS, 0), job
        assert _scalar(dbname, "SELECT count(*) FROM res_partner "
                               "WHERE dsa_external_code LIKE 'HST%%'") == ROWS
        assert _scalar(dbname, "SELECT string_agg(DISTINCT state, ',') FROM queue_job "
                               "WHERE id > %s", (last,)) == 'done'

        # the signed PDF through the second host, in the same session: same bytes
        jobs_portal = portal
        jobs_portal.base = jobs_base
        code, pdf_jobs = jobs_portal.get('/my/intervention/%d/report' % task_id)
        assert code == 200
        assert pdf_jobs == pdf_web
        assert hashlib.sha256(pdf_jobs).hexdigest() == stored
        # the file is where both hosts look: the shared data_dir's filestore
        fname = _scalar(dbname, 'SELECT a.store_fname FROM project_task t JOIN ir_attachment a '
                                'ON a.id = t.dsa_signed_attachment_id WHERE t.id = %s',
                        (task_id,))
        path = os.path.join(data_dir, 'filestore', dbname, fname)
        with open(path, 'rb') as f:
            assert hashlib.sha256(f.read()).hexdigest() == stored
    finally:
        for proc in (web, jobs):
            if proc:
                stop_server(proc)
