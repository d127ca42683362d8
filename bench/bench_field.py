"""The field app's server side (dsa_tts, issue 25): SQL queries and time of
the day's payload for 5 vs 50 interventions, and of the sync of 10 and 100
queued operations (queries per operation), as the technician.

    DSA_BENCH_DB=dsa_bench DSA_MODULES=dsa_tts scripts/dsa bench bench/bench_field.py

The day's payload reads each model once for all the interventions (tasks,
plants and their component history, partners, timesheets, materials, photos,
products): the figure to watch is the query count, which must be the same for
5 and 50 interventions. The sync runs each operation through the ORM as the
technician in its own savepoint (times, materials, notes, photos and the
work report go through the backend's own rules); goal: flat and <= 10
queries per operation.
"""
import base64
from datetime import datetime, timedelta

from _common import QueryCounter, odoo_env, parse_args, timer

PNG = base64.b64decode(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA'
    '60e6kgAAAABJRU5ErkJggg==')


def utc(dt):
    return dt.strftime('%Y-%m-%d %H:%M:%S')


def build(env, size, tag):
    """A technician of a team of its own and ``size`` planned interventions of
    that team over the next 5 days, each with a material, a timesheet line
    and a photo, on a plant of 20 components."""
    tech = env['res.users'].with_context(no_reset_password=True).create({
        'name': 'Bench field tech %s' % tag, 'login': 'bench_field_%s' % tag,
        'email': 'bench_field_%s@example.com' % tag,
        'groups_id': [(6, 0, [env.ref('dsa_tts.group_technician').id])]})
    employee = env['hr.employee'].create({'name': tech.name, 'user_id': tech.id})
    team = env['dsa.team'].create({'name': 'Bench team %s' % tag,
                                   'member_ids': [(6, 0, tech.ids)]})
    customer = env['res.partner'].create({'name': 'Bench field customer %s' % tag,
                                          'is_company': True, 'city': 'Milano'})
    plant = env['dsa.plant'].create({'name': 'Bench field plant %s' % tag,
                                     'partner_id': customer.id, 'city': 'Milano'})
    product = env['product.product'].create({'name': 'Bench field part %s' % tag,
                                             'type': 'consu', 'list_price': 10.0})
    for i in range(20):
        env['dsa.plant.component'].create({
            'plant_id': plant.id, 'product_id': product.id, 'serial': 'F%s-%d' % (tag, i),
            'date_installed': '2020-01-01'})
    project = env['project.project']._dsa_field_service_project()
    today = datetime.utcnow().replace(hour=8, minute=0, second=0, microsecond=0)
    tasks = env['project.task']
    for i in range(size):
        start = today + timedelta(days=i % 5)
        task = tasks.create({
            'name': 'Bench field job %s-%d' % (tag, i), 'project_id': project.id,
            'dsa_plant_id': plant.id, 'partner_id': customer.id, 'dsa_team_id': team.id,
            'dsa_planned_start': utc(start), 'dsa_planned_end': utc(start + timedelta(hours=2))})
        task._dsa_action_write({'dsa_state': 'planned'})
        env['dsa.intervention.material'].create({
            'task_id': task.id, 'action': 'installed', 'product_id': product.id})
        env['account.analytic.line'].create({
            'name': 'work', 'task_id': task.id, 'project_id': project.id,
            'employee_id': employee.id, 'unit_amount': 1.0})
        env['ir.attachment'].create({
            'name': 'p.png', 'datas_fname': 'p.png', 'datas': base64.b64encode(PNG),
            'mimetype': 'image/png', 'res_model': 'project.task', 'res_id': task.id})
        tasks |= task
    return tech, tasks, product


def make_ops(tasks, product, count, tag):
    """``count`` operations of every kind but close, spread over ``tasks``."""
    now = datetime.utcnow()
    ops = []
    for i in range(count):
        task = tasks[i % len(tasks)]
        kind = i % 6
        op = {'id': 'bench-%s-%04d' % (tag, i), 'task_id': task.id, 'at': utc(now)}
        if kind == 0:
            op.update(type='work_start', data={})
        elif kind == 1:
            op.update(type='work_stop', data={
                'started_at': utc(now - timedelta(hours=2)),
                'stopped_at': utc(now - timedelta(hours=1)), 'description': 'work %d' % i})
        elif kind == 2:
            op.update(type='activity', data={'text': 'activity %d' % i})
        elif kind == 3:
            op.update(type='material', data={'action': 'installed', 'product_id': product.id,
                                             'quantity': 1})
        elif kind == 4:
            op.update(type='note', data={'text': 'note %d' % i})
        else:
            op.update(type='photo', data={'name': 'p%d.png' % i, 'mimetype': 'image/png',
                                          'data': base64.b64encode(PNG).decode()})
        ops.append(op)
    return ops


def main():
    args = parse_args(__doc__)
    results = {}
    with odoo_env(args) as env:
        for size in (5, 50):
            tech, tasks, product = build(env, size, 'd%d' % size)
            Task = env['project.task'].sudo(tech)
            Task._dsa_field_day(7)          # warm: rules, translations
            env.cache.invalidate()
            with QueryCounter(env.cr) as q, timer(results, ('day', size)):
                day = Task._dsa_field_day(7)
            assert len(day['interventions']) == size, len(day['interventions'])
            results[('day_q', size)] = q.count
        tech, tasks, product = build(env, 10, 'sync')
        Op = env['dsa.field.op'].sudo(tech)
        Op._dsa_sync(make_ops(tasks, product, 6, 'warm'))
        for count in (10, 100):
            ops = make_ops(tasks, product, count, 's%d' % count)
            env.cache.invalidate()
            with QueryCounter(env.cr) as q, timer(results, ('sync', count)):
                answer = Op._dsa_sync(ops)
            statuses = {r['status'] for r in answer['results']}
            assert statuses == {'done'}, [r for r in answer['results'] if r['status'] != 'done']
            results[('sync_q', count)] = q.count
            env.cache.invalidate()
            with QueryCounter(env.cr) as q, timer(results, ('replay', count)):
                answer = Op._dsa_sync(ops)
            assert {r['status'] for r in answer['results']} == {'duplicate'}
            results[('replay_q', count)] = q.count
        by_type(env, tech, tasks, product, results)
    for size in (5, 50):
        print('day of %2d interventions: %4d queries, %.0f ms' % (
            size, results[('day_q', size)], results[('day', size)] * 1000))
    print('ratio 50/5: %.2fx queries, %.1fx time' % (
        results[('day_q', 50)] / results[('day_q', 5)], results[('day', 50)] / results[('day', 5)]))
    for count in (10, 100):
        print('sync of %3d ops: %5d queries (%.1f per op), %.0f ms (%.1f ms per op) | '
              'replayed: %3d queries, %.0f ms' % (
                  count, results[('sync_q', count)], results[('sync_q', count)] / count,
                  results[('sync', count)] * 1000, results[('sync', count)] * 1000 / count,
                  results[('replay_q', count)], results[('replay', count)] * 1000))
    print('queries per operation by type, %d of each: through the sync | the same ORM call '
          'without the sync (what the backend itself costs) | the sync\'s own share' % PER_TYPE)
    for kind in KINDS:
        synced, bare = results[('type_sync', kind)], results[('type_bare', kind)]
        print('  %-10s %5.1f | %5.1f | %4.1f' % (kind, synced, bare, synced - bare))


PER_TYPE = 12
KINDS = ('work_start', 'work_stop', 'activity', 'material', 'note', 'photo')


def by_type(env, tech, tasks, product, results):
    """Queries per op of each type, through ``_dsa_sync`` and as the bare
    ORM call of the same effect (``_dsa_field_op_<type>``) as the technician."""
    Op = env['dsa.field.op'].sudo(tech)
    ops = make_ops(tasks, product, PER_TYPE * 6 * 2, 'type')
    for index, kind in enumerate(KINDS):
        mine = [op for op in ops if op['type'] == kind]
        synced, bare = mine[:PER_TYPE], mine[PER_TYPE:]
        env.cache.invalidate()
        with QueryCounter(env.cr) as q:
            Op._dsa_sync(synced)
        results[('type_sync', kind)] = q.count / float(PER_TYPE)
        env.cache.invalidate()
        with QueryCounter(env.cr) as q:
            for op in bare:
                task = env['project.task'].sudo(tech).browse(op['task_id'])
                getattr(task, '_dsa_field_op_%s' % kind)(op['data'], op)
        results[('type_bare', kind)] = q.count / float(PER_TYPE)


if __name__ == '__main__':
    main()
