"""Profile of the invoice import (cProfile), the measurement behind its set-based path.

    DSA_BENCH_DB=dsa_bench DSA_PROFILE_ROWS=100000 \
        scripts/dsa bench bench/profile_import.py

Imports the 20,000 bench customers, then DSA_PROFILE_ROWS invoice rows (default
100,000) synchronously under cProfile, and prints the 30 functions of most own time
and of most cumulated time, with the SQL query count. Everything is rolled back.
"""
import cProfile
import os
import pstats
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _common import QueryCounter, odoo_env, parse_args  # noqa: E402
from bench_import import CpuTime, make_job, write_customers, write_invoices  # noqa: E402


def main():
    args = parse_args(__doc__)
    rows = int(os.environ.get('DSA_PROFILE_ROWS') or 100000)
    kind = os.environ.get('DSA_PROFILE_KIND') or 'invoices'
    tmp = tempfile.mkdtemp(prefix='dsa_profile_import_')
    try:
        customers = os.path.join(tmp, 'customers.csv')
        invoices = os.path.join(tmp, 'invoices.csv')
        write_customers(customers)
        write_invoices(invoices, rows)
        with odoo_env(args) as env:
            if kind == 'invoices':
                make_job(env, 'customers', customers).with_context(
                    dsa_import_sync=True).action_run()
                job = make_job(env, 'invoices', invoices)
            else:
                job = make_job(env, 'customers', customers)
            profile = cProfile.Profile()
            start = time.perf_counter()
            with QueryCounter(env.cr) as queries, CpuTime(env.cr) as cpu:
                profile.enable()
                job.with_context(dsa_import_sync=True).action_run()
                profile.disable()
            wall = time.perf_counter() - start
            print('%s: %s, %d rows, created %d, rejected %d; %.2f s wall; CPU %.2f s Odoo '
                  '(profiled) + %.2f s PostgreSQL; %d queries' % (
                      kind, job.state, rows, job.count_created, job.count_rejected, wall,
                      cpu.odoo, cpu.pg, queries.count))
            stats = pstats.Stats(profile, stream=sys.stdout)
            stats.sort_stats('tottime').print_stats(30)
            stats.sort_stats('cumulative').print_stats(40)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    main()
