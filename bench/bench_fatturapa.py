"""E-invoices (FatturaPA, issue 24): a year of a mid-size company's issued invoices
as the tax authority's portal hands it out, against the CSV export of the same
invoices.

    DSA_BENCH_DB=c6_bench DSA_MODULES=dsa_accounting_bridge \
        scripts/dsa bench bench/bench_fatturapa.py [--invoices N]

Generates (in a temp dir) N (default 20,000) FPR12 issued invoices of 5 lines each
for 2,000 customers, one XML file per invoice, zipped; and the same invoices as the
CSV export with lines that the bridge reads (one row per line). In one run, rolled
back at the end:
1. the zip through the import job (dsa_import_sync), by the administrator: read,
   XSD validation, customers created, invoices with lines and the XML attachment:
   invoices/s end to end, SQL queries, peak RSS growth of the process (sampled
   every 20 ms) at N/4 and at N invoices (memory flat: the same growth);
2. the CSV of the same invoices (customers known by then) through the same job
   (kind invoices, the ORM path for files with lines): invoices/s and the ratio.
"""
import base64
import csv
import os
import shutil
import sys
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _common import QueryCounter, odoo_env, timer  # noqa: E402
from bench_import import PeakRss  # noqa: E402

N_CUSTOMERS = 2000
PROVINCES = ['MI', 'TO', 'RM', 'BO', 'NA', 'FI', 'VE', 'GE', 'BA', 'PA']


def out(*args):
    print(*args, flush=True)


def vat(i):
    """A valid Italian VAT number (office code 001, check digit computed)."""
    digits = '%07d001' % (1000000 + i)
    total = 0
    for position, char in enumerate(digits):
        value = int(char)
        if position % 2:
            value *= 2
            value = value - 9 if value > 9 else value
        total += value
    return 'IT%s%d' % (digits, (10 - total % 10) % 10)


def invoices(count):
    """(number, date, buyer, lines) of each invoice."""
    for i in range(count):
        c = i % N_CUSTOMERS
        buyer = {'vat': vat(c), 'name': 'Bench Cliente %05d S.r.l.' % c,
                 'city': 'Citta %d' % (c % 10), 'zip': '%05d' % (20100 + c % 50),
                 'province': PROVINCES[c % 10], 'street': 'Via Roma %d' % (c % 300 + 1)}
        lines = [('ART-%03d' % ((i + k) % 200), 'Articolo %d' % ((i + k) % 200), k + 1,
                  '%d.%02d' % (10 + (i + k) % 90, k * 7 % 100)) for k in range(5)]
        yield 'B%06d' % i, '2025-%02d-%02d' % (i % 12 + 1, i % 28 + 1), buyer, lines


def write_files(folder, count):
    from odoo.addons.dsa_accounting_bridge.tests import fatturapa_samples as S
    zip_path = os.path.join(folder, 'fatture_%d.zip' % count)
    csv_path = os.path.join(folder, 'fatture_%d.csv' % count)
    with zipfile.ZipFile(zip_path, 'w', zipfile.ZIP_DEFLATED) as archive, \
            open(csv_path, 'w', newline='', encoding='utf-8') as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_COLUMNS)
        for i, (number, date, buyer, lines) in enumerate(invoices(count)):
            items = [S.line(name, qty, price, code=code) for code, name, qty, price in lines]
            tree = S.invoice_tree(S.COMPANY, buyer, [S.body(number, date=date, lines=items)],
                                  progressive='%05d' % (i % 100000))
            archive.writestr('IT00024681009_%05d.xml' % i, S.etree.tostring(
                tree, xml_declaration=True, encoding='UTF-8'))
            untaxed = sum(S.line_total(item) for item in items)
            tax = (untaxed * S.Decimal('0.22')).quantize(S.Decimal('0.01'))
            for item, (code, name, qty, price) in zip(items, lines):
                writer.writerow([number, date, buyer['vat'], untaxed, tax, untaxed + tax,
                                 code, name, qty, price, S.line_total(item)])
    return zip_path, csv_path


CSV_COLUMNS = ['number', 'date', 'customer_vat', 'amount_untaxed', 'amount_tax',
               'amount_total', 'line_product_code', 'line_description', 'line_quantity',
               'line_price_unit', 'line_subtotal']


def csv_profile(env):
    """The CSV export with lines, as a profile maps it."""
    return env['dsa.import.profile'].create({
        'name': 'Bench invoices with lines', 'kind': 'invoices', 'source_system': 'bench_csv',
        'line_ids': [(0, 0, {'sequence': i, 'field_name': name, 'column_name': name})
                     for i, name in enumerate(CSV_COLUMNS)]})


def run(env, kind, path, result, key, profile=None):
    with open(path, 'rb') as handle:
        content = base64.b64encode(handle.read())
    job = env['dsa.import.job'].create({'kind': kind, 'file': content,
                                        'file_name': os.path.basename(path),
                                        'profile_id': profile and profile.id})
    env.cache.invalidate()
    with PeakRss() as rss, QueryCounter(env.cr) as queries, timer(result, key):
        job.with_context(dsa_import_sync=True).action_run()
    result[key + '_queries'] = queries.count
    result[key + '_rss'] = rss.growth_mb
    job = job.browse(job.id)
    out('  %s: state %s, created %d, updated %d, skipped %d, rejected %d, files skipped %d'
        % (key, job.state, job.count_created, job.count_updated, job.count_skipped,
           job.count_rejected, job.count_files_skipped))
    if job.error_message or job.count_rejected:
        out('  first errors:', job.line_ids[:3].mapped('reason'), job.error_message)
    return job


def main():
    import argparse
    parser = argparse.ArgumentParser()
    parser.add_argument('--conf', required=True)
    parser.add_argument('--db', required=True)
    parser.add_argument('--invoices', type=int, default=20000)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix='bench_fatturapa_')
    out('load before: %s' % open('/proc/loadavg').read().strip())
    try:
        with odoo_env(args) as env:
            result = {}
            env.user.company_id.vat = 'IT00024681009'
            quarter = max(args.invoices // 4, 1)
            for count in (quarter, args.invoices):
                out('generating %d invoices x 5 lines ...' % count)
                zip_path, csv_path = write_files(folder, count)
                out('  zip %.1f MB, csv %.1f MB' % (
                    os.path.getsize(zip_path) / 1e6, os.path.getsize(csv_path) / 1e6))
                env.cr.execute('SAVEPOINT bench_size')
                key = 'xml_%d' % count
                run(env, 'fatturapa', zip_path, result, key)
                rate = count / result[key]
                out('XML  %6d invoices: %7.1f s  %7.0f invoices/s  %9d queries (%.1f per '
                    'invoice)  peak RSS +%.0f MB' % (
                        count, result[key], rate, result[key + '_queries'],
                        result[key + '_queries'] / count, result[key + '_rss']))
                key_csv = 'csv_%d' % count
                run(env, 'invoices', csv_path, result, key_csv, csv_profile(env))
                rate_csv = count / result[key_csv]
                out('CSV  %6d invoices: %7.1f s  %7.0f invoices/s  %9d queries (%.1f per '
                    'invoice)  peak RSS +%.0f MB' % (
                        count, result[key_csv], rate_csv, result[key_csv + '_queries'],
                        result[key_csv + '_queries'] / count, result[key_csv + '_rss']))
                out('XML/CSV speed ratio at %d invoices: %.2f' % (count, rate / rate_csv))
                env.cr.execute('ROLLBACK TO SAVEPOINT bench_size')
                env.cache.invalidate()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    out('load after: %s' % open('/proc/loadavg').read().strip())


if __name__ == '__main__':
    main()
