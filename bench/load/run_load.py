"""Load test of the customer portal (issue 17): the suite's pages against core Odoo's
/my/orders, N concurrent portal customers, Odoo in multi-worker mode, while the
preventive cron and a 100,000-row import run. Prints a markdown table.

    scripts/dsa load                       # or, by hand:
    .local/tools-venv/bin/python bench/load/run_load.py --conf FILE --db load_db \
        [--enlarge] [--users 10 50] [--duration 60]

Steps (run from the repository root):
1. --enlarge: adds the 2,000 load customers to the database (a copy of dsa_test_base):
   the first ORM_CUSTOMERS through the ORM (bench/load/enlarge_db.py, PROCESSES disjoint
   ranges at once), the others as SQL copies of the first (enlarge_db.py --clone), then
   ANALYZE.
2. Starts Odoo: --workers=4 --max-cron-threads=1, the queue_job runner (server-wide
   module in the configuration), HTTP on --port, longpolling on --port + 1, the database
   filter on --db only. Waits for /web/login.
3. Writes the map of customers and plants (enlarge_db.py --map) and warms the workers
   up (a short Locust run of both scenarios, not counted).
4. For each N and each scenario (suite, then core, back to back): starts
   bench/load/background.py (queues the import, runs the preventive cron on a group of
   500 contracts), runs Locust headless for --duration, waits for the background work
   to end (so that the next run starts as this one did).
5. Prints the table: requests, throughput, p50 / p95 (logins left out), errors,
   cross-customer hits, the p95 ratio suite / core; then the background timings and the
   machine's load. Exits 1 on any cross-customer hit or if the check saw nothing.
"""
import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HERE = os.path.join(ROOT, 'bench', 'load')
OUT = os.path.join(ROOT, '.local', 'load')
ODOO_PY = os.path.join(os.environ.get('DSA_VENV', os.path.join(ROOT, '.venv')), 'bin',
                       'python')
LOCUST = os.path.join(os.path.dirname(sys.executable), 'locust')
SCENARIOS = (('suite', 'SuiteCustomer'), ('core', 'CoreCustomer'))
CUSTOMERS = 2000
ORM_CUSTOMERS = 250   # through the ORM; the others are SQL copies of the first one
PROCESSES = 4


def out(*args):
    print(*args, flush=True)


def load_average():
    return '%.1f %.1f %.1f' % os.getloadavg()


def enlarge(args):
    step = ORM_CUSTOMERS // PROCESSES
    procs = []
    for first in range(1, ORM_CUSTOMERS + 1, step):
        log = open(os.path.join(OUT, 'enlarge_%d.log' % first), 'w')
        procs.append(subprocess.Popen(
            [ODOO_PY, os.path.join(HERE, 'enlarge_db.py'), '--conf', args.conf, '--db',
             args.db, '--first', str(first), '--last', str(first + step - 1)],
            stdout=log, stderr=subprocess.STDOUT))
    start = time.time()
    if any(proc.wait() for proc in procs):
        sys.exit('enlarge_db.py failed: see %s/enlarge_*.log' % OUT)
    out('%d customers made through the ORM in %.0f s (%d processes)' % (
        ORM_CUSTOMERS, time.time() - start, PROCESSES))
    subprocess.check_call([ODOO_PY, os.path.join(HERE, 'enlarge_db.py'), '--conf', args.conf,
                           '--db', args.db, '--clone', '--first', '1', '--last',
                           str(CUSTOMERS)], stderr=subprocess.DEVNULL)
    subprocess.check_call(['psql', '-q', '-d', args.db, '-c', 'ANALYZE'])


def start_server(args):
    log = os.path.join(OUT, 'odoo.log')
    env = dict(os.environ, PATH='%s:%s' % (
        os.path.join(ROOT, '.local', 'node', 'node_modules', '.bin'), os.environ['PATH']))
    cmd = [ODOO_PY, os.path.join(ROOT, 'scripts', 'odoo-bin'), '-c', args.conf, '-d', args.db,
           '--workers=4', '--max-cron-threads=1', '--http-port=%d' % args.port,
           '--longpolling-port=%d' % (args.port + 1), '--db-filter=^%s$' % args.db,
           '--logfile=%s' % log]
    with socket.socket() as probe:
        if probe.connect_ex(('127.0.0.1', args.port)) == 0:
            sys.exit('port %d is in use (another Odoo?): stop it first' % args.port)
    out('$ ' + ' '.join(cmd))
    server = subprocess.Popen(cmd, env=env, start_new_session=True)
    for _i in range(120):
        try:
            with urllib.request.urlopen('%s/web/login' % args.host, timeout=10) as resp:
                if resp.status == 200:
                    return server
        except OSError:
            pass
        if server.poll() is not None:
            sys.exit('Odoo stopped at start: see %s' % log)
        time.sleep(1)
    stop_server(server)
    sys.exit('Odoo does not answer on %s' % args.host)


def stop_server(server):
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def locust(args, users, classes, duration, prefix, extra_env=None):
    env = dict(os.environ, LOAD_MAP=os.path.join(OUT, 'map.json'),
               LOAD_SAMPLES=prefix + '_samples.json', LOAD_HITS=prefix + '_hits.txt',
               **(extra_env or {}))
    cmd = [LOCUST, '-f', os.path.join(HERE, 'locustfile.py'), '--headless', '-u', str(users),
           '-r', str(min(users, 10)), '-t', '%ds' % duration, '--host', args.host,
           '--csv', prefix, '--only-summary', '--loglevel', 'WARNING'] + list(classes)
    with open(prefix + '_locust.txt', 'w') as log:
        subprocess.call(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
    with open(prefix + '_samples.json') as handle:
        data = json.load(handle)
    with open(prefix + '_hits.txt') as handle:
        hits = [line for line in handle if line.strip()]
    return data, hits, ' '.join(cmd)


def percentile(values, share):
    """Nearest-rank percentile of `values` (milliseconds)."""
    if not values:
        return float('nan')
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, int(round(share * len(ordered) + 0.5)) - 1))
    return ordered[rank]


def measure(args, index, users, scenario, klass):
    prefix = os.path.join(OUT, 'n%d_%s' % (users, scenario))
    load_before = load_average()
    background = subprocess.Popen(
        [ODOO_PY, os.path.join(HERE, 'background.py'), '--conf', args.conf, '--db', args.db,
         '--group', str(index), '--result', prefix + '_background.json'],
        stdout=open(prefix + '_background.log', 'w'), stderr=subprocess.STDOUT)
    time.sleep(args.background_lead)   # the import queued, the cron started
    data, hits, cmd = locust(args, users, [klass], args.duration, prefix)
    load_after = load_average()
    if background.wait(1800):
        sys.exit('background.py failed: see %s_background.log' % prefix)
    with open(prefix + '_background.json') as handle:
        bg = json.load(handle)
    times = [s[1] for s in data['samples']]
    failed = sum(1 for s in data['samples'] if s[2])
    return {
        'users': users, 'scenario': scenario, 'requests': len(times),
        'rps': len(times) / args.duration, 'p50': percentile(times, 0.50),
        'p95': percentile(times, 0.95), 'errors': failed - len(hits) + data['logins']['failed'],
        'hits': len(hits), 'logins': data['logins'], 'background': bg,
        'load_before': load_before, 'load_after': load_after, 'cmd': cmd}


def report(rows, args):
    out('\n| N | scenario | requests | req/s | p50 ms | p95 ms | errors | cross-customer hits '
        '| p95 suite / core |')
    out('|---|---|---|---|---|---|---|---|---|')
    for row in rows:
        ratio = ''
        if row['scenario'] == 'core':
            suite = [r for r in rows if r['users'] == row['users'] and r['scenario'] == 'suite']
            if suite:
                ratio = '**%.2f**' % (suite[0]['p95'] / row['p95'])
        out('| %d | %s | %d | %.1f | %.0f | %.0f | %d | %d | %s |' % (
            row['users'], row['scenario'], row['requests'], row['rps'], row['p50'],
            row['p95'], row['errors'], row['hits'], ratio))
    out('\n| N | scenario | logins ok / failed | own plants seen by the check | '
        'cron: contracts, interventions, s | import: rows, s, state | load avg before / after |')
    out('|---|---|---|---|---|---|---|')
    for row in rows:
        bg, logins = row['background'], row['logins']
        out('| %d | %s | %d / %d | %d of %d users | %d, %d, %.0f | %d, %.0f, %s | %s / %s |' % (
            row['users'], row['scenario'], logins['ok'], logins['failed'],
            logins['own_data_seen'], logins['own_data_seen'] + logins['own_data_missing'],
            bg['contracts_due'], bg['cron_interventions'], bg['cron_seconds'],
            bg['import_created'], bg['import_seconds'], bg['import_state'],
            row['load_before'], row['load_after']))
    out('\nmachine: %d CPU cores, load average now %s; duration %d s per run; Locust: %s' % (
        os.cpu_count(), load_average(), args.duration, rows[0]['cmd'] if rows else ''))


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--conf', required=True, help='Odoo configuration file')
    parser.add_argument('--db', default='load_db')
    parser.add_argument('--port', type=int, default=8475)
    parser.add_argument('--users', type=int, nargs='+', default=[10, 50])
    parser.add_argument('--duration', type=int, default=60, help='seconds per run')
    parser.add_argument('--background-lead', type=int, default=5,
                        help='seconds between the start of the background work and Locust')
    parser.add_argument('--enlarge', action='store_true', help='add the load customers first')
    parser.add_argument('--selftest', action='store_true',
                        help='only check that the cross-customer check finds a leak')
    args = parser.parse_args()
    args.host = 'http://127.0.0.1:%d' % args.port
    os.makedirs(OUT, exist_ok=True)
    if args.enlarge:
        enlarge(args)
    subprocess.check_call([ODOO_PY, os.path.join(HERE, 'enlarge_db.py'), '--conf', args.conf,
                           '--db', args.db, '--map', os.path.join(OUT, 'map.json')],
                          stderr=subprocess.DEVNULL)
    server = start_server(args)
    rows = []
    try:
        if args.selftest:
            data, hits, _cmd = locust(args, 2, ['SuiteCustomer'], 20,
                                      os.path.join(OUT, 'selftest'), {'LOAD_SELFTEST': '1'})
            out('self-test (each user takes its own plants for another customer\'s): '
                '%d hits over %d pages' % (len(hits), len(data['samples'])))
            return 0 if hits else 1
        out('warm-up (not counted), load average %s' % load_average())
        locust(args, 4, [klass for _s, klass in SCENARIOS], 20, os.path.join(OUT, 'warmup'))
        index = 0
        for users in args.users:
            for scenario, klass in SCENARIOS:
                out('N=%d %s: load average %s' % (users, scenario, load_average()))
                rows.append(measure(args, index, users, scenario, klass))
                index += 1
        report(rows, args)
    finally:
        stop_server(server)
    bad = [r for r in rows if r['hits'] or r['logins']['own_data_missing']]
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
