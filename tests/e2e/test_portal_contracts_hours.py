"""Flow 8: portal customers check their service contracts (/my/contracts) and
their support-hour package (/my/hours)."""
import re


def test_customer_reads_contracts_and_hours(person):
    giulia = person('contracts')
    giulia.login('giulia.rossi', 'giulia.rossi', redirect='/my')
    page = giulia.page
    giulia.goto('/my/contracts')
    giulia.shot('contracts')
    link = page.locator('a[href^="/my/contracts/"]').first
    assert link.count(), 'the customer has no contract listed'
    link.click()
    page.wait_for_load_state('load')
    giulia.shot('contract')
    body = page.inner_text('main, #wrap, body')
    assert 'Impianto antintrusione stabilimento' in body, 'the contract does not list its plant'
    assert re.search(r'\d{2}/\d{2}/\d{4}', body), 'no dates on the contract page'
    pdf = page.locator('a[href$="/pdf"]').first.get_attribute('href')
    response = page.request.get(giulia.base_url + pdf)
    assert response.status == 200
    assert response.headers['content-type'].startswith('application/pdf')
    assert response.body()[:4] == b'%PDF'

    hours = person('hours')
    hours.login('giulia.rossi@rossi-impianti.example.com', 'portal', redirect='/my')
    hours.goto('/my/hours')
    hours.shot('hours')
    body = hours.page.inner_text('main, #wrap, body')
    # the portal user speaks Italian (demo data)
    assert '20' in body and re.search(r'(?i)hours|\bore\b', body), body[:500]
    # hours as 9:30, not 9.50
    spent = hours.page.inner_text('.o_dsa_hours_spent')
    assert re.match(r'^-?\d+:\d{2}$', spent.strip()), spent
    assert not re.search(r'\b\d+\.\d{2}\b', hours.page.inner_text('.o_dsa_hour_package')), \
        'hours shown as decimals'
