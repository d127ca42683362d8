"""Monthly billing run of licences and support-hour packages (PRC-3, PRC-4, issue 15).

For N = 100 and N = 1,000: N running licence subscriptions (a third with a
user change in the month, i.e. two invoice lines) and N support-hour package
subscriptions (a third with overuse in the closed month, i.e. an invoice with
two lines).  The monthly run of the 1st (both crons) then:
- invoices each licence's previous month (validated invoice);
- closes each package's previous month, opens the new month and invoices
  it in advance with the previous month's overuse.
Prints seconds and SQL queries per document (per invoice): they must stay
flat from 100 to 1,000.  A second run on the same day must bill nothing and
stay cheap.  Baseline, the platform's own way: N sale orders invoiced by
Odoo's "Create invoice" (action_invoice_create + validation), per invoice.
Last, emailing 10 invoices with their PDF (real wkhtmltopdf), per invoice.

    DSA_BENCH_DB=dsa_t_pricing_bench DSA_MODULES=dsa_pricing \\
        scripts/dsa bench bench/bench_pricing.py
    (DSA_BENCH_PRICING_SIZES=100,300 DSA_BENCH_PRICING_BASELINE=20 for a short run)
"""
import os

from _common import QueryCounter, odoo_env, parse_args, timer

# DSA_BENCH_PRICING_SIZES=100,300 for a shorter run on a loaded machine
SIZES = tuple(int(n) for n in os.environ.get('DSA_BENCH_PRICING_SIZES', '100,1000').split(','))
BASELINE = int(os.environ.get('DSA_BENCH_PRICING_BASELINE', '100'))
EMAILS = 10


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


def build(env, receivable, size):
    ctx = dict(tracking_disable=True, mail_create_nolog=True, mail_notrack=True)
    Sub = env['dsa.licence.subscription'].with_context(ctx)
    HourSub = env['dsa.hour.package.subscription'].with_context(ctx)
    project = env['project.project'].create({'name': 'Bench support %d' % size})
    for i in range(size):
        partner = env['res.partner'].create({
            'name': 'Bench customer %d-%d' % (size, i), 'is_company': True,
            'email': 'bench%d-%d@example.com' % (size, i),
            'property_account_receivable_id': receivable.id})
        sub = Sub.create({'partner_id': partner.id, 'product_code': ('tts', 'crm')[i % 2],
                          'users': 3 + i % 40, 'date_start': '2030-01-01'})
        if i % 3 == 0:
            sub.with_context(dsa_change_date='2030-01-16').users = 60
        HourSub.create({'partner_id': partner.id, 'package_hours': '20',
                        'monthly_price': 1300, 'date_start': '2030-01-01'})
        task = env['project.task'].create({'name': 'Bench task %d' % i,
                                           'project_id': project.id,
                                           'partner_id': partner.id})
        env['account.analytic.line'].create({
            'name': 'work', 'project_id': project.id, 'task_id': task.id,
            'date': '2030-01-10', 'unit_amount': 24 if i % 3 == 0 else 12})
    # January of the packages, in advance (not measured)
    HourSub._cron_bill_packages(date='2030-01-01')


def run(env, date):
    return (env['dsa.licence.subscription']._cron_invoice_subscriptions(date=date)
            | env['dsa.hour.package.subscription']._cron_bill_packages(date=date))


def bench_run(env, receivable, size):
    build(env, receivable, size)
    res = {}
    env.cache.invalidate()
    with QueryCounter(env.cr) as q1, timer(res, 'first'):
        invoices = run(env, '2030-02-01')
    with QueryCounter(env.cr) as q2, timer(res, 'second'):
        again = run(env, '2030-02-01')
    assert len(invoices) == 2 * size and not again, (len(invoices), len(again))
    lines = len(invoices.mapped('invoice_line_ids'))
    # clear the month for the next size: later runs must not see these
    env['dsa.hour.package.subscription'].search([]).write({'state': 'done'})
    env['dsa.licence.subscription'].search([]).write({'state': 'stopped',
                                                      'date_stop': '2030-01-31'})
    return res, q1.count, q2.count, lines, invoices


def bench_baseline(env, receivable, size):
    product = env.ref('dsa_pricing.product_product_crm_setup')
    orders = env['sale.order']
    for i in range(size):
        partner = env['res.partner'].create({
            'name': 'Bench order customer %d' % i, 'is_company': True,
            'property_account_receivable_id': receivable.id})
        orders |= env['sale.order'].create({'partner_id': partner.id, 'order_line': [
            (0, 0, {'product_id': product.id, 'name': 'setup', 'product_uom_qty': 1,
                    'product_uom': product.uom_id.id, 'price_unit': 1000})]})
    orders.write({'state': 'sale'})
    res = {}
    env.cache.invalidate()
    with QueryCounter(env.cr) as q, timer(res, 'std'):
        for order in orders:
            ids = order.action_invoice_create()
            env['account.invoice'].browse(ids).action_invoice_open()
    return res['std'], q.count


def bench_email(env, invoices):
    res = {}
    with QueryCounter(env.cr) as q, timer(res, 'mail'):
        # the cron's own path: it commits each invoice (see the method), so
        # this last step leaves its data in the bench database
        sent = env['account.invoice']._cron_dsa_send_invoices(limit=EMAILS, auto_commit=True)
    assert len(sent) == EMAILS, len(sent)
    mails = env['mail.mail'].search([('model', '=', 'account.invoice'),
                                     ('res_id', 'in', sent.ids)])
    assert len(mails.mapped('attachment_ids')) == EMAILS
    return res['mail'], q.count


def main():
    args = parse_args(__doc__.splitlines()[0])
    with odoo_env(args) as env:
        receivable = ensure_chart(env)
        std_seconds, std_queries = bench_baseline(env, receivable, BASELINE)
        print('baseline, Odoo "Create invoice" on %d sale orders: %.1f ms and %.0f queries '
              'per invoice' % (BASELINE, std_seconds * 1000 / BASELINE,
                               std_queries / BASELINE))
        print('monthly run (licences in arrears + packages renewed, in advance + overuse):')
        invoices = env['account.invoice']
        for size in SIZES:
            res, q1, q2, lines, invoices = bench_run(env, receivable, size)
            docs = 2 * size
            print('  %4d subscriptions + %4d packages: %d invoices, %d lines; first run '
                  '%.1f s, %.1f ms and %.0f queries per invoice (x%.2f time, x%.2f queries '
                  'of the baseline); second run %.3f s, %d queries' % (
                      size, size, docs, lines, res['first'], res['first'] * 1000 / docs,
                      q1 / docs, (res['first'] / docs) / (std_seconds / BASELINE),
                      (q1 / docs) / (std_queries / BASELINE), res['second'], q2))
        seconds, queries = bench_email(env, invoices)
        print('emailing %d invoices with their PDF (wkhtmltopdf): %.0f ms and %.0f queries '
              'per invoice' % (EMAILS, seconds * 1000 / EMAILS, queries / EMAILS))


if __name__ == '__main__':
    main()
