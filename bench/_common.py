"""Shared plumbing of the benchmarks: an Odoo environment on the bench
database, a wall-clock timer and an SQL query counter.

Each bench script is run by `make bench` (scripts/dsa bench) as
`python bench/bench_x.py --conf FILE --db NAME` and prints its figures.
Work done inside `odoo_env()` is rolled back unless commit=True.
"""
import argparse
import contextlib
import time

import odoo


def parse_args(description):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument('--conf', required=True, help='Odoo configuration file')
    parser.add_argument('--db', required=True, help='database with the suite installed')
    return parser.parse_args()


@contextlib.contextmanager
def odoo_env(args, commit=False):
    odoo.tools.config.parse_config(['-c', args.conf, '-d', args.db])
    registry = odoo.registry(args.db)
    with odoo.api.Environment.manage(), registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        try:
            yield env
        finally:
            if commit:
                cr.commit()
            else:
                cr.rollback()


class QueryCounter(object):
    """Counts the SQL queries an Odoo cursor runs inside the block."""

    def __init__(self, cr):
        self.cr = cr
        self.count = 0

    def __enter__(self):
        self._start = self.cr.sql_log_count
        return self

    def __exit__(self, *exc):
        self.count = self.cr.sql_log_count - self._start


@contextlib.contextmanager
def timer(result, key):
    start = time.perf_counter()
    yield
    result[key] = time.perf_counter() - start
