"""Issue 16, backend screens seen in the browser by the role that uses them: the
technician's plant and intervention, the service contract, the teams and the
email alias of the service manager's configuration, the Licences app of the
pricing manager.  Screenshots under .local/e2e/test_*/."""
import re

from playwright.sync_api import expect

from odoo_ui import backend_login, open_action, open_form, rpc, wait_rpc


def _id(session, model, domain):
    ids = rpc(session, model, 'search', [domain])['result']
    assert ids, (model, domain)
    return ids[0]


def test_technician_plant_and_intervention(person):
    tech = person('technician')
    backend_login(tech, 'marco.tecnico', 'marco.tecnico')
    page = tech.page
    task_id = _id(tech, 'project.task', [('name', '=like', 'Sostituzione batteria%')])
    plant_id = rpc(tech, 'project.task', 'read',
                   [[task_id], ['dsa_plant_id']])['result'][0]['dsa_plant_id'][0]
    open_form(tech, 'dsa.plant', plant_id)
    buttons = page.locator('.o_form_view .oe_button_box')
    # the demo technician speaks Italian
    expect(buttons).to_contain_text(re.compile(r'\d+\s*Chiamate'))
    expect(buttons).to_contain_text(re.compile(r'\d+\s*Interventi'))
    # the old button without a count
    expect(buttons).not_to_contain_text('Chiamate di assistenza')
    tech.shot('plant-buttons')
    open_form(tech, 'project.task', task_id)
    form = page.locator('.o_form_view')
    # invisible fields stay in Odoo 11's DOM: compare what is displayed (a field
    # missing from the page would prove nothing: the form must have each one)
    for name in ('planned_hours', 'remaining_hours', 'sale_line_id'):
        widgets = form.locator('.o_field_widget[name=%s]' % name)
        assert widgets.count(), 'the intervention form has no %s field' % name
        for index in range(widgets.count()):
            expect(widgets.nth(index)).to_be_hidden()
    page.locator('.o_notebook a[role=tab], .o_notebook li a', has_text='Descrizione').first.click()
    expect(page.locator('.o_field_widget[name=dsa_ticket_description]')).not_to_be_empty()
    tech.shot('intervention-description')
    open_action(tech, 'dsa_tts.project_task_action_dsa_my')
    tech.shot('my-interventions')


def test_manager_contract_teams_alias(person):
    admin = person('admin')
    backend_login(admin, 'admin', 'admin')
    page = admin.page
    contract_id = _id(admin, 'dsa.service.contract', [('preventive_interval', '=', 6)])
    open_form(admin, 'dsa.service.contract', contract_id)
    expect(page.locator('.o_field_widget[name=preventive_label]')).to_have_text('Every 6 months')
    admin.shot('contract')
    open_action(admin, 'dsa_tts.dsa_team_action')
    page.locator('.o_data_row').first.click()
    page.wait_for_selector('.o_form_view')
    wait_rpc(page)
    admin.shot('team')
    open_action(admin, 'dsa_tts.mail_alias_action_dsa_ticket')
    expect(page.locator('.o_content')).not_to_contain_text("'channel'")
    admin.shot('alias')


def test_licences_app(person):
    admin = person('admin')
    backend_login(admin, 'admin', 'admin')
    page = admin.page
    # Odoo 11 community: the apps are the links of the top bar
    page.locator('#oe_main_menu_navbar a.oe_menu_toggler, .o_main_navbar a',
                 has_text=re.compile(r'^\s*Licences\s*$')).first.click()
    page.wait_for_selector('.o_list_view')
    wait_rpc(page)
    assert not page.locator('.modal-dialog:visible').count(), 'the app opened a dialog'
    admin.shot('licences-home')
    open_action(admin, 'dsa_pricing.dsa_licence_price_action')
    expect(page.locator('.o_list_view')).to_contain_text('51 and more')
    expect(page.locator('.o_list_view')).not_to_contain_text('→')
    admin.shot('licence-prices')
    open_action(admin, 'dsa_pricing.dsa_licence_quote_wizard_action')
    page.wait_for_selector('.modal-dialog .o_form_view')
    page.locator('.modal-dialog .o_field_widget[name=crm] input').first.check()
    wait_rpc(page)
    expect(page.locator('.modal-dialog .o_field_widget[name=price_preview]')).to_contain_text(
        'CRM, 1 users (tier 1 to 5)')
    admin.shot('quote-wizard')
