"""Flow 9: the portal customer on a phone (390 x 844): no page scrolls sideways,
lists and tables read as stacked cards with their column names, and the list's
sort button does not cover "Apri una chiamata". At desktop size the tables stay
tables."""

PAGES = ('/my/tickets', '/my/interventions', '/my/plants', '/my/contracts', '/my/documents',
         '/my/hours', '/my/tickets/new')

CARD_STATE = """() => Array.from(document.querySelectorAll('.o_portal_wrap table.table'))
    .map(t => ({
        head: t.tHead ? getComputedStyle(t.tHead).display : 'none',
        labelled: Array.from(t.querySelectorAll('tbody td')).every(
            td => td.dataset.label !== undefined || !td.textContent.trim()),
        cells: t.querySelectorAll('tbody td').length}))"""


def _box_overlap(a, b):
    return not (a['x'] + a['width'] <= b['x'] or b['x'] + b['width'] <= a['x'] or
                a['y'] + a['height'] <= b['y'] or b['y'] + b['height'] <= a['y'])


def test_portal_on_a_phone(person):
    giulia = person('phone')
    giulia.login('giulia.rossi', 'giulia.rossi', redirect='/my')
    page = giulia.page
    page.set_viewport_size({'width': 390, 'height': 844})
    tables = 0
    for path in PAGES + ('/my/intervention/%s' % _first_link(giulia, '/my/interventions'),
                         '/my/plants/%s' % _first_link(giulia, '/my/plants')):
        giulia.goto(path)
        width = page.evaluate('document.documentElement.scrollWidth')
        assert width <= 390, '%s scrolls sideways at 390 px (%s px wide)' % (path, width)
        for table in page.evaluate(CARD_STATE):
            tables += 1
            assert table['head'] == 'none', '%s: a table keeps its header row on a phone' % path
            assert table['labelled'], '%s: a card cell has no column name' % path
    assert tables >= 6, 'the customer should see tables on the list and detail pages'

    giulia.goto('/my/tickets')
    giulia.shot('calls-phone')
    new_call = page.locator('a[href="/my/tickets/new"]').first.bounding_box()
    sort = page.locator('#portal_searchbar_sortby').first
    if sort.count() and sort.is_visible():
        assert not _box_overlap(new_call, sort.bounding_box()), \
            'the sort button covers "Apri una chiamata"'

    page.set_viewport_size({'width': 1440, 'height': 900})
    giulia.goto('/my/tickets')
    heads = [t['head'] for t in page.evaluate(CARD_STATE)]
    assert heads and all(h != 'none' for h in heads), 'desktop tables lost their header'


def _first_link(session, path):
    session.goto(path)
    href = session.page.locator('.o_portal_wrap table a[href^="%s"]' % path.rstrip('s')).first \
        .get_attribute('href')
    return href.rstrip('/').split('/')[-1].split('?')[0]
