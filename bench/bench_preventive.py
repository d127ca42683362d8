"""Preventive interventions of the service contracts (dsa_tts, issue 14): the
daily cron over N due contracts (one plant each) against creating the same
interventions one by one through ``project.task.create``.

    DSA_BENCH_DB=fsm_bench DSA_BENCH_SIZES=1000,3000 \\
        scripts/dsa bench bench/bench_preventive.py

The cron runs here without committing (the bench rolls everything back); in
production each batch of 100 contracts also commits. Figures: time, queries
per contract (must stay flat) and the ratio one-by-one / cron (goal >= 5x).
"""
import os

from _common import QueryCounter, odoo_env, parse_args, timer

SIZES = tuple(int(s) for s in os.environ.get('DSA_BENCH_SIZES', '1000,3000').split(','))
TODAY = '2027-02-01'


def build(env, size):
    """N running contracts due on 31 Jan 2027, one plant each."""
    ctx = dict(tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True,
               mail_notrack=True)
    customer = env['res.partner'].with_context(ctx).create({
        'name': 'Preventive bench %d' % size, 'is_company': True})
    Plant = env['dsa.plant'].with_context(ctx)
    Contract = env['dsa.service.contract'].with_context(ctx)
    ids = []
    for i in range(size):
        plant = Plant.create({'name': 'P%d-%d' % (size, i), 'partner_id': customer.id})
        ids.append(Contract.create({
            'partner_id': customer.id, 'plant_ids': [(6, 0, plant.ids)],
            'date_start': '2026-01-31', 'preventive_interval': 1,
            'preventive_unit': 'months', 'state': 'running',
            'next_preventive_date': '2027-01-31'}).id)
    return Contract.browse(ids)


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
            with QueryCounter(env.cr) as q, timer(results, ('one', size)):
                one_by_one(env, contracts)
            results[('one_q', size)] = q.count
            created = env['project.task'].search_count([('dsa_contract_id', 'in', contracts.ids)])
            assert created == size, (created, size)
    for size in SIZES:
        print('contracts=%5d  cron: %6.2fs %7d queries (%.2f/contract) | '
              'one by one create(): %6.2fs %7d queries (%.1f/contract) | ratio %.1fx time, '
              '%.1fx queries' % (
                  size, results[('cron', size)], results[('cron_q', size)],
                  results[('cron_q', size)] / size, results[('one', size)],
                  results[('one_q', size)], results[('one_q', size)] / size,
                  results[('one', size)] / results[('cron', size)],
                  results[('one_q', size)] / results[('cron_q', size)]))


if __name__ == '__main__':
    main()
