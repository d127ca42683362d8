"""Preventive interventions of the service contracts (dsa_tts, issue 14): the
daily cron over N due contracts (one plant each) against creating the same
interventions one by one through ``project.task.create``.

    DSA_BENCH_DB=fsm_bench DSA_BENCH_SIZES=1000,3000 \\
        scripts/dsa bench bench/bench_preventive.py

    DSA_BENCH_SIZES=10000 DSA_BENCH_SAMPLES=100,1000 scripts/dsa bench bench/bench_preventive.py

The cron runs here without committing (the bench rolls everything back); in
production each batch of 100 contracts also commits. Figures: time, queries
per contract (must stay flat) and the ratio one-by-one / cron (goal >= 5x).

DSA_BENCH_SAMPLES: the one-by-one reference is also run on the first K
contracts of the same set, for each K given (at 10,000 the full reference
takes hours on a loaded machine). Its cost per contract is printed for each
sample, to show that it is linear, and the ratio compares the cron's cost
per contract with the reference's.
"""
import os

from _common import QueryCounter, odoo_env, parse_args, timer

SIZES = tuple(int(s) for s in os.environ.get('DSA_BENCH_SIZES', '1000,3000').split(','))
SAMPLES = tuple(int(s) for s in os.environ.get('DSA_BENCH_SAMPLES', '').split(',') if s)
TODAY = '2027-02-01'


def build(env, size):
    """N running contracts due on 31 Jan 2027, one plant each. The set-up is not
    measured: plants and contracts are inserted in bulk (dsa_base.lib.bulk) to keep it
    short on a shared machine."""
    # imported here: the addons path is known once odoo_env() parsed the config
    from odoo.addons.dsa_base.lib.bulk import bulk_create
    customer = env['res.partner'].create({'name': 'Preventive bench %d' % size,
                                          'is_company': True})
    plants = bulk_create(env['dsa.plant'], [{
        'name': 'P%d-%d' % (size, i), 'code': 'BENCH-%d-%d' % (size, i),
        'partner_id': customer.id} for i in range(size)])
    contracts = bulk_create(env['dsa.service.contract'], [{
        'name': 'BENCH/%d/%d' % (size, i), 'partner_id': customer.id,
        'date_start': '2026-01-31', 'preventive_interval': 1,
        'preventive_unit': 'months', 'state': 'running',
        'next_preventive_date': '2027-01-31'} for i in range(size)])
    env.cr.execute(env.cr.mogrify(
        'INSERT INTO dsa_service_contract_plant_rel (contract_id, plant_id) VALUES %s' %
        ', '.join(['(%s, %s)'] * size),
        [i for pair in zip(contracts.ids, plants.ids) for i in pair]))
    contracts.invalidate_cache()
    return contracts


def one_by_one(env, contracts):
    """The platform's way: project.task.create for each due intervention."""
    Task = env['project.task'].with_context(mail_create_nosubscribe=True,
                                            mail_create_nolog=True)
    project = env['project.project']._dsa_field_service_project()
    for contract in contracts:
        dates, next_date = contract._dsa_preventive_due_dates(TODAY)
        for due in dates:
            for plant in contract.plant_ids:
                Task.create(contract._prepare_preventive_vals(plant, due, project))
        contract.next_preventive_date = next_date


def report_samples(results, size):
    cron_t = results[('cron', size)] / size
    cron_q = results[('cron_q', size)] / size
    print('contracts=%5d  cron: %6.2fs %7d queries (%.2f/contract, %.1f ms/contract)' % (
        size, results[('cron', size)], results[('cron_q', size)], cron_q, cron_t * 1000),
        flush=True)
    for sample in [k for k in SAMPLES if k <= size]:
        one_t = results[('one', size, sample)] / sample
        one_q = results[('one_q', size, sample)] / sample
        print('  one by one create() on the first %5d of them: %7.2fs %7d queries '
              '(%.1f/contract, %.1f ms/contract) | ratio per contract %.1fx time, '
              '%.1fx queries' % (
                  sample, results[('one', size, sample)], results[('one_q', size, sample)],
                  one_q, one_t * 1000, one_t / cron_t, one_q / cron_q), flush=True)


def report(results, size):
    print('contracts=%5d  cron: %6.2fs %7d queries (%.2f/contract) | '
          'one by one create(): %6.2fs %7d queries (%.1f/contract) | ratio %.1fx time, '
          '%.1fx queries' % (
              size, results[('cron', size)], results[('cron_q', size)],
              results[('cron_q', size)] / size, results[('one', size)],
              results[('one_q', size)], results[('one_q', size)] / size,
              results[('one', size)] / results[('cron', size)],
              results[('one_q', size)] / results[('cron_q', size)]), flush=True)


def main():
    args = parse_args(__doc__)
    results = {}
    with odoo_env(args) as env:
        for size in SIZES:
            contracts = build(env, size)
            domain = [('id', 'in', contracts.ids)]
            env.cr.execute('SAVEPOINT bench_preventive')
            env['project.task'].invalidate_cache()
            with QueryCounter(env.cr) as q, timer(results, ('cron', size)):
                env['dsa.service.contract']._cron_preventive_interventions(
                    today=TODAY, commit=False, domain=domain)
            results[('cron_q', size)] = q.count
            created = env['project.task'].search_count([('dsa_contract_id', 'in', contracts.ids)])
            assert created == size, (created, size)
            env.cr.execute('ROLLBACK TO SAVEPOINT bench_preventive')
            env['project.task'].invalidate_cache()
            if SAMPLES:
                for sample in [k for k in SAMPLES if k <= size]:
                    env.cr.execute('SAVEPOINT bench_preventive_sample')
                    with QueryCounter(env.cr) as q, \
                            timer(results, ('one', size, sample)):
                        one_by_one(env, contracts[:sample])
                    results[('one_q', size, sample)] = q.count
                    created = env['project.task'].search_count(
                        [('dsa_contract_id', 'in', contracts[:sample].ids)])
                    assert created == sample, (created, sample)
                    env.cr.execute('ROLLBACK TO SAVEPOINT bench_preventive_sample')
                    env['project.task'].invalidate_cache()
                    env['dsa.service.contract'].invalidate_cache()
                report_samples(results, size)
                continue
            with QueryCounter(env.cr) as q, timer(results, ('one', size)):
                one_by_one(env, contracts)
            results[('one_q', size)] = q.count
            created = env['project.task'].search_count([('dsa_contract_id', 'in', contracts.ids)])
            assert created == size, (created, size)
            report(results, size)


if __name__ == '__main__':
    main()
