"""Licence invoicing cron and hour-package figures (PRC-3, PRC-4).

Builds N running licence subscriptions (N = 50 and 200, one customer each,
a third of them with a user change in the month, i.e. two invoice lines),
then runs the monthly invoicing job twice for the same date:
- first run: one validated customer invoice per subscription;
- second run: nothing to do (idempotent), must stay cheap.
Then reads the hour consumption of M hour packages (M = 20 and 100, 5
timesheet lines each) as the list view does.  Prints seconds and SQL
queries, in total and per record: per-record figures must not grow with N.

    DSA_BENCH_DB=dsa_t_pricing_bench DSA_MODULES=dsa_pricing \\
        scripts/dsa bench bench/bench_pricing.py
"""
from _common import QueryCounter, odoo_env, parse_args, timer

SUBSCRIPTIONS = (50, 200)
PACKAGES = (20, 100)


def ensure_chart(env):
    """The bench database has no demo data, hence no chart of accounts."""
    company = env.user.company_id
    Account = env['account.account']
    receivable = Account.search([('code', '=', 'BEN121')]) or Account.create({
        'code': 'BEN121', 'name': 'Bench customers', 'reconcile': True,
        'user_type_id': env.ref('account.data_account_type_receivable').id})
    income = Account.search([('code', '=', 'BEN701')]) or Account.create({
        'code': 'BEN701', 'name': 'Bench licence revenue',
        'user_type_id': env.ref('account.data_account_type_revenue').id})
    if not env['account.journal'].search([('type', '=', 'sale'),
                                          ('company_id', '=', company.id)]):
        env['account.journal'].create({
            'name': 'Bench sales', 'code': 'BENS', 'type': 'sale',
            'default_debit_account_id': income.id, 'default_credit_account_id': income.id})
    env.ref('dsa_pricing.product_category_licences').property_account_income_categ_id = income
    return receivable


def bench_invoicing(env, receivable, size):
    Sub = env['dsa.licence.subscription'].with_context(
        tracking_disable=True, mail_create_nolog=True, mail_notrack=True)
    subs = Sub.browse()
    for i in range(size):
        partner = env['res.partner'].create({
            'name': 'Bench customer %d-%d' % (size, i), 'is_company': True,
            'property_account_receivable_id': receivable.id})
        sub = Sub.create({'partner_id': partner.id, 'product_code': ('tts', 'crm')[i % 2],
                          'users': 3 + i % 40, 'date_start': '2030-01-01'})
        if i % 3 == 0:
            sub.with_context(dsa_change_date='2030-01-16').users = 60
        subs |= sub
    res = {}
    env.cache.invalidate()
    with QueryCounter(env.cr) as q1, timer(res, 'first'):
        invoices = Sub._cron_invoice_subscriptions(date='2030-02-01')
    with QueryCounter(env.cr) as q2, timer(res, 'second'):
        again = Sub._cron_invoice_subscriptions(date='2030-02-01')
    assert len(invoices) == size and not again, (len(invoices), len(again))
    return res, q1.count, q2.count


def bench_packages(env, size):
    project = env['project.project'].create({'name': 'Bench support %d' % size})
    packages = env['dsa.hour.package']
    for i in range(size):
        partner = env['res.partner'].create({'name': 'Bench hours %d-%d' % (size, i),
                                             'is_company': True})
        task = env['project.task'].create({'name': 'Bench task %d' % i,
                                           'project_id': project.id,
                                           'partner_id': partner.id})
        for day in range(1, 6):
            env['account.analytic.line'].create({
                'name': 'work', 'project_id': project.id, 'task_id': task.id,
                'date': '2030-03-%02d' % day, 'unit_amount': 1.5})
        packages |= packages.create({'partner_id': partner.id, 'period_start': '2030-03-01',
                                     'package_hours': '20'})
    packages.invalidate_cache()
    res = {}
    with QueryCounter(env.cr) as q, timer(res, 'read'):
        data = packages.read(['hours_used', 'hours_left', 'is_overused', 'overuse_amount'])
    assert all(d['hours_used'] == 7.5 for d in data)
    return res['read'], q.count


def main():
    args = parse_args(__doc__.splitlines()[0])
    with odoo_env(args) as env:
        receivable = ensure_chart(env)
        print('invoicing cron (validated invoices), run twice for the same month:')
        for size in SUBSCRIPTIONS:
            res, q1, q2 = bench_invoicing(env, receivable, size)
            print('  %4d subscriptions: first run %.2f s, %d queries (%.1f per subscription, '
                  '%.1f ms each); second run %.3f s, %d queries' % (
                      size, res['first'], q1, q1 / size, res['first'] * 1000 / size,
                      res['second'], q2))
        print('hour packages, reading hours used/left/overuse of the list:')
        for size in PACKAGES:
            seconds, queries = bench_packages(env, size)
            print('  %4d packages: %.3f s, %d queries (%.1f per package)' % (
                size, seconds, queries, queries / size))


if __name__ == '__main__':
    main()
