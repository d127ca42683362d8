"""Background work of one load run (issue 17): the preventive cron and a 100,000-row
invoice import, started while Locust browses the portal.

    .venv/bin/python bench/load/background.py --conf FILE --db load_db --group K \
        --result out.json

1. Makes the invoice file once (.local/load/invoices_100k.csv: 100,000 rows over the
   load customers' codes LC0001...).
2. Prepares, committed: the preventive cron's scheduled call moved to tomorrow (so
   that the server's cron worker does not start it at a random moment of a run); the
   contracts of load customers group K (GROUP_SIZE customers) made due
   DUE_DAYS days ago, so the cron has their interventions to create (those made by
   earlier load runs on them deleted: every run gives the cron the same work); the
   invoices of earlier load imports deleted (otherwise the same file is an unchanged
   re-import).
3. Queues the import of the file (dsa.import.job, kind invoices, action_run without
   dsa_import_sync): the server's queue_job runner performs its chunks in the HTTP
   workers, as in production.
4. Runs the preventive cron's server action now, in this process (the code the cron
   worker runs: ir.cron.method_direct_trigger), while the import goes on.
5. Waits until the import job is done and writes the timings to --result.
"""
import argparse
import base64
import csv
import datetime
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from _common import odoo_env  # noqa: E402

ROWS = 100000
GROUP_SIZE = 500
DUE_DAYS = 62
CUSTOMERS = 2000
HERE = os.path.dirname(os.path.abspath(__file__))
FILE = os.path.join(HERE, '..', '..', '.local', 'load', 'invoices_100k.csv')


def write_invoices(path):
    if os.path.exists(path):
        return
    tmp = path + '.tmp'
    with open(tmp, 'w', newline='', encoding='utf-8') as handle:
        writer = csv.writer(handle)
        writer.writerow('number,date,customer_code,customer_vat,amount_untaxed,amount_tax,'
                        'amount_total,currency'.split(','))
        for i in range(ROWS):
            untaxed = 100 + (i % 997) * 3.5
            tax = round(untaxed * 0.22, 2)
            writer.writerow([
                'LF/%07d' % i, '%02d/%02d/%d' % (i % 28 + 1, i % 12 + 1, 2022 + i % 4),
                'LC%04d' % (i % CUSTOMERS + 1), '', ('%.2f' % untaxed).replace('.', ','),
                ('%.2f' % tax).replace('.', ','), ('%.2f' % (untaxed + tax)).replace('.', ','),
                'EUR'])
    os.rename(tmp, path)


def prepare(env, group):
    cr = env.cr
    cron = env.ref('dsa_tts.ir_cron_preventive_interventions')
    tomorrow = datetime.datetime.utcnow() + datetime.timedelta(days=1)
    cron.write({'nextcall': tomorrow.strftime('%Y-%m-%d %H:%M:%S')})
    codes = ['LC%04d' % i for i in range(group * GROUP_SIZE + 1, (group + 1) * GROUP_SIZE + 1)]
    contracts = env['dsa.service.contract'].search([
        ('partner_id.dsa_external_code', 'in', codes), ('state', '=', 'running')])
    if contracts:
        # the preventive interventions of earlier load runs on these contracts out, so
        # that every run gives the cron the same work (SQL: the cron inserted them in
        # bulk, without chatter or followers; nothing else points to them)
        cr.execute('DELETE FROM project_task WHERE dsa_contract_id IN %s '
                   'AND dsa_preventive_date IS NOT NULL', (tuple(contracts.ids),))
    due = (datetime.date.today() - datetime.timedelta(days=DUE_DAYS)).isoformat()
    contracts.with_context(tracking_disable=True).write({'next_preventive_date': due})
    # previous load imports: their invoices out, so that this one creates them again
    jobs = env['dsa.import.job'].search([('file_name', '=', os.path.basename(FILE))])
    if jobs:
        cr.execute('DELETE FROM dsa_imported_invoice WHERE import_job_id IN %s',
                   (tuple(jobs.ids),))
    cr.commit()
    return cron, contracts


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--conf', required=True)
    parser.add_argument('--db', required=True)
    parser.add_argument('--group', type=int, required=True)
    parser.add_argument('--result', required=True)
    args = parser.parse_args()
    write_invoices(FILE)
    result = {'group': args.group}
    with odoo_env(args, commit=True) as env:
        cron, contracts = prepare(env, args.group)
        result['contracts_due'] = len(contracts)
        with open(FILE, 'rb') as handle:
            job = env['dsa.import.job'].create({
                'kind': 'invoices', 'file': base64.b64encode(handle.read()),
                'file_name': os.path.basename(FILE)})
        job.action_run()
        env.cr.commit()
        start = time.time()
        result['import_queued_at'] = start
        env.cr.execute('SELECT count(*) FROM project_task WHERE dsa_preventive_date IS NOT NULL')
        before = env.cr.fetchone()[0]
        cron.method_direct_trigger()
        env.cr.commit()
        result['cron_seconds'] = time.time() - start
        env.cr.execute('SELECT count(*) FROM project_task WHERE dsa_preventive_date IS NOT NULL')
        result['cron_interventions'] = env.cr.fetchone()[0] - before
        while True:
            env.cr.execute('SELECT state, count_created, count_rejected FROM dsa_import_job '
                           'WHERE id = %s', (job.id,))
            state, created, rejected = env.cr.fetchone()
            env.cr.commit()
            if state in ('done', 'done_errors', 'failed'):
                break
            time.sleep(1)
        result.update(import_seconds=time.time() - start, import_state=state,
                      import_created=created, import_rejected=rejected)
    with open(args.result, 'w') as handle:
        json.dump(result, handle)
    print(json.dumps(result), flush=True)


if __name__ == '__main__':
    main()
