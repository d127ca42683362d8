"""Flow 11, the technician's field app on a phone (issue 25): marco.tecnico
(Italian) at 390 x 844 opens /field, finds today's intervention of his team,
starts and stops work, replaces a component and takes a photo; then the
network goes away: he logs an activity and a material, reloads the page (the
service worker serves it), and when the network returns each change reaches
the server exactly once (counted by XML-RPC). He closes the intervention, the
customer signs on the phone, the code mailed to the customer is typed in, and
the report is signed on site, confirmed, locked, with its PDF archived."""
import base64
import datetime
import re
import struct
import time
import zlib
from xmlrpc import client as xmlrpclib

from flows import ROSSI_PLANT

NEW_PART = 'Sensore volumetrico PIR'
CODE = re.compile(r'<strong>(\d{6})</strong>')


class Rpc(object):
    """XML-RPC on the e2e server as one user (login = password)."""

    def __init__(self, base_url, db, login):
        self.db, self.password = db, login
        self.uid = xmlrpclib.ServerProxy(base_url + '/xmlrpc/2/common').login(db, login, login)
        assert self.uid, 'cannot log in as %s' % login
        self.proxy = xmlrpclib.ServerProxy(base_url + '/xmlrpc/2/object', allow_none=True)

    def __call__(self, model, method, *args, **kwargs):
        return self.proxy.execute_kw(self.db, self.uid, self.password, model, method,
                                     list(args), kwargs)

    def count(self, model, domain):
        return self(model, 'search_count', domain)


def _png(width, height):
    """A PNG photo larger than the 1600 px the app keeps (stripes of colour)."""
    bands = [b'\x00' + bytes(v for x in range(width) for v in (x * 7 % 256, y, 120))
             for y in range(256)]
    rows = b''.join(bands[y % 256] for y in range(height))

    def chunk(kind, data):
        return (struct.pack('>I', len(data)) + kind + data +
                struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff))
    header = struct.pack('>IIBBBBB', width, height, 8, 2, 0, 0, 0)
    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', header) +
            chunk(b'IDAT', zlib.compress(rows, 6)) + chunk(b'IEND', b''))


def _jpeg_size(data):
    """(width, height) of a JPEG, from its SOF marker."""
    i = 2
    while i < len(data):
        marker, length = data[i + 1], struct.unpack('>H', data[i + 2:i + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            height, width = struct.unpack('>HH', data[i + 5:i + 9])
            return width, height
        i += 2 + length
    raise AssertionError('no SOF marker: not a JPEG')


def _db_name(session):
    return session.page.evaluate("""() => fetch('/web/session/get_session_info', {
        method: 'POST', headers: {'Content-Type': 'application/json'},
        body: JSON.stringify({jsonrpc: '2.0', method: 'call', params: {}})})
        .then(r => r.json()).then(r => r.result.db)""")


def _plan_today(admin, name):
    """An intervention on the Rossi alarm plant (with components), for
    Squadra Nord, planned an hour from now."""
    plant = admin('dsa.plant', 'search_read', [('name', '=', ROSSI_PLANT)],
                  fields=['partner_id', 'maintenance_contact_id', 'component_ids'])[0]
    assert plant['component_ids'], 'the demo plant has no components'
    team = admin('dsa.team', 'search', [('name', '=', 'Squadra Nord')])[0]
    project = admin('project.project', 'search', [('dsa_field_service', '=', True)], limit=1)[0]
    start = datetime.datetime.utcnow().replace(microsecond=0) + datetime.timedelta(hours=1)
    contact = plant['maintenance_contact_id'] or plant['partner_id']
    task_id = admin('project.task', 'create', {
        'name': name, 'project_id': project, 'dsa_plant_id': plant['id'],
        'partner_id': contact[0], 'dsa_kind': 'corrective', 'dsa_team_id': team,
        'description': '<p>Il sensore della zona magazzino va in allarme di notte.</p>',
        'dsa_planned_start': start.strftime('%Y-%m-%d %H:%M:%S'),
        'dsa_planned_end': (start + datetime.timedelta(hours=2)).strftime('%Y-%m-%d %H:%M:%S')})
    admin('project.task', 'action_dsa_plan', [task_id])
    email = admin('res.partner', 'read', [contact[0]], ['email'])[0]['email']
    assert email, 'the customer contact needs an e-mail address for the code'
    return task_id, email


def _act(page, selector, queue=0, ops=1):
    """Click ``selector``, which makes ``ops`` operations; wait until the app
    is idle again with ``queue`` operations waiting (0: all sent)."""
    made = int(page.evaluate('document.body.dataset.made'))
    page.click(selector)
    page.wait_for_function('n => +document.body.dataset.made >= n', arg=made + ops)
    _settled(page, queue)


def _settled(page, queue=0):
    """The app is idle with ``queue`` operations waiting."""
    page.wait_for_function(
        "q => document.body.dataset.syncing === '0' && document.body.dataset.queue === String(q)",
        arg=queue, timeout=60000)


def _wide_enough(page):
    width = page.evaluate('document.documentElement.scrollWidth')
    assert width <= page.viewport_size['width'], 'the page scrolls sideways (%s px)' % width


def test_field_app_offline_and_signature(person):
    boss = person('admin')
    boss.login('admin', 'admin', redirect='/web')
    db = _db_name(boss)
    admin = Rpc(boss.base_url, db, 'admin')
    name = 'E2E campo %d' % int(time.time() * 1000)
    task_id, email = _plan_today(admin, name)

    marco = person('technician')
    page = marco.page
    page.set_viewport_size({'width': 390, 'height': 844})
    marco.login('marco.tecnico', 'marco.tecnico', redirect='/field')
    page.wait_for_selector('body[data-loaded="1"]')
    assert page.inner_text('.f-title') == 'DSA Campo'
    card = page.locator('.f-task[data-task="%d"]' % task_id)
    assert card.count() == 1, 'today\'s intervention is not in the list'
    assert 'oggi' in page.inner_text('#f-main').lower(), 'the list is not grouped by day in Italian'
    _wide_enough(page)
    marco.shot('today')

    # the service worker controls the page before the network goes away
    page.wait_for_function('navigator.serviceWorker && navigator.serviceWorker.controller !== null',
                           timeout=60000)

    card.locator('a.f-name').click()
    page.wait_for_selector('#f-task-name')
    assert name in page.inner_text('#f-task-name')
    assert 'magazzino va in allarme' in page.inner_text('#f-main')
    _wide_enough(page)
    marco.shot('intervention')

    # an access key, online only, logged as in the backend
    key_button = page.locator('#f-components [data-act="key"]').first
    component_id = int(key_button.get_attribute('data-component'))
    logged = admin.count('dsa.access.key.log', [('component_id', '=', component_id)])
    key_button.click()
    page.wait_for_selector('#f-components .f-key')
    assert page.inner_text('#f-components .f-key').strip()
    assert admin.count('dsa.access.key.log', [('component_id', '=', component_id)]) == logged + 1
    marco.shot('access-key')

    # the plant as it was on a past date, computed on the phone
    # (today's configuration holds no removed component; in 2015 some of
    # today's were not there yet and some removed since were)
    assert 'rimosso il' not in page.inner_text('#f-components')
    page.fill('#f-config-%d' % task_id, '2015-01-01')
    page.wait_for_function(
        "document.querySelector('#f-components').innerText.includes('rimosso il')")
    page.fill('#f-config-%d' % task_id, '')

    # start and stop work: an hour and a half, as the technician corrects the start
    _act(page, '#f-start')
    page.wait_for_selector('#f-stop')
    # the timer runs on the phone and survives a reload
    page.reload()
    page.wait_for_selector('body[data-ready="1"]')
    page.wait_for_selector('#f-stop')
    _settled(page)
    marco.shot('work-running')
    page.eval_on_selector('#f-started-%d' % task_id, """el => {
        const d = new Date(Date.now() - 90 * 60000);
        el.value = new Date(d - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16); }""")
    page.fill('#f-work-desc-%d' % task_id, 'Verifica sensore e cablaggio')
    _act(page, '#f-stop')
    assert re.search(r'\b1:3[01]\b', page.inner_text('#f-timesheets'))
    assert 'Da inviare' not in page.inner_text('#f-timesheets')

    # a replaced component, product searched online
    page.click('#f-add-material')
    page.select_option('#f-m-action-%d' % task_id, 'replaced')
    page.fill('#f-m-search-%d' % task_id, 'volumetrico')
    page.locator('#f-m-results .f-pick', has_text=NEW_PART).first.click()
    page.select_option('#f-m-component-%d' % task_id, index=1)
    serial = 'E2E-FIELD-%d' % task_id
    page.fill('#f-m-serial-%d' % task_id, serial)
    marco.shot('material-form')
    _act(page, '#f-m-save')
    assert serial in page.inner_text('#f-materials')

    # a photo from the camera, downscaled on the phone
    made = int(page.evaluate('document.body.dataset.made'))
    page.set_input_files('#f-photo-%d' % task_id, files=[{
        'name': 'quadro.png', 'mimeType': 'image/png', 'buffer': _png(2400, 1800)}])
    page.wait_for_function('n => +document.body.dataset.made >= n', arg=made + 1)
    page.wait_for_selector('#f-photos img')
    _settled(page)
    marco.shot('photo')

    # offline: an activity and a material stay on the phone
    marco.context.set_offline(True)
    page.wait_for_selector('#f-net.f-off')
    activity = 'Sostituito sensore PIR zona magazzino (%d)' % task_id
    page.fill('#f-activity-%d' % task_id, activity)
    _act(page, '[data-act="activity"]', queue=1)
    page.click('#f-add-material')
    page.fill('#f-m-search-%d' % task_id, 'sirena')
    page.wait_for_selector('#f-m-results .f-pick')
    offline_product = page.locator('#f-m-results .f-pick').first.inner_text().split('[')[0].strip()
    page.locator('#f-m-results .f-pick').first.click()
    _act(page, '#f-m-save', queue=2)
    assert activity in page.inner_text('#f-work-report')
    marco.shot('offline-queued')

    # the page opens again with no network: the service worker serves it
    page.reload()
    page.wait_for_selector('body[data-ready="1"]')
    _settled(page, queue=2)
    assert activity in page.inner_text('#f-work-report'), 'the queued activity is lost on reload'
    # the photo sent before, from the server, shows offline too (the service worker kept it)
    page.wait_for_function(
        "() => { const img = document.querySelector('#f-photos img[src^=\"/web/image/\"]');"
        " return img && img.complete && img.naturalWidth > 0; }")
    assert page.locator('#f-net.f-off').count() == 1
    page.click('#f-bar-queue')
    page.wait_for_selector('#f-queue-list')
    assert page.locator('#f-queue-list li').count() == 2
    marco.shot('offline-reloaded-queue')

    # back online: the queue is sent, once
    marco.context.set_offline(False)
    _settled(page)
    page.wait_for_selector('.f-card.f-ok')
    marco.shot('online-synced')
    assert page.evaluate('document.body.dataset.refused') == '0', page.inner_text('#f-main')
    assert admin.count('account.analytic.line', [('task_id', '=', task_id)]) == 1
    hours = admin('account.analytic.line', 'search_read', [('task_id', '=', task_id)],
                  fields=['unit_amount'])[0]['unit_amount']
    assert abs(hours - 1.5) < 0.05, hours
    materials = admin('dsa.intervention.material', 'search_read', [('task_id', '=', task_id)],
                      fields=['action', 'serial', 'product_id'])
    assert sorted(m['action'] for m in materials) == ['installed', 'replaced'], materials
    assert [m['serial'] for m in materials if m['action'] == 'replaced'] == [serial]
    assert [offline_product in m['product_id'][1] for m in materials
            if m['action'] == 'installed'] == [True], (offline_product, materials)
    report = admin('project.task', 'read', [task_id], ['dsa_work_report'])[0]['dsa_work_report']
    assert report.count(activity) == 1, report
    photos = admin('ir.attachment', 'search_read', [
        ('res_model', '=', 'project.task'), ('res_id', '=', task_id),
        ('mimetype', '=', 'image/jpeg')], fields=['datas', 'name'])
    assert len(photos) == 1, photos
    assert photos[0]['name'].endswith('.jpg')
    assert max(_jpeg_size(base64.b64decode(photos[0]['datas']))) <= 1600
    ops = admin('dsa.field.op', 'search_read', [('task_id', '=', task_id)],
                fields=['op_id', 'status'])
    assert len(ops) == 6 and len({o['op_id'] for o in ops}) == 6, ops
    assert {o['status'] for o in ops} == {'done'}, ops

    # close and sign: the customer signs on the phone and types the mailed code
    page.click('#f-bar a[href="#/"]')
    page.locator('.f-task[data-task="%d"] a.f-name' % task_id).click()
    page.click('#f-to-sign')
    page.wait_for_selector('#f-pad')
    summary = page.inner_text('#f-main')
    assert re.search(r'\b1:3[01]\b', summary) and serial in summary
    assert '€' not in summary and 'EUR' not in summary, 'a price shows in the summary'
    page.fill('#f-signer', 'Giulia Rossi')
    page.locator('#f-pad').scroll_into_view_if_needed()
    box = page.locator('#f-pad').bounding_box()
    page.mouse.move(box['x'] + 30, box['y'] + 120)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(box['x'] + 30 + step * 25, box['y'] + 120 - (step % 3) * 30)
    page.mouse.up()
    marco.shot('signature')
    mails_before = admin('mail.mail', 'search', [('email_to', '=', email)])
    page.click('#f-send-code')
    page.wait_for_selector('#f-sent-to')
    sent_to = page.inner_text('#f-sent-to')
    assert '***' in sent_to and sent_to != email
    assert admin('project.task', 'read', [task_id], ['dsa_state'])[0]['dsa_state'] == 'done'
    marco.shot('code-sent')
    new_mails = [m for m in admin('mail.mail', 'search_read', [('email_to', '=', email)],
                                  fields=['body_html'], order='id desc')
                 if m['id'] not in mails_before]
    codes = [CODE.search(m['body_html'] or '') for m in new_mails]
    codes = [c.group(1) for c in codes if c]
    assert len(codes) == 1, 'one mail with the code expected'
    assert codes[0] not in page.content(), 'the code shows on the technician\'s phone'
    page.fill('#f-code', codes[0])
    page.click('#f-confirm')
    page.wait_for_selector('#f-signed')
    assert 'confermato dal cliente' in page.inner_text('#f-signed')
    _wide_enough(page)
    marco.shot('signed-confirmed')

    task = admin('project.task', 'read', [task_id], [
        'dsa_report_state', 'dsa_signed_attachment_id', 'dsa_sign_mode', 'dsa_signed_by'])[0]
    assert task['dsa_report_state'] == 'signed', task
    assert task['dsa_signed_attachment_id'], 'no archived PDF'
    assert task['dsa_sign_mode'] == 'onsite_confirmed', task
    assert task['dsa_signed_by'] == 'Giulia Rossi'
    pdf = admin('ir.attachment', 'read', [task['dsa_signed_attachment_id'][0]], ['mimetype'])[0]
    assert pdf['mimetype'] == 'application/pdf'
    # locked: the technician can no longer change it
    tech = Rpc(boss.base_url, db, 'marco.tecnico')
    try:
        tech('project.task', 'write', [task_id], {'dsa_work_report': 'cambiato dopo la firma'})
    except xmlrpclib.Fault:
        pass
    else:
        raise AssertionError('the signed intervention is not locked')

    # the same screens on a desktop
    page.set_viewport_size({'width': 1440, 'height': 900})
    marco.shot('signed-desktop')
    page.click('#f-bar a[href="#/"]')
    page.wait_for_selector('.f-task')
    _wide_enough(page)
    marco.shot('today-desktop')
    page.locator('.f-task a.f-name').first.click()
    page.wait_for_selector('#f-task-name')
    _wide_enough(page)
    marco.shot('intervention-desktop')


def _draw(page):
    """A signature drawn with the mouse (pointer events, as a finger)."""
    page.locator('#f-pad').scroll_into_view_if_needed()
    box = page.locator('#f-pad').bounding_box()
    page.mouse.move(box['x'] + 40, box['y'] + 100)
    page.mouse.down()
    for step in range(1, 10):
        page.mouse.move(box['x'] + 40 + step * 28, box['y'] + 100 + (step % 2) * 40)
    page.mouse.up()


def test_field_app_offline_refusal_and_unconfirmed_signature(person):
    """Offline, marco logs an activity on one intervention and has the
    customer sign another without a code; meanwhile the first one goes to
    another team. Back online the refusal is listed with the server's reason
    (nothing lost silently), and the second report is signed on site,
    unconfirmed."""
    boss = person('admin')
    boss.login('admin', 'admin', redirect='/web')
    db = _db_name(boss)
    admin = Rpc(boss.base_url, db, 'admin')
    stamp = int(time.time() * 1000)
    moved_id, _email = _plan_today(admin, 'E2E riassegnato %d' % stamp)
    signed_id, _email = _plan_today(admin, 'E2E firma offline %d' % stamp)
    noted_id, _email = _plan_today(admin, 'E2E nota %d' % stamp)

    marco = person('technician')
    page = marco.page
    page.set_viewport_size({'width': 390, 'height': 844})
    marco.login('marco.tecnico', 'marco.tecnico', redirect='/field')
    page.wait_for_selector('body[data-loaded="1"]')
    page.wait_for_function('navigator.serviceWorker && navigator.serviceWorker.controller !== null',
                           timeout=60000)
    marco.context.set_offline(True)
    page.wait_for_selector('#f-net.f-off')

    page.locator('.f-task[data-task="%d"] a.f-name' % moved_id).click()
    page.wait_for_selector('#f-task-name')
    activity = 'Attività su intervento riassegnato %d' % stamp
    page.fill('#f-activity-%d' % moved_id, activity)
    _act(page, '[data-act="activity"]', queue=1)

    page.click('#f-bar a[href="#/"]')
    page.locator('.f-task[data-task="%d"] a.f-name' % signed_id).click()
    page.click('#f-to-sign')
    page.wait_for_selector('#f-pad')
    assert page.locator('#f-send-code').is_disabled(), 'the code cannot be sent offline'
    page.fill('#f-signer', 'Giulia Rossi')
    _draw(page)
    _act(page, '#f-sign-nocode', queue=3, ops=2)
    page.wait_for_selector('#f-signed')
    assert 'non confermato' in page.inner_text('#f-signed')
    marco.shot('signed-offline-unconfirmed')

    # meanwhile the dispatcher gives the first intervention to the other team
    south = admin('dsa.team', 'search', [('name', '=', 'Squadra Sud')])[0]
    admin('project.task', 'write', [moved_id], {'dsa_team_id': south, 'user_id': False})

    marco.context.set_offline(False)
    _settled(page)
    assert page.evaluate('document.body.dataset.refused') == '1'
    page.click('#f-bar-queue')
    page.wait_for_selector('#f-refused-list')
    refused = page.inner_text('#f-refused-list')
    # the op and its intervention by name (no longer in marco's list), the server's reason
    assert activity in refused, refused
    assert refused.count('E2E riassegnato %d' % stamp) == 2, refused
    marco.shot('refused-listed')

    # nothing of the refused op reached the intervention; the signature did, unconfirmed
    report = admin('project.task', 'read', [moved_id], ['dsa_work_report'])[0]['dsa_work_report']
    assert activity not in (report or '')
    task = admin('project.task', 'read', [signed_id], [
        'dsa_state', 'dsa_report_state', 'dsa_sign_mode', 'dsa_signed_by'])[0]
    assert task['dsa_state'] == 'done', task
    assert task['dsa_report_state'] == 'signed', task
    assert task['dsa_sign_mode'] == 'onsite_unconfirmed', task
    assert task['dsa_signed_by'] == 'Giulia Rossi'

    # the technician reads the reason, then dismisses it
    page.click('[data-act="dismiss"]')
    page.wait_for_function("document.body.dataset.refused === '0'")
    assert page.locator('#f-refused-list').count() == 0

    # a sync whose answer is lost on the way back: the server did the op, the
    # phone keeps it and sends it again; the server answers "duplicate" and
    # does nothing twice
    lost = []

    def lose_the_answer(route):
        if not lost:
            route.fetch()  # the request reaches the server...
            lost.append(True)
            route.abort('failed')  # ...and its answer never reaches the phone
        else:
            route.continue_()
    page.route('**/field/api/sync', lose_the_answer)
    page.click('#f-bar a[href="#/"]')
    page.locator('.f-task[data-task="%d"] a.f-name' % noted_id).click()
    page.wait_for_selector('#f-task-name')
    note = 'Nota inviata due volte %d' % stamp
    page.fill('#f-note-%d' % noted_id, note)
    _act(page, '[data-act="note"]', queue=1)
    assert lost, 'the sync did not go out'
    marco.shot('answer-lost-op-kept')
    page.click('#f-sync')
    _settled(page)
    page.unroute('**/field/api/sync')
    ops = admin('dsa.field.op', 'search_read', [('task_id', '=', noted_id),
                                                ('op_type', '=', 'note')], fields=['status'])
    assert len(ops) == 1, ops
    notes = admin('mail.message', 'search_count', [
        ('model', '=', 'project.task'), ('res_id', '=', noted_id), ('body', 'ilike', note)])
    assert notes == 1, 'the note reached the chatter %s times' % notes


HOSTILE = '<img src=x onerror="window.__dsa_xss = 1">'


def test_field_app_shows_hostile_text_as_text(person):
    """A customer's call description and an intervention name carrying HTML
    (a portal customer writes the description) are shown as text in the
    technician's app: no element is made of them, no script of theirs runs."""
    boss = person('admin')
    boss.login('admin', 'admin', redirect='/web')
    db = _db_name(boss)
    admin = Rpc(boss.base_url, db, 'admin')
    stamp = int(time.time() * 1000)
    task_id, _email = _plan_today(admin, 'E2E %s %d' % (HOSTILE, stamp))
    partner = admin('project.task', 'read', [task_id], ['partner_id'])[0]['partner_id'][0]
    ticket_id = admin('dsa.ticket', 'create', {
        'subject': 'E2E chiamata %d' % stamp, 'partner_id': partner,
        'description': 'Allarme %s di notte' % HOSTILE})
    admin('project.task', 'write', [task_id], {'dsa_ticket_id': ticket_id})

    marco = person('technician')
    page = marco.page
    page.set_viewport_size({'width': 390, 'height': 844})
    marco.login('marco.tecnico', 'marco.tecnico', redirect='/field')
    page.wait_for_selector('body[data-loaded="1"]')
    card = page.locator('.f-task[data-task="%d"]' % task_id)
    assert HOSTILE in card.inner_text(), 'the name is not shown as it was written'
    card.locator('a.f-name').click()
    page.wait_for_selector('#f-task-name')
    assert HOSTILE in page.inner_text('main'), 'the description is not shown as text'
    assert page.locator('main img[src="x"]').count() == 0, 'an element was made of the text'
    assert page.evaluate('window.__dsa_xss') is None, 'the text ran as a script'
    marco.shot('hostile-text')
