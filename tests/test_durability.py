"""The served database keeps PostgreSQL's durability (issue 29).

The private cluster of ``make run`` and ``make test`` holds the served database and
its signed evidence: it runs with ``fsync`` and full-page writes on, as PostgreSQL
ships. Only the throwaway test databases trade durability for speed, each on its own
(``synchronous_commit = off``: a crash may lose their last commits, never corrupt
them), so that a database created as ``make run`` creates it commits durably.
"""
import odoo

from test_install import _connect, _drop


def _show(dbname, setting):
    conn = _connect(dbname)
    with conn.cursor() as cr:
        cr.execute('SHOW %s' % setting)
        value = cr.fetchone()[0]
    conn.close()
    return value


def test_cluster_is_durable():
    assert _show('postgres', 'fsync') == 'on'
    assert _show('postgres', 'full_page_writes') == 'on'


def test_only_test_databases_commit_fast():
    assert _show(odoo.tools.config['db_name'], 'synchronous_commit') == 'off'
    served = odoo.tools.config['db_name'] + '_served'
    _drop(served)
    conn = _connect()
    with conn.cursor() as cr:
        # as Odoo creates the database of `make run` (odoo.service.db._create_empty_database)
        cr.execute('CREATE DATABASE "%s" ENCODING \'unicode\' TEMPLATE template0' % served)
    conn.close()
    try:
        assert _show(served, 'synchronous_commit') == 'on'
    finally:
        _drop(served)
