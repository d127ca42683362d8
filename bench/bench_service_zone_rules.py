"""Zones over the service side (dsa_crm_tts): listing plants and interventions
as an agent (one zone of 20) vs as a technician (no restriction).

20 zones, 2,000 customers, 2,000 plants and 20,000 interventions. For dsa.plant
and the interventions (project.task) it measures search_count and the first
page (search_read, 80 rows), median of REPEAT runs with an empty cache, prints
the ratio agent / technician (goal: at most 1.5) and the SQL query counts.

The data is generated once and committed (the bench database is kept between
runs): one customer, plant and intervention through the ORM, the others SQL
copies of them (INSERT ... SELECT generate_series), with their stored zone.
"""
import odoo

from _common import (analyze_and_commit, create_user, create_zones, measure_list, odoo_env,
                     parse_args)

N_ZONES = 20
N_CUSTOMERS = 2000
N_TASKS = 20000
REPEAT = 7
PAGE = 80


def clone(cr, table, template_id, count, overrides):
    cr.execute("""SELECT column_name FROM information_schema.columns
                   WHERE table_name = %s AND column_name != 'id'""", (table,))
    columns = [c for (c,) in cr.fetchall()]
    select = [overrides.get(c, 't."%s"' % c) for c in columns]
    cr.execute('INSERT INTO "%s" (%s) SELECT %s FROM "%s" t, generate_series(1, %%s) g '
               'WHERE t.id = %%s'
               % (table, ', '.join('"%s"' % c for c in columns), ', '.join(select), table),
               (count, template_id))


def ensure_data(env):
    if env['res.users'].search_count([('login', '=', 'svc_bench_agent')]):
        return
    cr = env.cr
    zones = create_zones(env, N_ZONES, 'Service bench zone %02d', 'SBZ%02d')
    create_user(env, 'Service bench agent', 'svc_bench_agent', 'dsa_crm.group_agent', zones[:1])
    create_user(env, 'Service bench technician', 'svc_bench_tech', 'dsa_tts.group_technician')
    customer = env['res.partner'].create({'name': 'Service bench customer', 'is_company': True,
                                          'customer': True, 'dsa_zone_id': zones[0].id})
    plant = env['dsa.plant'].create({'name': 'Service bench plant', 'partner_id': customer.id})
    project = env['project.project'].search([('dsa_field_service', '=', True)], limit=1)
    task = env['project.task'].create({'name': 'Service bench intervention',
                                       'project_id': project.id, 'dsa_plant_id': plant.id,
                                       'partner_id': customer.id})
    # SQL on purpose (module docstring): bulk generation of bench data
    clone(cr, 'res_partner', customer.id, N_CUSTOMERS - 1, {
        'name': "'Service bench customer ' || g",
        'display_name': "'Service bench customer ' || g",
        'dsa_zone_id': '(ARRAY[%s])[1 + g %%%% %d]' % (','.join(map(str, zones.ids)), N_ZONES)})
    cr.execute("""UPDATE res_partner SET commercial_partner_id = id
                   WHERE name LIKE 'Service bench customer %%'""")
    cr.execute("""
        INSERT INTO dsa_plant (name, code, active, company_id, partner_id, dsa_zone_id,
                               create_uid, write_uid, create_date, write_date)
        SELECT 'Service bench plant ' || p.id, 'SBP' || lpad(p.id::text, 8, '0'), true,
               t.company_id, p.id, p.dsa_zone_id, 1, 1, now(), now()
          FROM res_partner p, dsa_plant t
         WHERE p.name LIKE 'Service bench customer %%' AND p.id != %s AND t.id = %s
    """, (customer.id, plant.id))
    cr.execute("""SELECT array_agg(id ORDER BY id) FROM dsa_plant
                   WHERE name LIKE 'Service bench plant%%'""")
    plant_ids = cr.fetchone()[0]
    clone(cr, 'project_task', task.id, N_TASKS - 1, {
        'name': "'Service bench intervention ' || g",
        'dsa_plant_id': '(ARRAY[%s])[1 + g %%%% %d]' % (
            ','.join(map(str, plant_ids)), len(plant_ids)),
    })
    cr.execute("""UPDATE project_task t SET partner_id = p.partner_id, dsa_zone_id = p.dsa_zone_id
                    FROM dsa_plant p
                   WHERE p.id = t.dsa_plant_id AND t.name LIKE 'Service bench intervention%%'""")
    analyze_and_commit(env, ('res_partner', 'dsa_plant', 'project_task'))


def main():
    args = parse_args(__doc__.splitlines()[0])
    with odoo_env(args) as env:
        ensure_data(env)
        agent = env['res.users'].search([('login', '=', 'svc_bench_agent')])
        tech = env['res.users'].search([('login', '=', 'svc_bench_tech')])
        cases = [
            ('dsa.plant', [], 'name'),
            ('project.task', [('dsa_is_intervention', '=', True)], 'id desc'),
        ]
        print('zones=%d customers=%d plants=%d interventions=%d, median of %d runs' % (
            N_ZONES, N_CUSTOMERS, N_CUSTOMERS, N_TASKS, REPEAT))
        print('| model | user | count | search_count ms (queries) | first page ms (queries) |')
        print('|---|---|---:|---:|---:|')
        for model, domain, order in cases:
            res_a, res_t = measure_list(env, [agent.id, tech.id], model, domain, order,
                                        ['name', 'partner_id'], REPEAT, PAGE)
            for label, res in (('agent', res_a), ('technician', res_t)):
                print('| %s | %s | %d | %.2f (%d) | %.2f (%d) |' % (
                    model, label, res['count'], res['t_count'] * 1000, res['q_count'],
                    res['t_page'] * 1000, res['q_page']))
            print('| %s | ratio agent/technician | | %.2f | %.2f |' % (
                model, res_a['t_count'] / res_t['t_count'], res_a['t_page'] / res_t['t_page']))


if __name__ == '__main__':
    odoo.tools.config['log_level'] = 'warn'
    main()
