"""Enlarge a copy of the demo database for the load test (issue 17, load part).

    .venv/bin/python bench/load/enlarge_db.py --conf FILE --db load_db [--first 1 --last 2000]
    .venv/bin/python bench/load/enlarge_db.py --conf FILE --db load_db --map map.json

Without --map: adds customer companies number FIRST to LAST (code LC0001...), each with
- a contact person who is a portal user (login load0001@load.example, password
  PASSWORD below: the load test logs in as them),
- PLANTS plants, a running service contract on them (monthly preventive schedule, next
  date far ahead: the load driver moves it back to give the preventive cron work),
- CALLS service calls on its plants and INTERVENTIONS interventions in the field-service
  project,
- ORDERS confirmed sale orders (one service line), so that core `/my/orders` has as
  many documents per user as the suite's pages.
Everything through the ORM (the records are those the application makes: sequences,
followers, stored related fields, portal rules), with tracking off; committed every
BATCH customers, so an interrupted run can be resumed (customers already made are
skipped). Disjoint ranges can run in parallel processes (run_load.py does that).

With --map: writes the JSON map the Locust file reads: the load customers (login,
password, ids of their calls, interventions, plants and orders) and every plant of the
database (code, name, commercial partner), for the cross-customer check.
"""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from _common import odoo_env  # noqa: E402

PASSWORD = 'dsa-load-portal'
PLANTS = 2
CALLS = 3
INTERVENTIONS = 3
ORDERS = 3
BATCH = 50
CITIES = ['Milano', 'Torino', 'Roma', 'Bologna', 'Napoli', 'Firenze', 'Venezia', 'Genova',
          'Bari', 'Palermo']
CONTEXT = {'tracking_disable': True, 'mail_create_nolog': True, 'mail_notrack': True,
           'mail_create_nosubscribe': True, 'no_reset_password': True}


def out(*args):
    print(*args, flush=True)


def code(i):
    return 'LC%04d' % i


def login(i):
    return 'load%04d@load.example' % i


def make_customer(env, i, project, product, password_hash):
    city = CITIES[i % len(CITIES)]
    company = env['res.partner'].create({
        'name': 'Cliente Carico %04d Srl' % i, 'is_company': True, 'customer': True,
        'dsa_external_code': code(i), 'email': 'amministrazione%04d@load.example' % i,
        'street': 'Via Garibaldi %d' % (i % 200 + 1), 'city': city,
        'country_id': env.ref('base.it').id})
    contact = env['res.partner'].create({
        'name': 'Referente Carico %04d' % i, 'parent_id': company.id, 'type': 'contact',
        'email': login(i)})
    user = env['res.users'].create({
        'login': login(i), 'partner_id': contact.id,
        'groups_id': [(6, 0, [env.ref('base.group_portal').id])]})
    # SQL, measured: every user has the same password, so its hash is computed once
    # instead of once per user (PBKDF2 at 25,000 rounds, 5% of a customer's cost)
    env.cr.execute('UPDATE res_users SET password_crypt = %s WHERE id = %s',
                   (password_hash, user.id))
    plants = env['dsa.plant']
    for letter in 'ABCDEFGH'[:PLANTS]:
        plants |= env['dsa.plant'].create({
            'name': 'Impianto carico %04d-%s' % (i, letter), 'partner_id': company.id,
            'maintenance_contact_id': contact.id, 'street': company.street, 'city': city})
    env['dsa.service.contract'].create({
        'partner_id': company.id, 'plant_ids': [(6, 0, plants.ids)], 'state': 'running',
        'date_start': '2026-01-01', 'preventive_interval': 1, 'preventive_unit': 'months',
        'next_preventive_date': '2099-01-01'})
    tickets = env['dsa.ticket']
    for n in range(CALLS):
        tickets |= env['dsa.ticket'].create({
            'subject': 'Guasto %d cliente %04d' % (n + 1, i), 'partner_id': contact.id,
            'plant_id': plants[n % PLANTS].id, 'channel': 'portal',
            'description': 'Segnalazione di carico %d' % (n + 1)})
    for n in range(INTERVENTIONS):
        env['project.task'].create({
            'name': 'Intervento %d cliente %04d' % (n + 1, i), 'project_id': project.id,
            'dsa_plant_id': plants[n % PLANTS].id, 'partner_id': contact.id,
            'dsa_ticket_id': tickets[n % CALLS].id})
    for n in range(ORDERS):
        order = env['sale.order'].create({
            'partner_id': company.id, 'client_order_ref': 'ORD-%04d-%d' % (i, n + 1),
            'order_line': [(0, 0, {'product_id': product.id, 'product_uom_qty': n + 1})]})
        order.action_confirm()


def enlarge(env, first, last):
    env = env(context=dict(env.context, **CONTEXT))
    project = env['project.project'].search([('dsa_field_service', '=', True)], limit=1)
    product = env['product.product'].search(
        [('type', '=', 'service'), ('sale_ok', '=', True)], limit=1)
    assert project and product, 'the demo data has no field-service project or product'
    done = set(env['res.partner'].search([('dsa_external_code', '=like', 'LC____')]).mapped(
        'dsa_external_code'))
    password_hash = env['res.users']._crypt_context().encrypt(PASSWORD)
    start = time.perf_counter()
    made = 0
    for i in range(first, last + 1):
        if code(i) in done:
            continue
        make_customer(env, i, project, product, password_hash)
        made += 1
        if made % BATCH == 0:
            env.cr.commit()
            env.clear()
            elapsed = time.perf_counter() - start
            out('%d customers made in %.0f s (%.2f s each)' % (made, elapsed, elapsed / made))
    env.cr.commit()
    elapsed = time.perf_counter() - start
    out('done: %d customers made in %.0f s; load average %s' % (
        made, elapsed, ' '.join('%.1f' % x for x in os.getloadavg())))


# ---------------------------------------------------------------- SQL clone
# Why SQL: on this shared 2-core machine the ORM made a customer (partner, contact,
# portal user, plants, contract, calls, interventions, confirmed orders) in 0.6 s
# alone and 2.6 to 8 s under the other helpers' load: 2,000 would take over an hour.
# --clone copies the records of the template customer LC0001 (made by the ORM above)
# to every missing number in one transaction: new ids from the tables' sequences,
# references between the copied records moved to the copies, the customer number in
# every text column replaced, plant codes and document numbers taken from their
# ir.sequence, new access tokens.
TEMPLATE = 1
CLONED = (  # table, SQL selecting the template's ids (%(c)s = company, %(u)s = contact)
    ('res_partner', 'SELECT id FROM res_partner WHERE id IN (%(c)s, %(u)s)'),
    ('res_users', 'SELECT id FROM res_users WHERE partner_id = %(u)s'),
    ('dsa_plant', 'SELECT id FROM dsa_plant WHERE partner_id = %(c)s'),
    ('dsa_service_contract', 'SELECT id FROM dsa_service_contract WHERE partner_id = %(c)s'),
    ('dsa_ticket', 'SELECT id FROM dsa_ticket WHERE commercial_partner_id = %(c)s'),
    ('project_task', """SELECT t.id FROM project_task t JOIN dsa_plant p ON p.id = t.dsa_plant_id
                         WHERE p.partner_id = %(c)s AND t.dsa_preventive_date IS NULL"""),
    ('sale_order', 'SELECT id FROM sale_order WHERE partner_id = %(c)s'),
    ('sale_order_line', """SELECT l.id FROM sale_order_line l JOIN sale_order o
                            ON o.id = l.order_id WHERE o.partner_id = %(c)s"""),
    ('mail_followers', """SELECT id FROM mail_followers WHERE partner_id IN (%(c)s, %(u)s)
                           AND res_model IN ('sale.order', 'dsa.ticket')"""),
)
RELATIONS = (  # many2many tables: (table, column of a cloned record, its table, other)
    ('res_groups_users_rel', 'uid', 'res_users', 'gid'),
    ('res_company_users_rel', 'user_id', 'res_users', 'cid'),
    ('dsa_service_contract_plant_rel', 'contract_id', 'dsa_service_contract', 'plant_id'),
    ('account_tax_sale_order_line_rel', 'sale_order_line_id', 'sale_order_line',
     'account_tax_id'),
)
SEQUENCES = {('dsa_plant', 'code'): 'dsa.plant', ('dsa_ticket', 'name'): 'dsa.ticket',
             ('sale_order', 'name'): 'sale.order',
             ('dsa_service_contract', 'name'): 'dsa.service.contract'}


def _sequence_expr(env, code):
    """SQL giving the next number of the ir.sequence `code` (standard implementation)."""
    seq = env['ir.sequence'].search([('code', '=', code)], limit=1)
    assert seq.implementation == 'standard', seq
    prefix = seq._get_prefix_suffix()[0]
    return "pg_temp.load_number('%s', 'ir_sequence_%03d', %d)" % (
        prefix.replace("'", "''"), seq.id, seq.padding)


def clone(env, first, last):
    cr = env.cr
    start = time.perf_counter()
    cr.execute("SELECT id FROM res_partner WHERE dsa_external_code = %s", (code(TEMPLATE),))
    company = cr.fetchone()[0]
    cr.execute("SELECT id FROM res_partner WHERE parent_id = %s", (company,))
    contact = cr.fetchone()[0]
    cr.execute("SELECT dsa_external_code FROM res_partner WHERE dsa_external_code LIKE 'LC____'")
    done = {row[0] for row in cr.fetchall()}
    nums = [i for i in range(first, last + 1) if code(i) not in done]
    if not nums:
        return
    # a number of an ir.sequence, computed for every row (a sub-select would run once)
    cr.execute("""CREATE FUNCTION pg_temp.load_number(prefix text, seq regclass, pad int)
                  RETURNS text VOLATILE LANGUAGE sql AS $$
                  SELECT prefix || lpad(v::text, greatest(pad, length(v::text)), '0')
                    FROM nextval(seq) v $$""")
    cr.execute('CREATE TEMPORARY TABLE load_nums (n int, num text) ON COMMIT DROP')
    cr.execute('INSERT INTO load_nums SELECT n, lpad(n::text, 4, %s) FROM unnest(%s) n',
               ('0', nums))
    ids = {'c': company, 'u': contact}
    cloned = [table for table, _query in CLONED]
    for table, query in CLONED:
        cr.execute(query % ids)
        old = [row[0] for row in cr.fetchall()]
        cr.execute("""CREATE TEMPORARY TABLE load_map_%s ON COMMIT DROP AS
                      SELECT n.n, n.num, o.old_id, nextval('%s_id_seq') AS new_id
                        FROM load_nums n, unnest(%%s) o(old_id)""" % (table, table), (old,))
        cr.execute('CREATE INDEX ON load_map_%s (old_id, n)' % table)
    for table in cloned:
        cr.execute("""SELECT a.attname, format_type(a.atttypid, a.atttypmod), f.relname
                        FROM pg_attribute a
                        LEFT JOIN pg_constraint c ON c.conrelid = a.attrelid
                             AND c.contype = 'f' AND c.conkey = ARRAY[a.attnum]
                        LEFT JOIN pg_class f ON f.oid = c.confrelid
                       WHERE a.attrelid = %s::regclass AND a.attnum > 0
                         AND NOT a.attisdropped""", (table,))
        columns, exprs = [], []
        for name, kind, target in cr.fetchall():
            columns.append('"%s"' % name)
            if name == 'id':
                expr = 'm.new_id'
            elif (table, name) in SEQUENCES:
                expr = _sequence_expr(env, SEQUENCES[table, name])
            elif name == 'access_token':
                expr = 'md5(random()::text || clock_timestamp()::text)'
            elif table == 'mail_followers' and name == 'res_id':
                expr = """COALESCE((SELECT x.new_id FROM load_map_sale_order x
                                     WHERE t.res_model = 'sale.order' AND x.old_id = t.res_id
                                       AND x.n = m.n),
                                   (SELECT x.new_id FROM load_map_dsa_ticket x
                                     WHERE t.res_model = 'dsa.ticket' AND x.old_id = t.res_id
                                       AND x.n = m.n))"""
            elif target in cloned:
                expr = ('COALESCE((SELECT x.new_id FROM load_map_%s x WHERE x.old_id = t."%s" '
                        'AND x.n = m.n), t."%s")' % (target, name, name))
            elif kind in ('text', 'character varying') or kind.startswith('character'):
                expr = 'replace(t."%s", %%(tpl)s, m.num)' % name
            else:
                expr = 't."%s"' % name
            exprs.append(expr)
        cr.execute('INSERT INTO %s (%s) SELECT %s FROM load_map_%s m JOIN %s t ON t.id = m.old_id'
                   ' ORDER BY m.n, m.old_id' % (table, ', '.join(columns), ', '.join(exprs),
                                                table, table), {'tpl': '%04d' % TEMPLATE})
    for rel, column, table, other in RELATIONS:
        cr.execute("""SELECT f.relname FROM pg_constraint c JOIN pg_class f ON f.oid = c.confrelid
                       JOIN pg_attribute a ON a.attrelid = c.conrelid AND c.conkey = ARRAY[a.attnum]
                      WHERE c.conrelid = %s::regclass AND c.contype = 'f' AND a.attname = %s""",
                   (rel, other))
        target = cr.fetchone()[0]
        other_expr = 'r.%s' % other
        if target in cloned:
            other_expr = ('COALESCE((SELECT x.new_id FROM load_map_%s x WHERE x.old_id = r.%s '
                          'AND x.n = m.n), r.%s)' % (target, other, other))
        cr.execute('INSERT INTO %s (%s, %s) SELECT m.new_id, %s FROM load_map_%s m '
                   'JOIN %s r ON r.%s = m.old_id' % (rel, column, other, other_expr, table, rel,
                                                     column))
    cr.commit()
    elapsed = time.perf_counter() - start
    out('cloned customer %s to %d customers by SQL in %.0f s' % (
        code(TEMPLATE), len(nums), elapsed))


def write_map(env, path):
    """The load customers and every plant, for the Locust file."""
    cr = env.cr
    cr.execute("""
        SELECT p.id, p.dsa_external_code, u.login FROM res_partner p
          JOIN res_partner c ON c.parent_id = p.id JOIN res_users u ON u.partner_id = c.id
         WHERE p.dsa_external_code LIKE 'LC____' ORDER BY p.dsa_external_code""")
    customers = {}
    for partner_id, ext_code, user_login in cr.fetchall():
        customers[partner_id] = {'code': ext_code, 'login': user_login, 'password': PASSWORD,
                                 'partner_id': partner_id, 'plants': [], 'tickets': [],
                                 'interventions': [], 'orders': []}
    ids = list(customers) or [0]
    cr.execute("""SELECT p.id, p.code, p.name, c.commercial_partner_id FROM dsa_plant p
                    JOIN res_partner c ON c.id = p.partner_id ORDER BY p.id""")
    plants = []
    for plant_id, plant_code, name, owner in cr.fetchall():
        plants.append({'id': plant_id, 'code': plant_code, 'name': name, 'owner': owner})
        if owner in customers:
            customers[owner]['plants'].append(plant_id)
    queries = (
        ('tickets', """SELECT commercial_partner_id, id FROM dsa_ticket
                        WHERE commercial_partner_id IN %s"""),
        ('interventions', """SELECT pl.partner_id, t.id FROM project_task t
                               JOIN dsa_plant pl ON pl.id = t.dsa_plant_id
                              WHERE t.dsa_is_intervention AND t.dsa_state != 'cancelled'
                                AND pl.partner_id IN %s AND t.dsa_preventive_date IS NULL"""),
        ('orders', """SELECT partner_id, id FROM sale_order
                       WHERE state IN ('sale', 'done') AND partner_id IN %s"""),
    )
    for key, query in queries:
        cr.execute(query, (tuple(ids),))
        for owner, res_id in cr.fetchall():
            customers[owner][key].append(res_id)
    with open(path, 'w') as handle:
        json.dump({'customers': list(customers.values()), 'plants': plants}, handle)
    out('map: %d load customers, %d plants -> %s' % (len(customers), len(plants), path))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--conf', required=True, help='Odoo configuration file')
    parser.add_argument('--db', required=True, help='copy of dsa_test_base to enlarge')
    parser.add_argument('--first', type=int, default=1, help='first customer number')
    parser.add_argument('--last', type=int, default=2000, help='last customer number')
    parser.add_argument('--map', help='write the JSON map for Locust instead')
    parser.add_argument('--clone', action='store_true',
                        help='make the missing customers by SQL, copies of LC0001')
    args = parser.parse_args()
    with odoo_env(args, commit=True) as env:
        if args.map:
            write_map(env, args.map)
        elif args.clone:
            clone(env, args.first, args.last)
        else:
            enlarge(env, args.first, args.last)


if __name__ == '__main__':
    main()
