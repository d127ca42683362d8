"""Accounting bridge importer: speed against Odoo's standard import and against raw
COPY, invoice rate and peak memory as the file grows, speed-up of two job workers.

    DSA_BENCH_DB=dsa_t_bridge_bench DSA_MODULES=dsa_accounting_bridge \
        scripts/dsa bench bench/bench_import.py

Generates (in a temp dir) 20,000 customers and 25,000 / 100,000 / 400,000 invoice rows
as CSV, then in one run (everything rolled back or deleted at the end):
1. Odoo's standard import, `res.partner.load(fields, rows)` (base_import's engine), on
   the first 1,000 rows of the customer file only (it is slow), rows/s;
2. this importer (dsa.import.job, kind customers, with matching, dedup and validation)
   on the whole 20,000-row customer file, rows/s, and the ratio;
3. invoices through the ORM (context dsa_import_orm) on 5,000 rows, the measurement
   behind the set-based path;
4. invoices at 25k, 100k and 400k rows, synchronous (dsa_import_sync): rows/s, SQL
   queries, peak RSS growth of the process during the import (sampled every 20 ms),
   and the ratio against a raw `COPY ... FROM STDIN CSV` of the same file into a
   temporary table of text columns; an unchanged re-import at 100k;
5. the 400k file through the job queue (chunks of 50,000 rows), performed by one
   worker process, then by two worker processes at once (each one takes the next
   pending queue job with FOR UPDATE SKIP LOCKED, as the job runner's workers would):
   wall time from the queueing to the job done, and the speed-up. This part commits
   (it needs separate transactions) and deletes what it created at the end.
"""
import base64
import contextlib
import csv
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time

import psutil
import psycopg2

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _common import QueryCounter, odoo_env, parse_args, timer  # noqa: E402

N_CUSTOMERS = 20000
SIZES = (25000, 100000, 400000)
N_WORKERS_FILE = 400000
CHUNK_ROWS = 50000
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
    context = dict(context or {}, dsa_import_sync=True)
    with QueryCounter(env.cr) as queries, timer(result, key):
        job.with_context(**context).action_run()
    result[key + '_queries'] = queries.count
    env.cache.invalidate()
    job = job.browse(job.id)
    return job


class PeakRss(object):
    """Peak resident memory of this process while the block runs, sampled every 20 ms,
    minus the resident memory when it started."""

    def __init__(self):
        self.process = psutil.Process()
        self.peak = self.start = 0
        self._stop = threading.Event()

    def _sample(self):
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, self.process.memory_info().rss)

    def __enter__(self):
        self.start = self.peak = self.process.memory_info().rss
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.process.memory_info().rss)

    @property
    def growth_mb(self):
        return (self.peak - self.start) / 1e6


@contextlib.contextmanager
def committed_env(db):
    """An environment whose work is committed (the configuration is parsed already)."""
    import odoo
    registry = odoo.registry(db)
    with odoo.api.Environment.manage(), registry.cursor() as cr:
        yield odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        cr.commit()


class CpuTime(object):
    """CPU seconds of this process and of its PostgreSQL backend during the block: on a
    machine shared with other work, rows per CPU-second says what the import costs
    whatever the load (wall time there is mostly waiting for a core)."""

    def __init__(self, cr):
        cr.execute('SELECT pg_backend_pid()')
        self.backend = psutil.Process(cr.fetchone()[0])

    def _now(self):
        backend = self.backend.cpu_times()
        return time.process_time(), backend.user + backend.system

    def __enter__(self):
        self._start = self._now()
        return self

    def __exit__(self, *exc):
        end = self._now()
        self.odoo = end[0] - self._start[0]
        self.pg = end[1] - self._start[1]
        self.total = self.odoo + self.pg


def raw_copy(cr, path):
    """Seconds to COPY the CSV file as it is into a temporary table of text columns."""
    cr.execute('SAVEPOINT bench_copy')
    cr.execute('CREATE TEMPORARY TABLE bench_raw (number text, date text, customer_code text,'
               ' customer_vat text, amount_untaxed text, amount_tax text, amount_total text,'
               ' currency text)')
    start = time.perf_counter()
    with CpuTime(cr) as cpu, open(path, 'rb') as handle:
        cr.copy_expert('COPY bench_raw FROM STDIN WITH (FORMAT csv, HEADER true)', handle)
    elapsed = time.perf_counter() - start
    cr.execute('ROLLBACK TO SAVEPOINT bench_copy')
    return elapsed, cpu.total


def worker(args):
    """One job worker: performs pending import queue jobs until the import job ends."""
    from odoo.addons.queue_job.job import Job
    import odoo
    job_id = int(os.environ['DSA_BENCH_JOB_ID'])
    with odoo_env(args, commit=True) as env:
        cr = env.cr
        while True:
            cr.execute("SELECT state FROM dsa_import_job WHERE id = %s", (job_id,))
            if cr.fetchone()[0] in ('done', 'done_errors', 'failed'):
                return
            cr.execute("""
                SELECT uuid FROM queue_job
                 WHERE state = 'pending' AND model_name = 'dsa.import.job'
                 ORDER BY priority, id LIMIT 1 FOR UPDATE SKIP LOCKED""")
            found = cr.fetchone()
            if not found:
                cr.rollback()
                time.sleep(0.1)
                continue
            try:
                queued = Job.load(env, found[0])
                queued.set_started()
                queued.store()
                with odoo.api.Environment.manage():
                    queued.perform()
                queued.set_done()
                queued.store()
                cr.commit()
            except psycopg2.OperationalError:
                # two finish jobs writing the job row at once: retried, as the job
                # runner's controller retries the concurrency errors
                cr.rollback()
            env.clear()


def run_workers(args, path, workers):
    """Wall time of the 400k-row import through the queue with `workers` processes (the
    generic profile: the customers' codes belong to its source system; the invoices
    are deleted after each run)."""
    with committed_env(args.db) as env:
        env['ir.config_parameter'].set_param('dsa_accounting_bridge.import_chunk_rows',
                                             str(CHUNK_ROWS))
        job = make_job(env, 'invoices', path)
        env.cr.commit()
        start = time.perf_counter()
        job.action_run()
        env.cr.commit()
        job_id = job.id
    environ = dict(os.environ, DSA_BENCH_JOB_ID=str(job_id))
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    procs = [subprocess.Popen([sys.executable, __file__, '--conf', args.conf, '--db', args.db,
                               '--worker'], env=environ) for _i in range(workers)]
    for proc in procs:
        proc.wait()
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
    with committed_env(args.db) as env:
        job = env['dsa.import.job'].browse(job_id)
        outcome = (job.state, job.count_created, job.count_rejected, len(job.chunk_ids))
        env.cr.execute('DELETE FROM dsa_imported_invoice WHERE import_job_id = %s', (job_id,))
        env.cr.execute("DELETE FROM queue_job WHERE model_name = 'dsa.import.job'")
        job.unlink()
    return elapsed, outcome + (cpu,)


def part_load(env, customers, result):
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


def part_customers(env, customers, result):
    # 2. this importer on the whole customer file
    job = make_job(env, 'customers', customers)
    job = run_job(env, job, result, 'customers')
    assert job.count_created == N_CUSTOMERS, (
        job.state, job.error_message, job.count_created, job.count_rejected)
    rate = N_CUSTOMERS / result['customers']
    out('importer on %d customers: %.1f s, %.0f rows/s, %d queries (%.1f/row), '
        'ratio vs load(): %.1fx' % (
            N_CUSTOMERS, result['customers'], rate, result['customers_queries'],
            result['customers_queries'] / N_CUSTOMERS,
            rate / (N_LOAD / result['load']) if 'load' in result else 0))
    job = make_job(env, 'customers', customers)
    job = run_job(env, job, result, 'customers_again')
    assert job.count_skipped == N_CUSTOMERS, job.count_skipped
    out('re-import of the same %d customers: %.1f s, %.0f rows/s, all %d unchanged, '
        '%d queries' % (N_CUSTOMERS, result['customers_again'],
                        N_CUSTOMERS / result['customers_again'], job.count_skipped,
                        result['customers_again_queries']))


def part_orm(env, files, result):
    cr = env.cr
    # 3. invoices through the ORM on 5,000 rows (rolled back)
    cr.execute('SAVEPOINT bench_orm')
    job = make_job(env, 'invoices', files[N_ORM])
    job = run_job(env, job, result, 'orm', {'dsa_import_orm': True})
    assert job.count_created == N_ORM, (job.state, job.error_message)
    out('invoices through ORM create(): %d rows, %.1f s, %.0f rows/s, %.1f queries/row'
        % (N_ORM, result['orm'], N_ORM / result['orm'], result['orm_queries'] / N_ORM))
    cr.execute('ROLLBACK TO SAVEPOINT bench_orm')
    env.clear()


def main():
    if '--worker' in sys.argv:
        sys.argv.remove('--worker')
        return worker(parse_args(__doc__))
    args = parse_args(__doc__)
    tmp = tempfile.mkdtemp(prefix='dsa_bench_import_')
    result = {}
    try:
        customers = os.path.join(tmp, 'customers.csv')
        write_customers(customers)
        files = {}
        for size in SIZES + (N_ORM,):
            files[size] = os.path.join(tmp, 'invoices_%dk.csv' % (size // 1000))
            write_invoices(files[size], size)
        out('files: %s (customers %.1f MB, invoices %s MB); load average %s' % (
            tmp, os.path.getsize(customers) / 1e6,
            ' / '.join('%.1f' % (os.path.getsize(files[n]) / 1e6) for n in SIZES),
            ' '.join('%.1f' % x for x in os.getloadavg())))

        with odoo_env(args) as env:
            cr = env.cr
            parts = os.environ.get('DSA_BENCH_IMPORT_PARTS', '12345')
            if '1' in parts:
                part_load(env, customers, result)
            if '2' in parts:
                part_customers(env, customers, result)
            elif '4' in parts:   # the invoices need the customers
                make_job(env, 'customers', customers).with_context(
                    dsa_import_sync=True).action_run()
            if '3' in parts:
                part_orm(env, files, result)
            # 4. invoices at each size: rate, memory, ratio against raw COPY
            for size in SIZES if '4' in parts else ():
                copy_time, copy_cpu = raw_copy(cr, files[size])
                cr.execute('SAVEPOINT bench_invoices')
                job = make_job(env, 'invoices', files[size])
                key = 'invoices_%d' % size
                with PeakRss() as rss, CpuTime(cr) as cpu:
                    job = run_job(env, job, result, key)
                assert job.count_created == size, (job.state, job.error_message,
                                                   job.count_rejected)
                elapsed = result[key]
                out('invoices, %6d rows: %.1f s wall, %.0f rows/s; CPU %.1f s (Odoo %.1f + '
                    'PostgreSQL %.1f): %.0f rows per CPU-second; %d queries, peak RSS +%.0f MB; '
                    'raw COPY of the file %.2f s wall, %.2f s CPU (%.0f rows per CPU-second): '
                    'importer/COPY = %.1fx wall, %.1fx CPU' % (
                        size, elapsed, size / elapsed, cpu.total, cpu.odoo, cpu.pg,
                        size / cpu.total, result[key + '_queries'], rss.growth_mb, copy_time,
                        copy_cpu, size / max(copy_cpu, 1e-6), elapsed / copy_time,
                        cpu.total / max(copy_cpu, 1e-6)))
                if size == 100000:
                    job = make_job(env, 'invoices', files[size])
                    job = run_job(env, job, result, 'invoices_again')
                    assert job.count_skipped == size, job.count_skipped
                    out('re-import of the same %d invoice rows: %.1f s, %.0f rows/s, all '
                        'unchanged, %d queries' % (size, result['invoices_again'],
                                                   size / result['invoices_again'],
                                                   result['invoices_again_queries']))
                cr.execute('ROLLBACK TO SAVEPOINT bench_invoices')
                env.clear()
            out('process max RSS: %.0f MB' % (
                resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0))

        # 5. the queue: one worker, then two (committed: the customers too, deleted after)
        if '5' not in parts:
            return
        with committed_env(args.db) as env:
            job = make_job(env, 'customers', customers)
            job.with_context(dsa_import_sync=True).action_run()
            assert job.count_created == N_CUSTOMERS, (job.count_created, job.count_skipped)
            customer_job = job.id
        try:
            run_queue_benchmark(args, files)
        finally:
            with committed_env(args.db) as env:
                env.cr.execute("DELETE FROM res_partner WHERE dsa_external_code LIKE 'BC%%' "
                               "AND dsa_source_system = 'accounting'")
                env['dsa.import.job'].browse(customer_job).unlink()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run_queue_benchmark(args, files):
    one, outcome = run_workers(args, files[N_WORKERS_FILE], 1)
    out('queue, %d rows in %d chunks, 1 worker process: %.1f s wall (%.0f rows/s), '
        'worker CPU %.1f s %s' % (N_WORKERS_FILE, outcome[3], one, N_WORKERS_FILE / one,
                                  outcome[4], outcome[:3]))
    two, outcome = run_workers(args, files[N_WORKERS_FILE], 2)
    out('queue, %d rows in %d chunks, 2 worker processes: %.1f s wall (%.0f rows/s), '
        'workers CPU %.1f s %s; speed-up %.2fx' % (
            N_WORKERS_FILE, outcome[3], two, N_WORKERS_FILE / two, outcome[4], outcome[:3],
            one / two))
    out('load average at the end: %s' % ' '.join('%.1f' % x for x in os.getloadavg()))


if __name__ == '__main__':
    main()
