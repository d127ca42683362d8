"""Flow 1: a portal customer opens a service call on their plant from the portal
and finds it in their list (demo customer Rossi Alimentari, login giulia.rossi)."""
import time


def test_portal_customer_opens_a_service_call(person):
    giulia = person('giulia')
    giulia.login('giulia.rossi', 'giulia.rossi', redirect='/my')
    page = giulia.page
    assert '/my' in page.url, 'the portal user did not land on the portal: %s' % page.url
    giulia.shot('portal-home')

    giulia.goto('/my/tickets/new')
    plants = page.locator('select[name=plant_id] option')
    labels = [plants.nth(i).inner_text() for i in range(plants.count())]
    # the customer's own plants, and no other customer's
    assert any('Impianto antintrusione stabilimento' in label for label in labels), labels
    assert not any('Verdi' in label or 'Colombo' in label for label in labels), labels
    page.select_option('select[name=plant_id]', label=next(
        label for label in labels if 'Impianto antintrusione stabilimento' in label))
    subject = 'E2E sensore in allarme %d' % int(time.time())
    page.fill('input[name=subject]', subject)
    page.fill('textarea[name=description]', 'Il sensore del magazzino scatta di notte.')
    giulia.shot('new-call-filled')
    page.click('form[action="/my/tickets/new"] button[type=submit]')
    page.wait_for_load_state('networkidle')
    giulia.shot('call-opened')
    assert '/my/ticket/' in page.url, page.url
    assert subject in page.content()

    giulia.goto('/my/tickets')
    giulia.shot('my-calls')
    assert page.locator('text=%s' % subject).count() == 1
