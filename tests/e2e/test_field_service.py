"""Flows 2, 3 and 4, one service call from end to end: the service manager plans
the customer's call in the backend (form, then calendar) and the customer sees the
planned intervention on the portal; the technician logs hours and materials and
closes the intervention, and the plant's history shows the new component; the
customer signs the report with mouse strokes, and the intervention is locked with
the signed PDF in its chatter."""
import datetime
import re

from flows import ROSSI_PLANT, portal_open_call
from odoo_ui import (backend_login, edit, expect_field, field, form_button, open_form, save,
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


def test_call_planned_done_signed(person):
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
    # Plan on the call opens the planning dialog: team, start and duration in one step
    form_button(page, 'Plan intervention')
    dialog = '.modal .o_form_view'
    page.wait_for_selector(dialog)
    wait_rpc(page)
    boss.shot('planning-dialog')
    set_many2one(page, 'team_id', 'Squadra Nord', scope=dialog)
    day, start, _end = _planned_slot()
    set_text(page, 'start', start, scope=dialog)
    set_text(page, 'duration', '02:00', scope=dialog)
    page.locator('.modal-footer button', has_text='Plan').first.click()
    page.wait_for_url(re.compile(r'model=project.task'))
    page.wait_for_selector('.o_form_view .o_field_widget[name="dsa_team_id"]', state='attached')
    wait_rpc(page)
    task_id = int(re.search(r'[#&]id=(\d+)', page.url).group(1))
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
    # Giulia speaks Italian (demo data): Italian dates and labels
    assert day.strftime('%d/%m/%Y') in row.inner_text() or 'Pianificato' in row.inner_text()

    # 3. the technician (Marco speaks Italian) logs hours and materials and closes it
    marco = person('technician')
    backend_login(marco, 'marco.tecnico', 'marco.tecnico')
    page = marco.page
    open_form(marco, 'project.task', task_id)
    edit(page)
    page.click('.o_notebook a:has-text("Fogli ore")')
    page.click('.o_field_widget[name="timesheet_ids"] .o_field_x2many_list_row_add a')
    # the new row's defaults and onchange must come back before typing: when they
    # came back late they reset the hours to 00:00 (one run in three)
    wait_rpc(page)
    row = '.o_field_widget[name="timesheet_ids"] .o_selected_row'
    set_text(page, 'name', 'Sostituzione sensore magazzino', scope=row)
    set_text(page, 'unit_amount', '1:30', scope=row)
    wait_rpc(page)
    page.click('.o_notebook a:has-text("Lavori e materiali")')
    page.click('.o_field_widget[name="dsa_material_ids"] .o_field_x2many_list_row_add a')
    wait_rpc(page)
    row = '.o_field_widget[name="dsa_material_ids"] .o_selected_row'
    set_many2one(page, 'product_id', NEW_PART, scope=row)
    serial = 'E2E-PIR-%d' % ticket_id
    set_text(page, 'serial', serial, scope=row)
    save(page)
    marco.shot('hours-and-materials')
    expect_field(page, 'dsa_labour_hours', '01:30')
    form_button(page, 'Chiudi intervento')
    expect_field(page, 'dsa_state', 'Eseguito')
    marco.shot('closed')

    # the plant's history names the new component and the intervention
    page.click('.o_form_view .o_field_widget[name="dsa_plant_id"] a, '
               '.o_form_view a.o_form_uri:has-text("%s")' % ROSSI_PLANT)
    page.wait_for_selector('.o_form_view .o_field_widget[name="code"]')
    wait_rpc(page)
    body = page.inner_text('.o_form_view')
    assert serial in body, 'the new component is not in the plant structure'
    marco.shot('plant-with-new-component')

    # 4. /my says that the report waits for the signature, with its link;
    # the customer opens the report and signs it with mouse strokes
    giulia.goto('/my')
    page = giulia.page
    giulia.shot('home-report-to-sign')
    notice = page.locator('.o_dsa_reports_to_sign')
    assert re.search(r'waiting for your signature|attendono? la vostra firma', notice.inner_text())
    notice.locator('a[href="/my/intervention/%d"]' % task_id).click()
    page.wait_for_load_state('load')
    giulia.shot('report-to-sign')
    crumbs = page.inner_text('ol.o_portal_submenu')
    assert re.search(r'Interventions|Interventi', crumbs), crumbs
    assert not re.search(r'Tasks|Attività', crumbs), crumbs
    # an empty canvas is refused in words, and nothing is sent
    page.click('form.o_dsa_sign_form button[type=submit]')
    missing = page.locator('.o_dsa_signature_missing')
    assert missing.is_visible() and re.search(r'Draw the signature|Tracciare la firma',
                                              missing.inner_text())
    assert '/my/intervention/%d' % task_id in page.url
    giulia.shot('empty-signature-refused')
    pad = page.locator('.o_dsa_signature_pad canvas').first
    pad.wait_for()
    box = pad.bounding_box()
    page.mouse.move(box['x'] + 20, box['y'] + box['height'] / 2)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(box['x'] + 20 + step * 25, box['y'] + box['height'] / 2 + (
            18 if step % 2 else -18), steps=4)
    page.mouse.up()
    page.fill('input[name=signer]', 'Giulia Rossi')
    giulia.shot('signature-drawn')
    page.click('form.o_dsa_sign_form button[type=submit]')
    page.wait_for_load_state('load')
    giulia.shot('signed')
    assert 'Giulia Rossi' in page.inner_text('body')

    # the intervention is locked and the signed PDF is in the chatter
    open_form(marco, 'project.task', task_id)
    page = marco.page
    expect_field(page, 'dsa_report_state', 'Firmato')
    chatter = page.inner_text('.o_chatter, .o_mail_thread')
    assert 'SHA-256' in chatter, 'the signed PDF is not archived in the chatter'
    assert '.pdf' in chatter
    marco.shot('signed-in-backend')
    assert page.locator('.o_form_button_edit:visible').count() in (0, 1)
    edit(page)
    assert field(page, 'dsa_planned_start').locator('input').count() == 0, \
        'the planning of a signed intervention is still editable'
