"""Flows 5 and 6: an agent logs in from an unregistered browser and is refused;
an administrator approves the device; the same browser then logs in, the agent's
customer list shows only their zone's customers, and another zone's customer
opened by URL is refused. The agent then opens a customer's card and logs a
visit, and the card shows it."""
import re
import time

from playwright.sync_api import expect

from odoo_ui import backend_login, form_button, open_action, rpc, wait_rpc

NORTH = ('Impianti Alpini S.r.l.', 'Termotecnica Lombarda S.p.A.')
SOUTH = ('Clima Sud S.r.l.', 'Energia Sicula S.n.c.')


def _try_login(session, login, password):
    session.goto('/web/login?redirect=/web')
    page = session.page
    page.fill('input[name=login]', login)
    page.fill('input[name=password]', password)
    page.click('form.oe_login_form button[type=submit]')
    page.wait_for_load_state('load')


def test_agent_needs_an_approved_device_and_sees_only_their_zone(person):
    agent = person('agent')
    _try_login(agent, 'agent_north', 'agent_north')
    page = agent.page
    assert '/web/login' in page.url, 'an unregistered browser was let in: %s' % page.url
    assert 'not approved' in page.inner_text('form.oe_login_form')
    agent.shot('refused')

    admin = person('admin')
    backend_login(admin, 'admin', 'admin')
    pending = rpc(admin, 'dsa.device', 'search_read',
                  [[('user_id.login', '=', 'agent_north'), ('state', '=', 'pending')]],
                  {'fields': ['id'], 'order': 'id desc', 'limit': 1})['result']
    assert pending, 'the refused login left no registration request'
    admin.page.goto('%s/web?_=1#id=%s&model=dsa.device&view_type=form' % (
        admin.base_url, pending[0]['id']))
    admin.page.wait_for_selector('.o_form_view')
    wait_rpc(admin.page)
    admin.shot('pending-request')
    admin.page.locator('.o_form_view button:visible', has_text='Approve').first.click()
    wait_rpc(admin.page)
    state = rpc(admin, 'dsa.device', 'read', [[pending[0]['id']], ['state']])['result']
    assert state[0]['state'] == 'approved'
    admin.shot('approved')
    south_id = rpc(admin, 'res.partner', 'search', [[('name', '=', SOUTH[0])]])['result'][0]

    _try_login(agent, 'agent_north', 'agent_north')
    page.wait_for_selector('.o_web_client .o_menu_sections, .o_web_client', timeout=120000)
    wait_rpc(page)
    agent.shot('logged-in')
    names = [r['name'] for r in rpc(agent, 'res.partner', 'search_read',
                                    [[('customer', '=', True), ('is_company', '=', True)]],
                                    {'fields': ['name']})['result']]
    assert set(NORTH) <= set(names) and not set(SOUTH) & set(names), names
    open_action(agent, 'base.action_partner_customer_form', 'list')
    listed = page.inner_text('.o_content')
    agent.shot('customers')
    for name in NORTH:
        assert name in listed, '%s missing from the agent list' % name
    for name in SOUTH:
        assert name not in listed, '%s of the south zone is in the agent list' % name

    # the web client reports the refusal (and stumbles on the empty form)
    with agent.expected_errors(r'AccessError|security restrictions|sicurezza|reading .type.'):
        page.goto('%s/web?_=2#id=%s&model=res.partner&view_type=form' % (
            agent.base_url, south_id))
        dialog = page.locator('.modal:visible')
        dialog.wait_for()
        agent.shot('other-zone-refused')
        # the agent speaks Italian (demo data)
        assert re.search(r'Access|security restrictions|accesso|sicurezza', dialog.inner_text())
        assert SOUTH[0] not in page.inner_text('body')
        wait_rpc(page)

    # 6. the agent opens a customer's card and logs a visit; the card shows it
    north_id = rpc(agent, 'res.partner', 'search', [[('name', '=', NORTH[0])]])['result'][0]
    page.goto('%s/web?_=3#id=%s&model=res.partner&view_type=form' % (agent.base_url, north_id))
    page.wait_for_selector('.o_form_view')
    wait_rpc(page)
    form_button(page, 'Scheda cliente')
    card = page.locator('.o_dsa_customer_card')
    card.wait_for()
    wait_rpc(page)
    agent.shot('customer-card')
    assert NORTH[0] in card.inner_text()
    page.click('.o_dsa_card_method[data-method="action_dsa_log_visit"]')
    dialog = page.locator('.modal:visible')
    dialog.wait_for()
    summary = 'E2E visita: nuovo impianto di riscaldamento %d' % int(time.time())
    dialog.locator('.o_field_widget[name="summary"]').fill(summary)
    agent.shot('log-a-visit')
    dialog.locator('.modal-footer button', has_text='Salva').click()
    wait_rpc(page)
    expect(card).to_contain_text(summary, timeout=60000)
    agent.shot('card-with-the-visit')
    logs = rpc(agent, 'dsa.contact.log', 'search_read', [[('summary', '=', summary)]],
               {'fields': ['kind', 'user_id', 'partner_id']})['result']
    assert len(logs) == 1 and logs[0]['kind'] == 'visit', logs

    # the agent's meetings: their own, not those of another zone's opportunity
    lead = rpc(admin, 'crm.lead', 'create', [{
        'name': 'E2E trattativa sud', 'partner_id': south_id, 'type': 'opportunity'}])['result']
    rpc(admin, 'calendar.event', 'create', [{
        'name': 'E2E riunione zona sud', 'opportunity_id': lead,
        'start': '2030-03-04 09:00:00', 'stop': '2030-03-04 10:00:00'}],
        {'context': {'no_mail_to_attendees': True}})
    own = rpc(agent, 'calendar.event', 'create', [{
        'name': 'E2E riunione zona nord', 'start': '2030-03-04 11:00:00',
        'stop': '2030-03-04 12:00:00'}], {'context': {'no_mail_to_attendees': True}})
    assert own.get('result'), own
    open_action(agent, 'calendar.action_calendar_event', 'list')
    listed = page.inner_text('.o_content')
    agent.shot('meetings')
    assert 'E2E riunione zona nord' in listed, listed
    assert 'E2E riunione zona sud' not in listed and 'E2E trattativa sud' not in listed
