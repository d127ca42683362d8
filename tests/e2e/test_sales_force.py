"""Flow 5: an agent logs in from an unregistered browser and is refused; an
administrator approves the device; the same browser then logs in, the agent's
customer list shows only their zone's customers, and another zone's customer
opened by URL is refused."""
from odoo_ui import backend_login, open_action, rpc, wait_rpc

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
    page.wait_for_selector('.o_main_navbar', timeout=120000)
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

    page.goto('%s/web?_=2#id=%s&model=res.partner&view_type=form' % (agent.base_url, south_id))
    dialog = page.locator('.modal:visible')
    dialog.wait_for()
    agent.shot('other-zone-refused')
    assert 'Access' in dialog.inner_text() or 'security restrictions' in dialog.inner_text()
    assert SOUTH[0] not in page.inner_text('body')
