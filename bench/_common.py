"""Shared plumbing of the benchmarks: an Odoo environment on the bench
database, a wall-clock timer and an SQL query counter.

Each bench script is run by `make bench` (scripts/dsa bench) as
`python bench/bench_x.py --conf FILE --db NAME` and prints its figures.
Work done inside `odoo_env()` is rolled back unless commit=True.
"""
import argparse
import contextlib
import statistics
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


@contextlib.contextmanager
def measured(env, results, key):
    """Time and count the queries of the block, started with an empty cache:
    results[key] holds the seconds, results[(key, 'queries')] the queries."""
    env.cache.invalidate()
    with QueryCounter(env.cr) as counter, timer(results, key):
        yield
    results[(key, 'queries')] = counter.count


# ------------------------------------------------------------- zone benches
def create_zones(env, count, name, code):
    """``count`` sales zones named ``name % i``, coded ``code % i``."""
    zones = env['dsa.zone']
    for i in range(count):
        zones |= zones.create({'name': name % i, 'code': code % i})
    return zones


def create_user(env, name, login, group_xmlid, zones=None):
    """A user of one group, optionally restricted to ``zones``."""
    vals = {'name': name, 'login': login, 'groups_id': [(6, 0, [env.ref(group_xmlid).id])]}
    if zones is not None:
        vals['dsa_zone_ids'] = [(6, 0, zones.ids)]
    return env['res.users'].with_context(no_reset_password=True).create(vals)


def analyze_and_commit(env, tables):
    """Fresh planner statistics on the generated tables, then keep the data."""
    for table in tables:
        env.cr.execute('ANALYZE %s' % table)
    env.cr.commit()


def measure_list(env, uids, model, domain, order, fields, repeat, page=80):
    """search_count and the first page of search_read as each user of ``uids``,
    each with an empty cache: medians over ``repeat`` runs and the query
    counts, one dict per user. The users take turns within each run, so that
    a load peak of the shared machine weighs on all of them alike."""
    models = [env(user=uid)[model] for uid in uids]
    for Model in models:
        Model.search_count(domain)                   # warm the rule cache
    result = {}
    times = [{'count': [], 'page': [], 'n': 0, 'rows': 0} for _uid in uids]
    for _i in range(repeat):
        for Model, mine in zip(models, times):
            with measured(env, result, 'count'):
                mine['n'] = Model.search_count(domain)
            mine['count'].append(result['count'])
            mine['q_count'] = result[('count', 'queries')]
            with measured(env, result, 'page'):
                mine['rows'] = len(Model.search_read(domain, fields, limit=page, order=order))
            mine['page'].append(result['page'])
            mine['q_page'] = result[('page', 'queries')]
    return [{'count': mine['n'], 'rows': mine['rows'],
             't_count': statistics.median(mine['count']),
             't_page': statistics.median(mine['page']),
             'q_count': mine['q_count'], 'q_page': mine['q_page']} for mine in times]
