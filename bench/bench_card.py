"""The customer card (CRM-8): res.partner.dsa_card_data() as an agent, for
customers with 10, 1,000 and 10,000 history rows (contact logs, pending offers
and imported invoice lines each), SQL query count and time (median of REPEAT
calls, empty cache each time, as over RPC).

The history is made by the test helper of dsa_crm (one record of each through
the ORM, the others SQL copies of it) and rolled back at the end.
"""
import statistics

import odoo

from _common import QueryCounter, odoo_env, parse_args, timer

SIZES = (10, 1000, 10000)
REPEAT = 7


def main():
    args = parse_args(__doc__.splitlines()[0])
    with odoo_env(args) as env:
        # importable once odoo_env() has set the addons path
        from odoo.addons.dsa_crm.tests.test_customer_card import fill_history
        zone = env['dsa.zone'].create({'name': 'Card bench zone', 'code': 'CBZ'})
        agent = env['res.users'].with_context(no_reset_password=True).create({
            'name': 'Card bench agent', 'login': 'card_bench_agent',
            'groups_id': [(6, 0, [env.ref('dsa_crm.group_agent').id])],
            'dsa_zone_ids': [(6, 0, zone.ids)]})
        print('dsa_card_data() as an agent, median of %d calls' % REPEAT)
        print('| history rows | SQL queries | time (ms) |')
        print('|---:|---:|---:|')
        for size in SIZES:
            partner = env['res.partner'].create({
                'name': 'Card bench %d' % size, 'is_company': True, 'customer': True,
                'dsa_zone_id': zone.id, 'user_id': agent.id})
            fill_history(env, partner, agent, size)
            env.cr.execute('ANALYZE')
            Partner = env(user=agent.id)['res.partner']
            Partner.browse(partner.id).dsa_card_data()        # warm the rule caches
            times, result = [], {}
            for _i in range(REPEAT):
                env['res.partner'].invalidate_cache()
                with timer(result, 't'), QueryCounter(env.cr) as qc:
                    card = Partner.browse(partner.id).dsa_card_data()
                times.append(result['t'])
            assert card['contact_logs']['count'] == size
            print('| %d | %d | %.1f |' % (size, qc.count, statistics.median(times) * 1000))


if __name__ == '__main__':
    odoo.tools.config['log_level'] = 'warn'
    main()
