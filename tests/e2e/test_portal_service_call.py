"""Flow 1: a portal customer opens a service call on their plant from the portal
and finds it in their list (demo customer Rossi Alimentari, login giulia.rossi)."""
from flows import ROSSI_PLANT, portal_open_call


def test_portal_customer_opens_a_service_call(person):
    giulia = person('giulia')
    giulia.login('giulia.rossi', 'giulia.rossi', redirect='/my')
    page = giulia.page
    assert '/my' in page.url, 'the portal user did not land on the portal: %s' % page.url
    giulia.shot('portal-home')

    ticket_id, subject, plants = portal_open_call(giulia)
    # the form offered the customer's own plants, and no other customer's
    assert any(ROSSI_PLANT in label for label in plants), plants
    assert not any('Verdi' in label or 'Colombo' in label for label in plants), plants
    giulia.shot('call-opened')
    assert subject in page.content()
    assert 'Portal' in page.content()

    giulia.goto('/my/tickets')
    giulia.shot('my-calls')
    assert page.locator('text=%s' % subject).count() == 1
