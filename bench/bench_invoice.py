"""Invoicing done interventions in bulk (dsa_tts, issue 14):
``project.task.action_dsa_invoice()`` on 1,000 done interventions of 50
customers (one labour and one material line each): time, queries per
intervention, invoices created (one per customer).

    DSA_BENCH_DB=fsm_bench scripts/dsa bench bench/bench_invoice.py
"""
from _common import QueryCounter, odoo_env, parse_args, timer

SIZE = 1000
CUSTOMERS = 50


def ensure_chart(env):
    """A receivable and an income account and a sales journal, when the bench
    database has no chart of accounts."""
    company = env.user.company_id
    Account = env['account.account']
    income = Account.create({
        'code': 'BENCH701', 'name': 'Bench revenue',
        'user_type_id': env.ref('account.data_account_type_revenue').id,
        'company_id': company.id})
    receivable = Account.create({
        'code': 'BENCH121', 'name': 'Bench customers', 'reconcile': True,
        'user_type_id': env.ref('account.data_account_type_receivable').id,
        'company_id': company.id})
    if not env['account.journal'].search([('type', '=', 'sale')]):
        env['account.journal'].create({
            'name': 'Bench sales', 'code': 'BNCH', 'type': 'sale', 'company_id': company.id,
            'default_debit_account_id': income.id, 'default_credit_account_id': income.id})
    return receivable, income


def build(env):
    ctx = dict(tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True,
               mail_notrack=True)
    receivable, income = ensure_chart(env)
    categ = env['product.category'].create({
        'name': 'Bench parts', 'property_account_income_categ_id': income.id})
    product = env['product.product'].create({'name': 'Bench part', 'list_price': 12.5,
                                             'categ_id': categ.id})
    labour = env.ref('dsa_tts.product_product_dsa_labour')
    labour.property_account_income_id = income
    user = env['res.users'].with_context(no_reset_password=True).create({
        'name': 'Bench invoicing tech', 'login': 'bench_invoice_tech'})
    employee = env['hr.employee'].create({'name': 'Bench tech', 'user_id': user.id})
    project = env['project.project']._dsa_field_service_project()
    Task = env['project.task'].with_context(ctx)
    customers = [env['res.partner'].create({
        'name': 'Invoice bench customer %d' % i, 'is_company': True,
        'property_account_receivable_id': receivable.id}) for i in range(CUSTOMERS)]
    ids = []
    for i in range(SIZE):
        customer = customers[i % CUSTOMERS]
        task = Task.create({'name': 'Bench intervention %d' % i, 'project_id': project.id,
                            'partner_id': customer.id, 'dsa_kind': 'corrective'})
        env['dsa.intervention.material'].create({
            'task_id': task.id, 'action': 'installed',
            'product_id': product.id, 'quantity': 2})
        env['account.analytic.line'].create({
            'name': 'work', 'task_id': task.id, 'project_id': project.id,
            'employee_id': employee.id, 'unit_amount': 1.5})
        ids.append(task.id)
    tasks = Task.browse(ids)
    # done without applying the materials to a plant: not what is measured here
    env.cr.execute("UPDATE project_task SET dsa_state = 'done', dsa_done_date = '2026-11-02' "
                   "WHERE id IN %s", (tuple(ids),))
    tasks.invalidate_cache()
    return tasks


def main():
    args = parse_args(__doc__)
    results = {}
    with odoo_env(args) as env:
        tasks = build(env)
        env['project.task'].invalidate_cache()
        with QueryCounter(env.cr) as q, timer(results, 'invoice'):
            invoices = tasks.action_dsa_invoice()
        assert len(invoices) == CUSTOMERS and all(tasks.mapped('dsa_invoice_id'))
        lines = sum(len(inv.invoice_line_ids) for inv in invoices)
    print('interventions=%d customers=%d: %d invoices, %d lines, %.2fs (%.1f ms/intervention), '
          '%d queries (%.1f/intervention)' % (
              SIZE, CUSTOMERS, len(invoices), lines, results['invoice'],
              1000.0 * results['invoice'] / SIZE, q.count, q.count / SIZE))


if __name__ == '__main__':
    main()
