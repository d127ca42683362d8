"""Plant form and components_at on a plant with a long component history (TTS-2).

Builds two plants, with 200 and 2,000 history lines (all but 10 removed over
the years), then counts the SQL queries and times, as a technician:
- opening the form: ``plant.read(<every field of the form view>)``, which
  includes the one2many of the current structure and of the full history;
- the first page of the history list (40 lines, as the web client loads it);
- ``plant.components_at(date)`` for a date in the middle of the history.
The query counts must not grow with the number of history lines.  (The form
shows the history through the computed ``history_component_ids``; the plain
one2many ``component_ids`` is measured too, for comparison.)

    DSA_BENCH_DB=dsa_t_plants_bench DSA_MODULES=dsa_tts \\
        scripts/dsa bench bench/bench_plant_history.py
"""
import datetime

from _common import QueryCounter, odoo_env, parse_args, timer

SIZES = (200, 2000)
CURRENT = 10
REPEAT = 5


def build_plant(env, partner, products, size):
    Component = env['dsa.plant.component'].with_context(
        tracking_disable=True, mail_create_nolog=True, mail_notrack=True)
    plant = env['dsa.plant'].with_context(tracking_disable=True).create({
        'name': 'Bench plant %d' % size, 'partner_id': partner.id})
    start = datetime.date(2000, 1, 1)
    vals = []
    for i in range(size):
        installed = start + datetime.timedelta(days=i * 3)
        removed = installed + datetime.timedelta(days=30) if i >= CURRENT else False
        vals.append({
            'plant_id': plant.id, 'product_id': products[i % len(products)].id,
            'serial': 'B%d-%05d' % (size, i), 'date_installed': str(installed),
            'date_removed': removed and str(removed)})
    for v in vals:
        Component.create(v)
    return plant


def measure(plant, form_fields, list_fields, date):
    res = {}
    env = plant.env
    best = {}
    for _ in range(REPEAT):
        env['dsa.plant'].invalidate_cache()
        with QueryCounter(env.cr) as q_form, timer(best, 'form'):
            data = plant.read(form_fields)[0]
        env['dsa.plant'].invalidate_cache()
        page = data['history_component_ids'][:40]
        with QueryCounter(env.cr) as q_list, timer(best, 'list'):
            env['dsa.plant.component'].browse(page).read(list_fields)
        env['dsa.plant'].invalidate_cache()
        with QueryCounter(env.cr) as q_at, timer(best, 'at'):
            ids = plant.components_at(date)
        plant.invalidate_cache()
        with QueryCounter(env.cr) as q_o2m, timer(best, 'o2m'):
            plant.read(['component_ids'])
        for key, value in best.items():
            res[key] = min(res.get(key, value), value)
    res.update(q_form=q_form.count, q_o2m=q_o2m.count, q_list=q_list.count, q_at=q_at.count,
               history=len(data['history_component_ids']),
               current=len(data['current_component_ids']), n_at=len(ids))
    return res


def main():
    args = parse_args(__doc__.splitlines()[0])
    with odoo_env(args) as env:
        tech = env['res.users'].with_context(no_reset_password=True).create({
            'name': 'Bench technician', 'login': 'bench_plant_tech',
            'email': 'bench_tech@example.com',
            'groups_id': [(6, 0, [env.ref('dsa_tts.group_technician').id])]})
        partner = env['res.partner'].create({'name': 'Bench customer', 'is_company': True})
        products = env['product.product'].create({'name': 'Bench part A', 'type': 'consu'}) | \
            env['product.product'].create({'name': 'Bench part B', 'type': 'consu'})
        plants = {size: build_plant(env, partner, products, size) for size in SIZES}
        Plant = env['dsa.plant'].sudo(tech)
        form_fields = sorted(Plant.fields_view_get(view_type='form')['fields'])
        tree = env['dsa.plant.component'].sudo(tech).fields_view_get(view_type='tree')
        list_fields = sorted(tree['fields'])
        date = '2003-01-01'
        results = {size: measure(plant.sudo(tech), form_fields, list_fields, date)
                   for size, plant in plants.items()}
        print('form fields read: %s' % ', '.join(form_fields))
        print('%-8s %8s %8s %8s %10s %8s %10s %8s %10s' % (
            'history', 'current', 'q_form', 't_form', 'q_page40', 't_page', 'q_comp_at',
            't_at', 'found_at'))
        for size in SIZES:
            r = results[size]
            print('%-8d %8d %8d %7.1fms %10d %7.1fms %10d %7.1fms %10d' % (
                r['history'], r['current'], r['q_form'], r['form'] * 1000, r['q_list'],
                r['list'] * 1000, r['q_at'], r['at'] * 1000, r['n_at']))
        small, big = results[SIZES[0]], results[SIZES[-1]]
        print('query count ratio %d/%d lines: form %.2f, page %.2f, components_at %.2f' % (
            SIZES[-1], SIZES[0], big['q_form'] / small['q_form'],
            big['q_list'] / small['q_list'], big['q_at'] / small['q_at']))
        print('time ratio: form %.2f, components_at %.2f' % (
            big['form'] / small['form'], big['at'] / small['at']))
        print('for comparison, read of the plain one2many component_ids (not on the form): '
              '%d queries %.1fms at %d lines, %d queries %.1fms at %d lines' % (
                  small['q_o2m'], small['o2m'] * 1000, SIZES[0],
                  big['q_o2m'], big['o2m'] * 1000, SIZES[-1]))
        assert big['q_form'] == small['q_form'], 'form query count grows with history'
        assert big['q_at'] == small['q_at'], 'components_at query count grows with history'


if __name__ == '__main__':
    main()
