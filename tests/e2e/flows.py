"""Steps shared by several browser flows."""
import time

ROSSI_PLANT = 'Impianto antintrusione stabilimento'


def portal_open_call(session, subject=None, plant=ROSSI_PLANT, files=None):
    """The logged-in portal customer opens a call on ``plant``, with ``files``
    (Playwright file payloads) attached; returns (id, subject, plant labels)."""
    subject = subject or 'E2E sensore in allarme %d' % int(time.time() * 1000)
    page = session.page
    session.goto('/my/tickets/new')
    options = page.locator('select[name=plant_id] option')
    labels = [options.nth(i).inner_text() for i in range(options.count())]
    page.select_option('select[name=plant_id]',
                       label=next(label for label in labels if plant in label))
    page.fill('input[name=subject]', subject)
    page.fill('textarea[name=description]', 'Il sensore del magazzino scatta di notte.')
    if files:
        page.set_input_files('input[name=attachments]', files)
    page.click('form[action="/my/tickets/new"] button[type=submit]')
    page.wait_for_url('**/my/ticket/*')
    ticket_id = int(page.url.rstrip('/').split('/')[-1].split('?')[0])
    return ticket_id, subject, labels
