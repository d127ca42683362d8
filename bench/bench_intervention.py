"""Closing an intervention (dsa_tts): SQL queries and time of action_dsa_done
and of the cost computation, for 10 and 100 material and timesheet lines.

    DSA_BENCH_DB=dsa_t_service_bench DSA_MODULES=dsa_tts \\
        scripts/dsa bench bench/bench_intervention.py

Each line of material changes the plant structure through the ORM (close the
old component, create the new one, link them), so the work grows with the
number of lines; the figure to watch is queries per line, which must stay flat.
"""
from _common import QueryCounter, odoo_env, parse_args, timer


def build(env, size, tag):
    customer = env['res.partner'].create({'name': 'Bench customer %s' % tag})
    plant = env['dsa.plant'].create({'name': 'Bench plant %s' % tag,
                                     'partner_id': customer.id})
    product = env['product.product'].create({'name': 'Bench part %s' % tag,
                                             'list_price': 10.0})
    Component = env['dsa.plant.component']
    components = Component.browse([Component.create({
        'plant_id': plant.id, 'product_id': product.id, 'serial': 'B%s-%d' % (tag, i),
        'date_installed': '2020-01-01'}).id for i in range(size)])
    user = env['res.users'].with_context(no_reset_password=True).create({
        'name': 'Bench tech %s' % tag, 'login': 'bench_tech_%s' % tag})
    employee = env['hr.employee'].create({'name': 'Bench tech', 'user_id': user.id})
    project = env['project.project']._dsa_field_service_project()
    task = env['project.task'].create({
        'name': 'Bench intervention %s' % tag, 'project_id': project.id,
        'dsa_plant_id': plant.id, 'partner_id': customer.id})
    Material = env['dsa.intervention.material']
    for i, comp in enumerate(components):
        Material.create({'task_id': task.id, 'action': 'replaced' if i % 2 else 'removed',
                         'component_id': comp.id, 'product_id': product.id})
    for i in range(size):
        env['account.analytic.line'].create({
            'name': 'work %d' % i, 'task_id': task.id, 'project_id': project.id,
            'employee_id': employee.id, 'unit_amount': 0.5})
    return task


def main():
    args = parse_args(__doc__)
    results = {}
    with odoo_env(args) as env:
        for size in (10, 100):
            task = build(env, size, 'n%d' % size)
            env['project.task'].invalidate_cache()
            with QueryCounter(env.cr) as q, timer(results, ('done', size)):
                task.action_dsa_done()
            results[('done_q', size)] = q.count
            env['project.task'].invalidate_cache()
            with QueryCounter(env.cr) as q, timer(results, ('cost', size)):
                task.read(['dsa_labour_cost', 'dsa_material_cost', 'dsa_total_cost'])
            results[('cost_q', size)] = q.count
            env['project.task'].invalidate_cache()
            with QueryCounter(env.cr) as q, timer(results, ('again', size)):
                task.action_dsa_done()
            results[('again_q', size)] = q.count
    for size in (10, 100):
        print('lines=%3d  action_dsa_done: %5d queries (%.1f/line) %.3fs | '
              'close again: %3d queries %.3fs | costs read: %3d queries %.3fs' % (
                  size, results[('done_q', size)], results[('done_q', size)] / size,
                  results[('done', size)], results[('again_q', size)],
                  results[('again', size)], results[('cost_q', size)], results[('cost', size)]))
    print('ratio 100/10 lines: done %.1fx queries, %.1fx time' % (
        results[('done_q', 100)] / results[('done_q', 10)],
        results[('done', 100)] / results[('done', 10)]))


if __name__ == '__main__':
    main()
