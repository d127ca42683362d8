"""The addons install on an empty database alone (TTS and CRM are sold
separately) and upgrade twice in a row.

Each case runs the real Odoo command line against a database of its own;
the cases run concurrently, so the whole file takes about as long as its
slowest installation.
"""
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import odoo
import psycopg2
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ODOO_BIN = os.path.join(ROOT, 'scripts', 'odoo-bin')
SUITE = 'dsa_tts,dsa_crm,dsa_pricing,dsa_accounting_bridge'


def _conf():
    conf = os.environ.get('DSA_TEST_CONF') or odoo.tools.config.rcfile
    assert conf and os.path.exists(conf), 'run through `make test` (DSA_TEST_CONF is not set)'
    return conf


def _connect(dbname='postgres'):
    cfg = odoo.tools.config
    conn = psycopg2.connect(dbname=dbname, host=cfg['db_host'] or None,
                            port=cfg['db_port'] or None, user=cfg['db_user'] or None)
    conn.autocommit = True
    return conn


def _drop(dbname):
    conn = _connect()
    with conn.cursor() as cr:
        cr.execute('DROP DATABASE IF EXISTS "%s"' % dbname)
    conn.close()
    shutil.rmtree(os.path.join(odoo.tools.config['data_dir'], 'filestore', dbname),
                  ignore_errors=True)


def _copy(source, target):
    _drop(target)
    conn = _connect()
    with conn.cursor() as cr:
        cr.execute('CREATE DATABASE "%s" TEMPLATE "%s"' % (target, source))
    conn.close()
    store = os.path.join(odoo.tools.config['data_dir'], 'filestore')
    if os.path.isdir(os.path.join(store, source)):
        shutil.copytree(os.path.join(store, source), os.path.join(store, target))


def _odoo(dbname, *args):
    log = os.path.join(odoo.tools.config['data_dir'], '%s.log' % dbname)
    cmd = [sys.executable, ODOO_BIN, '-c', _conf(), '-d', dbname, '--stop-after-init',
           '--log-level=warn', '--logfile=%s' % log] + list(args)
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    with open(log) as f:
        text = f.read()
    return proc.returncode, text


def _installed(dbname):
    conn = _connect(dbname)
    with conn.cursor() as cr:
        cr.execute("SELECT name, state FROM ir_module_module WHERE name LIKE 'dsa\\_%%'")
        states = dict(cr.fetchall())
    conn.close()
    return {name for name, state in states.items() if state == 'installed'}


def _install_alone(module):
    dbname = '%s_%s_alone' % (odoo.tools.config['db_name'], module)
    _drop(dbname)
    try:
        rc, log = _odoo(dbname, '-i', module)
        return rc, log, _installed(dbname) if rc == 0 else set()
    finally:
        _drop(dbname)


def _upgrade_twice():
    base = os.environ.get('DSA_TEST_BASE_DB')
    assert base, 'run through `make test` (DSA_TEST_BASE_DB is not set)'
    dbname = '%s_upgrade' % odoo.tools.config['db_name']
    _copy(base, dbname)
    try:
        results = [_odoo(dbname, '-u', SUITE) for _ in range(2)]
        return results, _installed(dbname)
    finally:
        _drop(dbname)


@pytest.fixture(scope='module')
def runs():
    with ThreadPoolExecutor(max_workers=3) as pool:
        tts = pool.submit(_install_alone, 'dsa_tts')
        crm = pool.submit(_install_alone, 'dsa_crm')
        upgrade = pool.submit(_upgrade_twice)
        device = pool.submit(_install_alone, 'dsa_auth_device')
        return {'tts': tts.result(), 'crm': crm.result(), 'upgrade': upgrade.result(),
                'device': device.result()}


def _errors(log):
    return [line for line in log.splitlines() if ' ERROR ' in line or ' CRITICAL ' in line]


def test_tts_installs_without_crm(runs):
    rc, log, installed = runs['tts']
    assert rc == 0, log[-3000:]
    assert _errors(log) == []
    assert 'dsa_tts' in installed
    assert 'dsa_crm' not in installed
    assert 'dsa_crm_tts' not in installed


def test_crm_installs_without_tts(runs):
    rc, log, installed = runs['crm']
    assert rc == 0, log[-3000:]
    assert _errors(log) == []
    assert 'dsa_crm' in installed
    assert 'dsa_tts' not in installed
    assert 'dsa_crm_tts' not in installed


def test_auth_device_installs_alone(runs):
    rc, log, installed = runs['device']
    assert rc == 0, log[-3000:]
    assert _errors(log) == []
    assert 'dsa_auth_device' in installed
    assert not installed & {'dsa_crm', 'dsa_tts'}


def test_crm_brings_auth_device(runs):
    rc, log, installed = runs['crm']
    assert {'dsa_auth_device', 'dsa_security'} <= installed


def test_tts_and_crm_bring_security_and_base(runs):
    """The denials (dsa_security) and the shared base (dsa_base: letterhead,
    demo company) come with each app installed alone."""
    for name in ('tts', 'crm'):
        rc, log, installed = runs[name]
        assert {'dsa_security', 'dsa_base'} <= installed, name


def test_upgrade_twice(runs):
    results, installed = runs['upgrade']
    for rc, log in results:
        assert rc == 0, log[-3000:]
        assert _errors(log) == []
    assert set(SUITE.split(',')) <= installed
    # the glue comes in by itself when TTS and CRM are both installed
    assert 'dsa_crm_tts' in installed
