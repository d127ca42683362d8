"""Service levels (dsa_tts, issue 26): the escalation cron over N open calls,
and the computation of the deadlines of M calls.

    DSA_BENCH_DB=c7_bench DSA_BENCH_SIZES=5000,50000 DSA_BENCH_DEADLINES=1000,10000 \\
        scripts/dsa bench bench/bench_sla.py

Escalation: N open calls of the standard service level, inserted in bulk
(dsa_bulk; the set-up is not measured) with their deadlines already
computed, so that at the cron's "now" 80% are on time (not touched), 10%
reach their warning (one activity for the owner) and 10% their breach (one
activity for the service manager). The cron runs without committing (all
is rolled back). Figures: time, queries per open call (goal: flat, <= 1),
and per escalated call. A second run at the same moment must find nothing.

Deadlines: M calls opened at various moments of a week (nights, a weekend,
a public holiday), ``_dsa_sla_recompute`` on all of them at once: time and
queries per call (working-hours arithmetic of resource.calendar).
"""
import os
from datetime import datetime, timedelta

from _common import QueryCounter, odoo_env, parse_args, timer

SIZES = tuple(int(s) for s in os.environ.get('DSA_BENCH_SIZES', '5000,50000').split(','))
DEADLINES = tuple(int(s) for s in os.environ.get(
    'DSA_BENCH_DEADLINES', '1000,10000').split(',') if s)
NOW = datetime(2026, 11, 4, 10, 0)  # a Wednesday, 11:00 in Rome


def _s(moment):
    return moment.strftime('%Y-%m-%d %H:%M:%S')


def build_calls(env, size, label):
    """``size`` open calls of a bench customer; ``deadlines``: fill the
    service-level columns so that the cron has 10% warnings and 10% breaches."""
    from odoo.addons.dsa_base.lib.bulk import bulk_create
    customer = env['res.partner'].create({'name': 'SLA bench %s' % label, 'is_company': True})
    owner = env.ref('base.user_root')
    policy = env.ref('dsa_tts.dsa_sla_policy_standard')
    stage = env.ref('dsa_tts.dsa_ticket_stage_in_progress')
    vals_list = []
    for i in range(size):
        kind = i % 10
        if kind == 0:      # breached: deadline passed
            deadline, warn = NOW - timedelta(hours=1), NOW - timedelta(hours=3)
        elif kind == 1:    # at risk: warning passed
            deadline, warn = NOW + timedelta(hours=1), NOW - timedelta(minutes=30)
        else:              # on time
            deadline, warn = NOW + timedelta(days=2), NOW + timedelta(days=1)
        vals_list.append({
            'name': 'SLA/%s/%d' % (label, i), 'subject': 'Bench call %d' % i,
            'partner_id': customer.id, 'channel': 'phone', 'priority': '1',
            'stage_id': stage.id, 'user_id': owner.id,
            'sla_policy_id': policy.id, 'sla_date_open': _s(NOW - timedelta(days=1)),
            'sla_start': _s(NOW - timedelta(days=1)),
            'sla_response_deadline': _s(deadline), 'sla_response_warn': _s(warn),
            'sla_resolution_deadline': _s(deadline + timedelta(days=3)),
            'sla_resolution_warn': _s(warn + timedelta(days=2)),
            'sla_status': 'on_time', 'sla_response_step': 0, 'sla_resolution_step': 0,
        })
    tickets = bulk_create(env['dsa.ticket'], vals_list)
    tickets.invalidate_cache()
    return tickets


def bench_escalation(env, size, results):
    tickets = build_calls(env, size, 'esc%d' % size)
    env.cr.execute('SAVEPOINT bench_sla')
    env.cache.invalidate()
    Ticket = env['dsa.ticket']
    with QueryCounter(env.cr) as q, timer(results, ('esc', size)):
        failed = Ticket._cron_sla_escalation(now=NOW, commit=False)
    assert not failed
    escalated = env['mail.activity'].search_count(
        [('res_model', '=', 'dsa.ticket'), ('res_id', 'in', tickets.ids)])
    assert escalated == size // 5, (escalated, size)
    env.cache.invalidate()
    with QueryCounter(env.cr) as q2, timer(results, ('esc2', size)):
        Ticket._cron_sla_escalation(now=NOW, commit=False)
    again = env['mail.activity'].search_count(
        [('res_model', '=', 'dsa.ticket'), ('res_id', 'in', tickets.ids)])
    assert again == escalated, (again, escalated)
    print('open calls=%6d  escalation cron: %7.2fs %7d queries (%.2f per open call, '
          '%.2f per escalated call, %d activities) | second run: %.2fs %d queries' % (
              size, results[('esc', size)], q.count, q.count / size,
              q.count / escalated, escalated, results[('esc2', size)], q2.count),
          flush=True)
    env.cr.execute('ROLLBACK TO SAVEPOINT bench_sla')
    env.cache.invalidate()


def bench_deadlines(env, size, results):
    tickets = build_calls(env, size, 'dl%d' % size)
    # opened every 37 minutes from Friday 4 December 2026 on: nights, a weekend,
    # the public holiday of 8 December (demo calendar) when the demo is loaded
    start = datetime(2026, 12, 4, 7, 0)
    for i, ticket_id in enumerate(tickets.ids):
        opened = _s(start + timedelta(minutes=37 * (i % 400)))
        env.cr.execute('UPDATE dsa_ticket SET sla_date_open = %s, sla_start = %s, '
                       'priority = %s WHERE id = %s',
                       (opened, opened, str(i % 4), ticket_id))
    tickets.invalidate_cache()
    env.cr.execute('SAVEPOINT bench_sla_dl')
    env.cache.invalidate()
    with QueryCounter(env.cr) as q, timer(results, ('dl', size)):
        tickets._dsa_sla_recompute(NOW)
    print('calls=%6d  deadlines computed: %7.2fs %7d queries (%.1f per call, %.1f ms per call)'
          % (size, results[('dl', size)], q.count, q.count / size,
             results[('dl', size)] * 1000 / size), flush=True)
    env.cr.execute('ROLLBACK TO SAVEPOINT bench_sla_dl')
    env.cache.invalidate()


def main():
    args = parse_args(__doc__)
    results = {}
    with odoo_env(args) as env:
        print('load: %s' % open('/proc/loadavg').read().strip(), flush=True)
        for size in DEADLINES:
            bench_deadlines(env, size, results)
        for size in SIZES:
            bench_escalation(env, size, results)
        print('load: %s' % open('/proc/loadavg').read().strip(), flush=True)


if __name__ == '__main__':
    main()
