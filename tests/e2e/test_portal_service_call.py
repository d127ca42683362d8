"""Flow 1: a portal customer opens a service call on their plant from the portal,
with a photo, gets its number, and finds it in their list (demo customer Rossi
Alimentari, login giulia.rossi). A foreign or missing page is the portal's 404."""
import base64
import re

from flows import ROSSI_PLANT, portal_open_call

# a 1x1 PNG: the "photo" of the call
PHOTO = base64.b64decode(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA'
    '60e6kgAAAABJRU5ErkJggg==')


def test_portal_customer_opens_a_service_call(person):
    giulia = person('giulia')
    giulia.login('giulia.rossi', 'giulia.rossi', redirect='/my')
    page = giulia.page
    assert '/my' in page.url, 'the portal user did not land on the portal: %s' % page.url
    giulia.shot('portal-home')
    # the counters of /my hide the entries that are 0
    assert not page.locator('ul.o_portal_docs .badge', has_text=re.compile(r'^\s*0\s*$')).count()

    ticket_id, subject, plants = portal_open_call(giulia, files=[
        {'name': 'sensore.png', 'mimeType': 'image/png', 'buffer': PHOTO}])
    # the form offered the customer's own plants, and no other customer's
    assert any(ROSSI_PLANT in label for label in plants), plants
    assert not any('Verdi' in label or 'Colombo' in label for label in plants), plants
    giulia.shot('call-opened')
    assert subject in page.content()
    assert 'Portal' in page.content()
    # the confirmation gives the call's number; the photo is listed and downloads
    confirmation = page.inner_text('.o_dsa_ticket_created')
    assert re.search(r'has been registered|è stata registrata', confirmation), confirmation
    number = page.inner_text('.o_dsa_ticket_created strong')
    assert number and number in page.inner_text('.panel-heading'), number
    link = page.locator('.o_dsa_ticket_files a', has_text='sensore.png')
    assert link.count() == 1
    photo = page.request.get(giulia.base_url + link.get_attribute('href'))
    assert photo.status == 200 and photo.body() == PHOTO

    giulia.goto('/my/tickets')
    giulia.shot('my-calls')
    assert page.locator('text=%s' % subject).count() == 1

    # a missing call: the portal's own 404 page, in the portal's layout
    with giulia.expected_errors(r'HTTP 404'):
        response = giulia.goto('/my/ticket/99999999')
    assert response.status == 404
    giulia.shot('not-found')
    assert re.search(r'Page not found|Pagina non trovata', page.inner_text('#wrap'))
    assert page.locator('ol.o_portal_submenu').count() == 1
