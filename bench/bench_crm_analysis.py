"""Cost of the zone rule on the CRM analyses (CRM-9 revenue, CRM-10 trend).

200,000 imported invoice lines (50,000 invoices of 4 lines) and 50,000 sale
order lines (12,500 confirmed orders of 4 lines) over 10,000 customers in 10
zones; an agent covering one zone and a direction user (no zone restriction).
For each analysis it times read_group as the analysis views run it (by month,
by customer, by product category) for both users, prints the ratio agent /
direction (goal <= 1.5) and the SQL query counts, and checks that the agent's
total equals the sum over their zone computed as superuser.

The data is generated once and committed (the bench database is kept between
runs) with SQL INSERT ... SELECT generate_series: creating 250,000 records
through the ORM would take hours on the shared machine. Zones and users go
through the ORM.
"""
import statistics

import odoo

from _common import (QueryCounter, analyze_and_commit, create_user, create_zones, odoo_env,
                     parse_args, timer)

N_ZONES = 10
N_CUSTOMERS = 10000
N_INVOICES = 50000
LINES_PER_INVOICE = 4
N_ORDERS = 12500
LINES_PER_ORDER = 4
REPEAT = 5


def ensure_data(env):
    if env['dsa.zone'].search_count([('code', '=like', 'CA%')]) >= N_ZONES:
        return
    cr = env.cr
    zones = create_zones(env, N_ZONES, 'Analysis zone %02d', 'CA%02d')
    agent = create_user(env, 'Analysis agent', 'analysis_agent', 'dsa_crm.group_agent',
                        zones[:1])
    create_user(env, 'Analysis direction', 'analysis_direction', 'dsa_crm.group_direction')
    company = env.user.company_id
    states = env['res.country.state'].search([('country_id.code', '=', 'IT')], limit=40).ids
    categs = [env['product.category'].create({'name': 'Analysis category %d' % i}).id
              for i in range(8)]
    products = [env['product.product'].create({'name': 'Analysis product %02d' % i,
                                               'categ_id': categs[i % 8],
                                               'list_price': 10 + i}).id
                for i in range(40)]
    uom = env.ref('product.product_uom_unit').id
    pricelist = env['product.pricelist'].search([], limit=1).id
    # SQL on purpose (see the module docstring): bulk generation of bench data.
    cr.execute("""
        INSERT INTO res_partner (name, display_name, is_company, customer, supplier, active,
                                 employee, type, dsa_zone_id, state_id, user_id, company_id,
                                 lang, invoice_warn, sale_warn,
                                 create_uid, write_uid, create_date, write_date)
        SELECT n, n, true, true, false, true, false, 'contact',
               (%(zones)s::int[])[1 + g %% %(nz)s], (%(states)s::int[])[1 + g %% 40],
               %(agent)s, %(company)s, 'en_US', 'no-message', 'no-message', 1, 1, now(), now()
          FROM (SELECT g, 'Analysis customer ' || md5(g::text) AS n
                  FROM generate_series(1, %(n)s) g) s
    """, dict(zones=zones.ids, nz=N_ZONES, states=states, agent=agent.id,
              company=company.id, n=N_CUSTOMERS))
    cr.execute("""UPDATE res_partner SET commercial_partner_id = id
                   WHERE commercial_partner_id IS NULL""")
    cr.execute("""CREATE TEMP TABLE bench_customer AS
                  SELECT id, dsa_zone_id, row_number() OVER (ORDER BY id) AS rn
                    FROM res_partner WHERE name LIKE 'Analysis customer %%'""")
    cr.execute("""
        INSERT INTO dsa_imported_invoice (number, date, partner_id, currency_id, company_id,
                                          source_system, amount_untaxed, amount_tax,
                                          amount_total, create_uid, write_uid,
                                          create_date, write_date)
        SELECT 'AI' || lpad(g::text, 7, '0'), current_date - (g %% 730),
               c.id, %(currency)s, %(company)s, 'bench', 0, 0, 0, 1, 1, now(), now()
          FROM generate_series(1, %(n)s) g
          JOIN bench_customer c ON c.rn = 1 + (g * 7919) %% %(nc)s
    """, dict(currency=company.currency_id.id, company=company.id, n=N_INVOICES,
              nc=N_CUSTOMERS))
    cr.execute("""
        INSERT INTO dsa_imported_invoice_line (invoice_id, sequence, name, product_id,
                                               quantity, price_unit, price_subtotal,
                                               partner_id, date, create_uid, write_uid,
                                               create_date, write_date)
        SELECT i.id, k, 'line', (%(products)s::int[])[1 + (i.id + k) %% 40], k, 10,
               10 * k, i.partner_id, i.date, 1, 1, now(), now()
          FROM dsa_imported_invoice i, generate_series(1, %(k)s) k
         WHERE i.number LIKE 'AI%%'
    """, dict(products=products, k=LINES_PER_INVOICE))
    cr.execute("""
        INSERT INTO sale_order (name, date_order, confirmation_date, partner_id,
                                partner_invoice_id, partner_shipping_id, pricelist_id,
                                company_id, state, user_id, dsa_zone_id, dsa_outcome,
                                create_uid, write_uid, create_date, write_date)
        SELECT 'AS' || lpad(g::text, 6, '0'), now() - (g %% 730) * interval '1 day',
               now() - (g %% 730) * interval '1 day', c.id, c.id, c.id, %(pricelist)s,
               %(company)s, 'sale', %(agent)s, c.dsa_zone_id, 'won', 1, 1, now(), now()
          FROM generate_series(1, %(n)s) g
          JOIN bench_customer c ON c.rn = 1 + (g * 104729) %% %(nc)s
    """, dict(pricelist=pricelist, company=company.id, agent=agent.id, n=N_ORDERS,
              nc=N_CUSTOMERS))
    cr.execute("""
        INSERT INTO sale_order_line (order_id, sequence, name, product_id, product_uom,
                                     product_uom_qty, price_unit, price_subtotal,
                                     price_total, price_tax, price_reduce, discount,
                                     customer_lead, state, dsa_zone_id, company_id,
                                     order_partner_id, currency_id,
                                     create_uid, write_uid, create_date, write_date)
        SELECT so.id, k, 'line', (%(products)s::int[])[1 + (so.id + k) %% 40], %(uom)s,
               k, 10, 10 * k, 10 * k, 0, 10, 0, 0, 'sale', so.dsa_zone_id, so.company_id,
               so.partner_id, %(currency)s, 1, 1, now(), now()
          FROM sale_order so, generate_series(1, %(k)s) k
         WHERE so.name LIKE 'AS%%'
    """, dict(products=products, uom=uom, k=LINES_PER_ORDER,
              currency=company.currency_id.id))
    analyze_and_commit(env, ('res_partner', 'dsa_imported_invoice', 'dsa_imported_invoice_line',
                             'sale_order', 'sale_order_line'))


def measure(env, uid, model, fields, groupby):
    Model = env(user=uid)[model]
    fields = fields + [g.split(':')[0] for g in groupby]
    Model.read_group([], fields, groupby, lazy=True)        # warm the rule cache
    times = []
    result = {}
    for _i in range(REPEAT):
        Model.invalidate_cache()
        with timer(result, 't'), QueryCounter(env.cr) as qc:
            groups = Model.read_group([], fields, groupby, lazy=True)
        times.append(result['t'])
    total = sum(g[fields[0]] or 0 for g in groups)
    return statistics.median(times), qc.count, len(groups), total


def main():
    args = parse_args(__doc__.splitlines()[0])
    with odoo_env(args) as env:
        ensure_data(env)            # commits the generated data once
        agent = env['res.users'].search([('login', '=', 'analysis_agent')])
        direction = env['res.users'].search([('login', '=', 'analysis_direction')])
        zone = agent.dsa_zone_ids
        env.cr.execute('SELECT count(*) FROM dsa_imported_invoice_line')
        n_inv = env.cr.fetchone()[0]
        env.cr.execute("SELECT count(*) FROM sale_order_line l JOIN sale_order o "
                       "ON o.id = l.order_id WHERE o.state IN ('sale', 'done')")
        n_sol = env.cr.fetchone()[0]
        print('zones=%d customers=%d imported invoice lines=%d confirmed order lines=%d, '
              'agent covers 1 zone; median of %d runs' % (
                  N_ZONES, N_CUSTOMERS, n_inv, n_sol, REPEAT))
        cases = [
            ('dsa.crm.revenue.report', ['amount'], ['date:month']),
            ('dsa.crm.revenue.report', ['amount'], ['date:year', 'partner_id']),
            ('dsa.crm.trend.report', ['amount'], ['date:month']),
            ('dsa.crm.trend.report', ['amount'], ['categ_id', 'date:month']),
        ]
        for model, fields, groupby in cases:
            t_a, q_a, n_a, total_a = measure(env, agent.id, model, fields, groupby)
            t_d, q_d, n_d, total_d = measure(env, direction.id, model, fields, groupby)
            expected = env[model].read_group([('dsa_zone_id', '=', zone.id)], fields, [])
            print('\n%s read_group by %s' % (model, groupby))
            print('  agent     %8.1f ms (%d queries) %5d groups, total %.0f' % (
                t_a * 1000, q_a, n_a, total_a))
            print('  direction %8.1f ms (%d queries) %5d groups, total %.0f' % (
                t_d * 1000, q_d, n_d, total_d))
            print('  ratio agent/direction: %.2f; agent total = zone total: %s' % (
                t_a / t_d, abs(total_a - (expected[0][fields[0]] or 0)) < 0.01))


if __name__ == '__main__':
    odoo.tools.config['log_level'] = 'warn'
    main()
