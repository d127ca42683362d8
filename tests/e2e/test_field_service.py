"""Flows 2 and 3: the service manager plans the customer's call in the backend
(form, then calendar) and the customer sees the planned intervention on the
portal; the technician logs hours and materials and closes the intervention,
and the plant's history shows the new component."""
import datetime
import re

from flows import ROSSI_PLANT, portal_open_call
from odoo_ui import (backend_login, edit, expect_field, form_button, open_form, save,
                     set_many2one, set_text, wait_rpc)

NEW_PART = 'Sensore volumetrico PIR'


def _planned_slot():
    day = datetime.date.today() + datetime.timedelta(days=1)
    fmt = '%m/%d/%Y %H:%M:%S'
    start = datetime.datetime.combine(day, datetime.time(9, 0))
    return day, start.strftime(fmt), (start + datetime.timedelta(hours=2)).strftime(fmt)


def _calendar_shows(page, text):
    page.wait_for_selector('.o_calendar_view')
    wait_rpc(page)
    for _ in range(2):
        if page.locator('.fc-event', has_text=text).count():
            return True
        page.click('.o_calendar_button_next')
        wait_rpc(page)
    return False


def test_call_planned_done_and_in_plant_history(person):
    giulia = person('giulia')
    giulia.login('giulia.rossi', 'giulia.rossi', redirect='/my')
    ticket_id, subject, _plants = portal_open_call(giulia)

    # 2. the service manager plans it: form, then calendar
    boss = person('manager')
    backend_login(boss, 'admin', 'admin')
    page = boss.page
    open_form(boss, 'dsa.ticket', ticket_id)
    assert subject in page.inner_text('.o_form_view')
    boss.shot('call-in-backend')
    form_button(page, 'Plan intervention')
    page.wait_for_selector('.o_form_view .o_field_widget[name="dsa_team_id"]', state='attached')
    page.wait_for_url(re.compile(r'model=project.task'))
    task_id = int(re.search(r'[#&]id=(\d+)', page.url).group(1))
    edit(page)
    set_many2one(page, 'dsa_team_id', 'Squadra Nord')
    day, start, end = _planned_slot()
    set_text(page, 'dsa_planned_start', start)
    set_text(page, 'dsa_planned_end', end)
    save(page)
    form_button(page, 'Plan')
    expect_field(page, 'dsa_state', 'Planned')
    boss.shot('intervention-planned')
    page.goto(boss.base_url + '/web?calendar=1#action=dsa_tts.project_task_action_dsa_calendar')
    page.click('.o_calendar_button_week') if page.locator(
        '.o_calendar_button_week').count() else None
    assert _calendar_shows(page, subject[:20]), 'the planned intervention is not in the calendar'
    boss.shot('calendar')

    giulia.goto('/my/interventions')
    giulia.shot('portal-interventions')
    row = giulia.page.locator('tr', has_text=subject)
    assert row.count() == 1, 'the customer does not see the planned intervention'
    assert day.strftime('%m/%d/%Y') in row.inner_text() or 'Planned' in row.inner_text()

    # 3. the technician logs hours and materials and closes it
    marco = person('technician')
    backend_login(marco, 'marco.tecnico', 'marco.tecnico')
    page = marco.page
    open_form(marco, 'project.task', task_id)
    edit(page)
    page.click('.o_notebook a:has-text("Timesheets")')
    page.click('.o_field_widget[name="timesheet_ids"] .o_field_x2many_list_row_add a')
    row = '.o_field_widget[name="timesheet_ids"] .o_selected_row'
    set_text(page, 'name', 'Sostituzione sensore magazzino', scope=row)
    set_text(page, 'unit_amount', '1:30', scope=row)
    page.click('.o_notebook a:has-text("Work and materials")')
    page.click('.o_field_widget[name="dsa_material_ids"] .o_field_x2many_list_row_add a')
    row = '.o_field_widget[name="dsa_material_ids"] .o_selected_row'
    set_many2one(page, 'product_id', NEW_PART, scope=row)
    serial = 'E2E-PIR-%d' % ticket_id
    set_text(page, 'serial', serial, scope=row)
    save(page)
    marco.shot('hours-and-materials')
    expect_field(page, 'dsa_labour_hours', '01:30')
    form_button(page, 'Close intervention')
    expect_field(page, 'dsa_state', 'Done')
    marco.shot('closed')

    # the plant's history names the new component and the intervention
    page.click('.o_form_view .o_field_widget[name="dsa_plant_id"] a, '
               '.o_form_view a.o_form_uri:has-text("%s")' % ROSSI_PLANT)
    page.wait_for_selector('.o_form_view .o_field_widget[name="code"]')
    wait_rpc(page)
    body = page.inner_text('.o_form_view')
    assert serial in body, 'the new component is not in the plant structure'
    marco.shot('plant-with-new-component')
