"""Flow 7: an accountant uploads an invoice file; the job's progress rises on the
form without a refresh (the job runs in the background on the job queue), and
the imported-invoices pivot by month shows the new totals."""
import os
import tempfile
import time

from odoo_ui import (backend_login, field, form_button, open_action, rpc, save, set_selection,
                     wait_rpc)

ROWS = 30000
CUSTOMER_CODE = 'C0002'  # demo customer of the accounting bridge (Deco Addict)


def _invoice_file(prefix):
    handle, path = tempfile.mkstemp(suffix='.csv', prefix='e2e-invoices-')
    with os.fdopen(handle, 'w') as f:
        f.write('number,date,customer_code,customer_vat,amount_untaxed,amount_tax,'
                'amount_total,currency\n')
        for i in range(ROWS):
            f.write('%s-%06d,15/01/2026,%s,,100.00,22.00,122.00,EUR\n'
                    % (prefix, i, CUSTOMER_CODE))
    return path


def _make_accountant(admin):
    login = 'e2e.accountant.%d' % int(time.time())
    groups = rpc(admin, 'ir.model.data', 'xmlid_to_res_id',
                 ['dsa_accounting_bridge.group_import_user'])['result']
    billing = rpc(admin, 'ir.model.data', 'xmlid_to_res_id',
                  ['account.group_account_invoice'])['result']
    result = rpc(admin, 'res.users', 'create', [{
        'name': 'E2E Accountant', 'login': login, 'password': login,
        'email': '%s@dsa.example.com' % login,
        'groups_id': [(6, 0, [groups, billing])]}], {'context': {'no_reset_password': True}})
    assert result.get('result'), result
    return login


def test_accountant_imports_invoices_in_the_background(person):
    admin = person('admin')
    backend_login(admin, 'admin', 'admin')
    login = _make_accountant(admin)
    prefix = 'E2E%d' % int(time.time())
    path = _invoice_file(prefix)

    accountant = person('accountant')
    backend_login(accountant, login, login)
    page = accountant.page
    open_action(accountant, 'dsa_accounting_bridge.dsa_import_job_action')
    page.click('.o_list_button_add, .o_kanban_button_new')
    page.wait_for_selector('.o_form_view.o_form_editable')
    set_selection(page, 'kind', 'Invoices')
    wait_rpc(page)
    page.set_input_files('.o_field_widget[name="file"] input[type=file]', path)
    wait_rpc(page)
    save(page)
    accountant.shot('job-with-file')
    started = time.time()
    form_button(page, 'Import')
    seen = []
    while time.time() - started < 600:
        state = field(page, 'state').inner_text()
        done = field(page, 'progress_rows_done').inner_text().replace(',', '').strip()
        if done.isdigit() and (not seen or int(done) != seen[-1]):
            seen.append(int(done))
            accountant.shot('progress-%d' % int(done))
        if 'Done' in state.split('\n')[-1] or page.locator(
                '.o_statusbar_status button.btn-primary', has_text='Done').count():
            break
        page.wait_for_timeout(1000)
    accountant.shot('job-done')
    os.unlink(path)
    assert seen == sorted(seen), 'the progress went backwards: %s' % seen
    assert len(seen) >= 2, 'the progress never moved on screen: %s' % seen
    job = rpc(admin, 'dsa.import.job', 'search_read', [[('create_uid.login', '=', login)]],
              {'fields': ['state', 'count_created', 'count_rejected']})['result'][0]
    assert job['state'] == 'done' and job['count_created'] == ROWS, job

    open_action(accountant, 'dsa_accounting_bridge.dsa_imported_invoice_action', 'pivot')
    page.wait_for_selector('.o_pivot')
    wait_rpc(page)
    accountant.shot('pivot')
    total = rpc(admin, 'dsa.imported.invoice', 'read_group', [
        [('number', '=like', prefix + '-%')], ['amount_total'], []], {})['result']
    assert total[0]['amount_total'] == ROWS * 122.0
    # the pivot (untaxed amount by month) shows January 2026 with the new invoices
    january = rpc(admin, 'dsa.imported.invoice', 'read_group', [
        [('date', '>=', '2026-01-01'), ('date', '<', '2026-02-01')], ['amount_untaxed'],
        []], {})['result'][0]['amount_untaxed']
    assert january >= ROWS * 100.0
    pivot = page.inner_text('.o_pivot')
    assert 'January 2026' in pivot, pivot[:300]
    assert '{:,.2f}'.format(january) in pivot, 'January 2026 does not show %s' % january
