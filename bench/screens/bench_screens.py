"""Each role's main screens in Chromium on the demo database: the time until the
view is ready from a full page load (the web client starts, as after F5), and
warm: opened again from another screen in the running client, with the SQL
queries the server ran for it (issue 28).

Run by `scripts/dsa bench-screens`, which serves a copy of the test template
with every SQL query logged (odoo.sql_db at DEBUG) and runs this script with the
tools virtualenv's Python (Playwright, Debian's chromium):

    python bench_screens.py --url http://127.0.0.1:8369 --log SERVER_LOG

"Ready" is the web client's own idea of it: the view's root element is there and
its loading badge is gone; on the portal, the page's load event.
"""
import argparse
import os
import re
import time
import xmlrpc.client

from playwright.sync_api import sync_playwright

LIST = '.o_view_manager_content > div'
FORM = '.o_form_view'
TASK = '{dsa_tts.project_task_rossi_panel_demo}'
PLANT = '{dsa_tts.dsa_plant_rossi_alarm_demo}'
CUSTOMER = '{dsa_crm.partner_north_2_demo}'


def form(model, record):
    return '/web#id=%s&model=%s&view_type=form' % (record, model)


def act(xmlid, extra=''):
    return '/web#action=%s%s' % (xmlid, extra)


# (role, login, password, [(screen, path, selector of the ready view)])
ROLES = [
    ('technician', 'marco.tecnico', 'marco.tecnico', [
        ('my interventions', act('dsa_tts.project_task_action_dsa_my'), LIST),
        ('intervention form', form('project.task', TASK), FORM),
        ('plant form', form('dsa.plant', PLANT), FORM),
    ]),
    ('service manager', 'responsabile.assistenza', 'responsabile.assistenza', [
        ('service calls', act('dsa_tts.dsa_ticket_action'), LIST),
        ('planning calendar', act('dsa_tts.project_task_action_dsa_calendar'),
         '.o_calendar_view'),
        ('interventions', act('dsa_tts.project_task_action_dsa_intervention'), LIST),
    ]),
    ('agent', 'agent_north', 'agent_north', [
        ('customers', act('dsa_crm.res_partner_action_dsa_customers'), LIST),
        ('customer card', act('dsa_crm.customer_card', '&partner_id=' + CUSTOMER),
         '.o_dsa_card_stats'),
        ('revenue analysis', act('dsa_crm.dsa_crm_revenue_report_action'), '.o_pivot'),
    ]),
    ('direction', 'direzione', 'direzione', [
        ('sales force activity', act('dsa_crm.dsa_crm_activity_report_action'),
         '.o_pivot'),
        ('offered vs bought', act('dsa_crm.dsa_crm_commitment_report_action'), '.o_pivot'),
    ]),
    ('accountant', 'contabile', 'contabile', [
        ('import jobs', act('dsa_accounting_bridge.dsa_import_job_action'), LIST),
        ('imported invoices', act('dsa_accounting_bridge.dsa_imported_invoice_action'),
         LIST),
    ]),
    ('portal customer', 'giulia.rossi', 'giulia.rossi', [
        ('service calls', '/my/tickets', None),
        ('intervention', '/my/intervention/' + TASK, None),
        ('plant', '/my/plants/' + PLANT, None),
    ]),
]

WAIT_RPC = ("() => !document.querySelector('.o_loading') || "
            "getComputedStyle(document.querySelector('.o_loading')).display === 'none'")


def login(page, url, user, password):
    page.goto(url + '/web/login', wait_until='load')
    page.fill('input[name=login]', user)
    page.fill('input[name=password]', password)
    page.click('form.oe_login_form button[type=submit]')
    page.wait_for_load_state('load')


def approve_device(url, db, user):
    """Sales users log in from approved devices only (dsa_auth_device): the
    administrator approves the browser's pending request, as in the demo."""
    common = xmlrpc.client.ServerProxy(url + '/xmlrpc/2/common')
    uid = common.authenticate(db, 'admin', 'admin', {})
    models = xmlrpc.client.ServerProxy(url + '/xmlrpc/2/object')
    ids = models.execute_kw(db, uid, 'admin', 'dsa.device', 'search', [[
        ('user_id.login', '=', user), ('state', '=', 'pending')]])
    if ids:
        models.execute_kw(db, uid, 'admin', 'dsa.device', 'action_approve', [ids])


def resolve_ids(url, db, path):
    """The demo records of a path ({module.xml_id}) as their ids on this database."""
    common = xmlrpc.client.ServerProxy(url + '/xmlrpc/2/common')
    uid = common.authenticate(db, 'admin', 'admin', {})
    models = xmlrpc.client.ServerProxy(url + '/xmlrpc/2/object')

    def ref(match):
        return str(models.execute_kw(db, uid, 'admin', 'ir.model.data', 'xmlid_to_res_id',
                                     [match.group(1)], {'raise_if_not_found': True}))
    return re.sub(r'\{([\w.]+)\}', ref, path)


def count_queries(log, start):
    with open(log, 'rb') as handle:
        handle.seek(start)
        return handle.read().count(b' query: ')


def visit(page, url, selector):
    """Milliseconds until the screen is ready, from a full load of the page (the
    web client starts again, as after F5). A fresh query string makes the web
    client load the action anew (a changed hash alone may be ignored while it
    starts)."""
    started = time.perf_counter()
    if selector:
        base, _sep, fragment = url.partition('#')
        page.goto('%s?_=%d#%s' % (base, time.time() * 1000, fragment))
        page.wait_for_selector(selector, timeout=60000)
        page.wait_for_function(WAIT_RPC, timeout=60000)
    else:
        page.goto(url, wait_until='load')
    return (time.perf_counter() - started) * 1000


def navigate(page, url, selector):
    """Milliseconds until the screen is ready when the web client is already
    running and the user opens it from another screen (its menu or a link: a
    new hash), until every RPC it started has answered."""
    if not selector:
        return visit(page, url, selector)
    fragment = url.partition('#')[2]
    started = time.perf_counter()
    with page.expect_response(lambda r: r.request.method == 'POST' and '/web/' in r.url,
                              timeout=60000):
        page.evaluate('hash => { window.location.hash = hash; }', fragment)
    page.wait_for_selector(selector, timeout=60000)
    page.wait_for_function(WAIT_RPC, timeout=60000)
    return (time.perf_counter() - started) * 1000


NEUTRAL = '/web#action=mail.mail_channel_action_client_chat'


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--url', required=True)
    parser.add_argument('--log', required=True, help="the server's log, with odoo.sql_db at DEBUG")
    parser.add_argument('--db', required=True)
    parser.add_argument('--chromium', default='/usr/bin/chromium')
    args = parser.parse_args()
    rows = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=args.chromium, args=['--no-sandbox'])
        for role, user, password, screens in ROLES:
            context = browser.new_context(viewport={'width': 1440, 'height': 900},
                                          locale='it-IT')
            page = context.new_page()
            login(page, args.url, user, password)
            if '/web/login' in page.url:
                approve_device(args.url, args.db, user)
                login(page, args.url, user, password)
            for name, path, selector in screens:
                path = resolve_ids(args.url, args.db, path)
                try:
                    cold = visit(page, args.url + path, selector)
                except Exception as error:  # noqa: BLE001 - reported in the table
                    shot = '/tmp/bench-screens-%s-%s.png' % (role, name)
                    page.screenshot(path=shot.replace(' ', '_'))
                    rows.append((role, name, float('nan'), float('nan'), -1))
                    print('%s / %s: not ready (%s), see %s' % (
                        role, name, str(error).splitlines()[0], shot.replace(' ', '_')))
                    continue
                if selector:  # leave the screen, then come back to it
                    navigate(page, args.url + NEUTRAL, '.o_mail_chat')
                page.wait_for_timeout(500)
                mark = os.path.getsize(args.log)
                warm = navigate(page, args.url + path, selector)
                page.wait_for_timeout(300)
                rows.append((role, name, cold, warm, count_queries(args.log, mark)))
            context.close()
        browser.close()
    print('| role | screen | full page load (ms) | opened in the running client (ms) |'
          ' queries (opened) |')
    print('| --- | --- | ---: | ---: | ---: |')
    for role, name, cold, warm, queries in rows:
        print('| %s | %s | %.0f | %.0f | %d |' % (role, name, cold, warm, queries))
    slow = [r for r in rows if r[3] > 1000]
    print('\n%d of %d screens ready in <= 1 s warm' % (len(rows) - len(slow), len(rows)))


if __name__ == '__main__':
    main()
