"""Accounting bridge importer: speed against Odoo's standard import, invoice rate,
peak memory as the file grows.

    DSA_BENCH_DB=dsa_t_bridge_bench DSA_MODULES=dsa_accounting_bridge \
        scripts/dsa bench bench/bench_import.py

Generates (in a temp dir) 20,000 customers and 100,000 invoice rows as CSV, then in one
run, everything rolled back at the end:
1. Odoo's standard import, `res.partner.load(fields, rows)` (base_import's engine), on
   the first 1,000 rows of the customer file only (it is slow), rows/s;
2. this importer (dsa.import.job, kind customers, with matching, dedup and validation)
   on the whole 20,000-row customer file, rows/s, and the ratio;
3. this importer on the 100,000 invoice rows (rows/s, SQL queries), and the ORM path
   (context dsa_import_orm) on 5,000 rows, the measurement behind the batched INSERT;
4. peak Python memory (tracemalloc) of the invoice import at 25k, 50k and 100k rows,
   each run rolled back to a savepoint, and the process max RSS.
"""
import base64
import csv
import os
import resource
import shutil
import sys
import tempfile
import time
import tracemalloc

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _common import QueryCounter, odoo_env, parse_args, timer  # noqa: E402

N_CUSTOMERS = 20000
N_INVOICES = 100000
N_LOAD = 1000
N_ORM = 5000
PROVINCES = ['MI', 'TO', 'RM', 'BO', 'NA', 'FI', 'VE', 'GE', 'BA', 'PA']
CITIES = ['Milano', 'Torino', 'Roma', 'Bologna', 'Napoli', 'Firenze', 'Venezia', 'Genova',
          'Bari', 'Palermo']


def out(*args):
    print(*args, flush=True)


def vat(i):
    return 'IT%011d' % (10000000000 + i * 7)


def write_customers(path):
    with open(path, 'w', newline='', encoding='utf-8') as handle:
        writer = csv.writer(handle)
        writer.writerow('code,name,vat,fiscal_code,email,phone,street,zip,city,province,'
                        'country'.split(','))
        for i in range(N_CUSTOMERS):
            writer.writerow([
                'BC%06d' % i, 'Bench Cliente %06d Srl' % i, vat(i), '',
                'cliente%06d@bench.example' % i, '+39 02 %07d' % i,
                'Via Roma %d' % (i % 300 + 1), '%05d' % (20100 + i % 50),
                CITIES[i % 10], PROVINCES[i % 10], 'IT'])


def write_invoices(path, count):
    with open(path, 'w', newline='', encoding='utf-8') as handle:
        writer = csv.writer(handle)
        writer.writerow('number,date,customer_code,customer_vat,amount_untaxed,amount_tax,'
                        'amount_total,currency'.split(','))
        for i in range(count):
            untaxed = 100 + (i % 997) * 3.5
            tax = round(untaxed * 0.22, 2)
            # half by customer code, half by VAT only; Italian number and date formats
            code = 'BC%06d' % (i % N_CUSTOMERS) if i % 2 else ''
            writer.writerow([
                'BF/%07d' % i, '%02d/%02d/%d' % (i % 28 + 1, i % 12 + 1, 2021 + i % 5),
                code, '' if code else vat(i % N_CUSTOMERS),
                ('%.2f' % untaxed).replace('.', ','), ('%.2f' % tax).replace('.', ','),
                ('%.2f' % (untaxed + tax)).replace('.', ','), 'EUR'])


def make_job(env, kind, path, **extra):
    with open(path, 'rb') as handle:
        content = base64.b64encode(handle.read())
    job = env['dsa.import.job'].create(dict(
        kind=kind, file=content, file_name=os.path.basename(path), **extra))
    env.cache.invalidate()
    return job


def run_job(env, job, result, key, context=None):
    with QueryCounter(env.cr) as queries, timer(result, key):
        job.with_context(**(context or {})).action_run()
    result[key + '_queries'] = queries.count
    env.cache.invalidate()
    job = job.browse(job.id)
    return job


def main():
    args = parse_args(__doc__)
    tmp = tempfile.mkdtemp(prefix='dsa_bench_import_')
    result = {}
    try:
        customers = os.path.join(tmp, 'customers.csv')
        write_customers(customers)
        invoices = os.path.join(tmp, 'invoices_100k.csv')
        write_invoices(invoices, N_INVOICES)
        for size in (5000, 25000, 50000):
            write_invoices(os.path.join(tmp, 'invoices_%dk.csv' % (size // 1000)), size)
        out('files: %s (customers %.1f MB, invoices %.1f MB)' % (
            tmp, os.path.getsize(customers) / 1e6, os.path.getsize(invoices) / 1e6))

        with odoo_env(args) as env:
            cr = env.cr
            # 1. standard import: load() on the first N_LOAD customer rows
            with open(customers, encoding='utf-8') as handle:
                rows = list(csv.reader(handle))[1:N_LOAD + 1]
            fields = ['ref', 'name', 'vat', 'email', 'phone', 'street', 'zip', 'city',
                      'country_id']
            data = [[r[0], r[1], r[2], r[4], r[5], r[6], r[7], r[8], 'Italy'] for r in rows]
            cr.execute('SAVEPOINT bench_load')
            with QueryCounter(cr) as queries, timer(result, 'load'):
                loaded = env['res.partner'].load(fields, data)
            assert not [m for m in loaded['messages'] if m['type'] == 'error'], loaded
            result['load_queries'] = queries.count
            cr.execute('ROLLBACK TO SAVEPOINT bench_load')
            env.clear()
            load_rate = N_LOAD / result['load']
            out('load() on %d customer rows: %.1f s, %.0f rows/s, %d queries (%.1f/row)' % (
                N_LOAD, result['load'], load_rate, result['load_queries'],
                result['load_queries'] / N_LOAD))

            # 2. this importer on the whole customer file
            job = make_job(env, 'customers', customers)
            job = run_job(env, job, result, 'customers')
            assert job.count_created == N_CUSTOMERS, (
                job.state, job.error_message, job.count_created, job.count_rejected)
            rate = N_CUSTOMERS / result['customers']
            out('importer on %d customers: %.1f s, %.0f rows/s, %d queries (%.1f/row), '
                'ratio vs load(): %.1fx' % (
                    N_CUSTOMERS, result['customers'], rate, result['customers_queries'],
                    result['customers_queries'] / N_CUSTOMERS, rate / load_rate))
            # re-import of the same file: everything unchanged
            job = make_job(env, 'customers', customers)
            job = run_job(env, job, result, 'customers_again')
            assert job.count_skipped == N_CUSTOMERS, job.count_skipped
            out('re-import of the same %d customers: %.1f s, %.0f rows/s, all %d unchanged, '
                '%d queries' % (N_CUSTOMERS, result['customers_again'],
                                N_CUSTOMERS / result['customers_again'], job.count_skipped,
                                result['customers_again_queries']))

            # 3. invoices: ORM path on 5,000 rows (rolled back), then the real path
            cr.execute('SAVEPOINT bench_orm')
            job = make_job(env, 'invoices', os.path.join(tmp, 'invoices_5k.csv'))
            job = run_job(env, job, result, 'orm', {'dsa_import_orm': True})
            assert job.count_created == N_ORM, (job.state, job.error_message)
            out('invoices through ORM create(): %d rows, %.1f s, %.0f rows/s, %.1f queries/row'
                % (N_ORM, result['orm'], N_ORM / result['orm'], result['orm_queries'] / N_ORM))
            cr.execute('ROLLBACK TO SAVEPOINT bench_orm')
            env.clear()

            cr.execute('SAVEPOINT bench_invoices')
            job = make_job(env, 'invoices', invoices)
            job = run_job(env, job, result, 'invoices')
            assert job.count_created == N_INVOICES, (job.state, job.error_message,
                                                     job.count_rejected)
            out('importer on %d invoice rows: %.1f s, %.0f rows/s, %d queries (%.2f/row)' % (
                N_INVOICES, result['invoices'], N_INVOICES / result['invoices'],
                result['invoices_queries'], result['invoices_queries'] / N_INVOICES))
            job = make_job(env, 'invoices', invoices)
            job = run_job(env, job, result, 'invoices_again')
            assert job.count_skipped == N_INVOICES, job.count_skipped
            out('re-import of the same %d invoice rows: %.1f s, %.0f rows/s, all unchanged, '
                '%d queries' % (N_INVOICES, result['invoices_again'],
                                N_INVOICES / result['invoices_again'],
                                result['invoices_again_queries']))
            cr.execute('ROLLBACK TO SAVEPOINT bench_invoices')
            env.clear()

            # 4. peak memory as the file grows (each run rolled back)
            for size in (25000, 50000, 100000):
                path = os.path.join(tmp, 'invoices_%dk.csv' % (size // 1000))
                cr.execute('SAVEPOINT bench_memory')
                job = make_job(env, 'invoices', path)
                tracemalloc.start()
                start = time.perf_counter()
                job.action_run()
                elapsed = time.perf_counter() - start
                _current, peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
                env.cache.invalidate()
                assert job.browse(job.id).count_created == size
                out('memory, invoice import of %6d rows: peak %.1f MB traced (Python '
                    'allocations; %.0f rows/s under tracemalloc)' % (
                        size, peak / 1e6, size / elapsed))
                cr.execute('ROLLBACK TO SAVEPOINT bench_memory')
                env.clear()
            out('process max RSS: %.0f MB' % (
                resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    main()
