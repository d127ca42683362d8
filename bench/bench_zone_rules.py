"""Cost of the CRM zone record rules (CRM-3).

50,000 customers over 20 zones and 20,000 sale orders spread over the zones
(the agent's zone holds 1/20 of each); an agent covering one zone and a
direction user (no zone restriction). For res.partner (customers)
and sale.order it compares, for each user, search_count and the first page of
search_read (80 rows, name order), prints the ratio agent / direction from
this run, the SQL query counts, and EXPLAIN ANALYZE of the agent's queries.

The data is generated once and committed (the bench database is kept between
runs): the customers and orders are inserted with SQL INSERT ... SELECT
generate_series, because creating 70,000 records through the ORM would take
far longer than the measure itself. Zones and users go through the ORM.
"""
import odoo
from odoo.osv import expression

from _common import (analyze_and_commit, create_user, create_zones, measure_list, odoo_env,
                     parse_args)

N_ZONES = 20
N_CUSTOMERS = 50000
N_ORDERS = 20000
REPEAT = 11
PAGE = 80


def ensure_data(env):
    if env['dsa.zone'].search_count([('code', '=like', 'BZ%')]) >= N_ZONES:
        fill_order_zones(env)
        return
    cr = env.cr
    zones = create_zones(env, N_ZONES, 'Bench zone %02d', 'BZ%02d')
    create_user(env, 'Bench agent', 'bench_agent', 'dsa_crm.group_agent', zones[:1])
    create_user(env, 'Bench direction', 'bench_direction', 'dsa_crm.group_direction')
    company_id = env.user.company_id.id
    # SQL on purpose (see the module docstring): bulk generation of bench data.
    cr.execute("""
        INSERT INTO res_partner (name, display_name, is_company, customer, supplier, active,
                                 employee, type, dsa_zone_id, company_id, lang,
                                 invoice_warn, sale_warn,
                                 create_uid, write_uid, create_date, write_date)
        SELECT n, n, true, true, false, true, false, 'contact',
               (%s::int[])[1 + g %% %s], %s, 'en_US', 'no-message', 'no-message',
               1, 1, now(), now()
          FROM (SELECT g, 'Bench customer ' || md5(g::text) AS n
                  FROM generate_series(1, %s) g) s
    """, (zones.ids, N_ZONES, company_id, N_CUSTOMERS))
    # statistics first: with those of an empty table the foreign key check of
    # each updated row (commercial_partner_id -> res_partner) scans the table
    cr.execute('ANALYZE res_partner')
    cr.execute("""UPDATE res_partner SET commercial_partner_id = id
                   WHERE commercial_partner_id IS NULL""")
    pricelist = env['product.pricelist'].search([], limit=1)
    cr.execute("""
        WITH p AS (SELECT id, dsa_zone_id, row_number() OVER (ORDER BY id) AS rn
                     FROM res_partner WHERE name LIKE 'Bench customer %%')
        INSERT INTO sale_order (name, date_order, partner_id, partner_invoice_id,
                                partner_shipping_id, pricelist_id, company_id, state,
                                dsa_zone_id, dsa_outcome,
                                create_uid, write_uid, create_date, write_date)
        SELECT 'BS' || lpad(g::text, 6, '0'), now() - g * interval '1 hour',
               p.id, p.id, p.id, %s, %s, 'draft', p.dsa_zone_id, 'pending',
               1, 1, now(), now()
          FROM generate_series(1, %s) g
          JOIN p ON p.rn = 1 + (g * 7919) %% %s
    """, (pricelist.id, company_id, N_ORDERS, N_CUSTOMERS))
    analyze_and_commit(env, ('res_partner', 'sale_order'))


def fill_order_zones(env):
    """Orders inserted by SQL do not get the stored zone of their customer, which
    the zone rule compares: without it the agent saw none of the orders (a bench
    database generated before this fix is repaired here, once)."""
    env.cr.execute("""
        UPDATE sale_order so SET dsa_zone_id = p.dsa_zone_id
          FROM res_partner p
         WHERE p.id = so.partner_id AND so.name LIKE 'BS%%' AND so.dsa_zone_id IS NULL
           AND p.dsa_zone_id IS NOT NULL""")
    if env.cr.rowcount:
        env.cr.execute('ANALYZE sale_order')
        env.cr.commit()


def explain(env, uid, model, domain, order):
    Model = env(user=uid)[model]
    query = Model._where_calc(domain)
    Model._apply_ir_rules(query, 'read')
    from_clause, where_clause, params = query.get_sql()
    where = where_clause and ('WHERE %s' % where_clause) or ''
    for title, sql in (
            ('search_count', 'SELECT count(1) FROM %s %s' % (from_clause, where)),
            ('first page', 'SELECT "%s".id FROM %s %s ORDER BY "%s".%s LIMIT %d' % (
                Model._table, from_clause, where, Model._table, order, PAGE))):
        env.cr.execute('EXPLAIN ANALYZE ' + sql, params)
        plan = '\n'.join('    ' + r[0] for r in env.cr.fetchall())
        printable = sql
        if len(str(params)) > 300:
            printable += '  -- %d parameters, first: %s' % (
                len(params), str(params)[:200])
        else:
            printable += '  -- params %s' % (params,)
        print('  [%s] %s\n%s' % (title, printable, plan))


def main():
    args = parse_args(__doc__.splitlines()[0])
    with odoo_env(args) as env:
        ensure_data(env)            # commits the generated data once
        agent = env['res.users'].search([('login', '=', 'bench_agent')])
        direction = env['res.users'].search([('login', '=', 'bench_direction')])
        cases = [
            ('res.partner', [('customer', '=', True)], 'name'),
            ('sale.order', [], 'name'),
        ]
        print('zones=%d customers=%d orders=%d, median of %d runs' % (
            N_ZONES, N_CUSTOMERS, N_ORDERS, REPEAT))
        for model, domain, order in cases:
            res_a, res_d = measure_list(env, [agent.id, direction.id], model, domain, order,
                                        ['name', 'display_name'], REPEAT, PAGE)
            print('\n%s %s' % (model, domain))
            for label, res in (('agent', res_a), ('direction', res_d)):
                print('  %-9s search_count=%6d %7.2f ms (%d queries) | first page %d rows '
                      '%7.2f ms (%d queries)' % (
                          label, res['count'], res['t_count'] * 1000, res['q_count'],
                          res['rows'], res['t_page'] * 1000, res['q_page']))
            print('  ratio agent/direction: search_count %.2f, first page %.2f' % (
                res_a['t_count'] / res_d['t_count'], res_a['t_page'] / res_d['t_page']))
            print('  EXPLAIN ANALYZE (agent):')
            explain(env, agent.id, model, domain, order)
            print('  EXPLAIN ANALYZE (direction):')
            explain(env, direction.id, model, domain, order)
        rule_domain = expression.normalize_domain(
            env['ir.rule'].sudo(agent.id)._compute_domain('res.partner', 'read') or [])
        print('\nagent rule domain on res.partner: %s' % (rule_domain,))


if __name__ == '__main__':
    odoo.tools.config['log_level'] = 'warn'
    main()
