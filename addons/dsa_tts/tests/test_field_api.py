"""The field app's JSON API (issue 25, /work/field-contract.md) as its real
users: technicians logged in over real HTTP JSON-RPC, and the portal user and
the sales agent who must be refused. The day's payload, each operation of the
sync once, replays, operations on interventions not assigned or signed, and
the access key; the day's query count does not grow with the interventions."""
from datetime import datetime, timedelta

from odoo import fields
from odoo.tests.common import at_install, post_install

from odoo.addons.dsa_base.tests.common import server_url

from .common import PNG_B64, ServiceCase, ServiceHttpCase, done_intervention

PRICE_WORDS = ('price', 'cost', 'amount', 'margin')


def _when(days=0, hour=8):
    """A UTC time string ``days`` from today at ``hour``."""
    day = datetime.utcnow().replace(hour=hour, minute=0, second=0, microsecond=0)
    return fields.Datetime.to_string(day + timedelta(days=days))


def make_intervention(case, name, team=None, user=None, days=0, planned=True):
    """An intervention on the test plant: planned (status written as the Plan
    button writes it, without the calendar) ``days`` from today, or a draft."""
    env = case.env
    values = {'name': name, 'project_id': env['project.project']._dsa_field_service_project().id,
              'dsa_plant_id': case.plant.id, 'partner_id': case.contact.id,
              'dsa_team_id': team.id if team else False, 'user_id': user.id if user else False}
    if planned:
        values.update(dsa_planned_start=_when(days, 8), dsa_planned_end=_when(days, 10))
    task = env['project.task'].create(values)
    if planned:
        task._dsa_action_write({'dsa_state': 'planned'})
    return task


def all_keys(value):
    """Every key of the nested dicts of a JSON value."""
    if isinstance(value, dict):
        keys = set(value)
        for item in value.values():
            keys |= all_keys(item)
        return keys
    if isinstance(value, list):
        return set().union(*[all_keys(item) for item in value]) if value else set()
    return set()


@at_install(False)
@post_install(True)
class TestFieldApi(ServiceHttpCase):

    def setUp(self):
        super(TestFieldApi, self).setUp()
        for user in (self.tech1, self.tech2, self.tech3):
            user.write({'password': user.login})
        self.employee2 = self.env['hr.employee'].create({
            'name': 'Tecnica Tina', 'user_id': self.tech2.id})
        # tech1: own (south team, but its user), the north team's, overdue, unplanned
        self.own = make_intervention(self, 'Own job', self.team_south, self.tech1)
        self.team_job = make_intervention(self, 'Team job', self.team_north, self.tech2, days=1)
        self.overdue = make_intervention(self, 'Overdue job', self.team_north, days=-1)
        self.unplanned = make_intervention(self, 'Unplanned job', self.team_north, planned=False)
        self.later = make_intervention(self, 'Later job', self.team_north, days=10)
        self.other = make_intervention(self, 'Ugo job', self.team_south, self.tech3)
        self.component = self.old_detector
        self.Op = self.env['dsa.field.op']
        # A float field's digits are read through registry.cursor() the first
        # time (decimal.precision, cached): in tests that is the test cursor,
        # and leaving it commits it, which ends the savepoint of the op being
        # synced. A server has its own cursor there: warm the cache here.
        Precision = self.env['decimal.precision']
        for name in Precision.search([]).mapped('name'):
            Precision.precision_get(name)

    # ------------------------------------------------------------------ helpers
    def call(self, path, **params):
        """POST a JSON-RPC call to ``path`` as the logged-in user; its body."""
        self.env.cr.commit()  # pylint: disable=invalid-commit
        response = self.opener.post(server_url(path), timeout=90, json={
            'jsonrpc': '2.0', 'method': 'call', 'params': params})
        self.env.cache.invalidate()
        self.assertEqual(response.status_code, 200, response.text[:500])
        return response.json()

    def result(self, path, **params):
        body = self.call(path, **params)
        self.assertNotIn('error', body, body.get('error'))
        return body['result']

    def sync(self, *ops):
        return self.result('/field/api/sync', ops=list(ops))

    def op(self, op_id, op_type, task, **data):
        return {'id': op_id, 'type': op_type, 'task_id': task.id,
                'at': fields.Datetime.now(), 'data': data}

    def counts(self, task):
        """Rows an op could write on ``task``."""
        return (self.env['account.analytic.line'].search_count([('task_id', '=', task.id)]),
                self.env['dsa.intervention.material'].search_count([('task_id', '=', task.id)]),
                self.env['ir.attachment'].search_count([('res_model', '=', 'project.task'),
                                                        ('res_id', '=', task.id)]),
                len(task.message_ids), task.dsa_work_report or '', task.dsa_state)

    # ------------------------------------------------------------------ day
    def test_day_own_and_team_not_others_with_flags_and_no_prices(self):
        self.login(self.tech1)
        day = self.result('/field/api/day', days=7)
        by_id = {item['id']: item for item in day['interventions']}
        for task in (self.own, self.team_job, self.overdue, self.unplanned):
            self.assertIn(task.id, by_id, task.name)
        self.assertNotIn(self.other.id, by_id, 'another team\'s job reached tech1')
        self.assertNotIn(self.later.id, by_id, 'a job beyond 7 days')
        self.assertTrue(by_id[self.overdue.id]['overdue'])
        self.assertFalse(by_id[self.own.id]['overdue'])
        self.assertTrue(by_id[self.unplanned.id]['unplanned'])
        self.assertFalse(by_id[self.team_job.id]['unplanned'])
        # planned ones by start, unplanned last
        ids = [item['id'] for item in day['interventions']]
        self.assertEqual(ids[-1], self.unplanned.id)
        self.assertLess(ids.index(self.overdue.id), ids.index(self.own.id))
        item = by_id[self.own.id]
        self.assertEqual(item['customer']['name'], 'Service Customer Spa')
        self.assertEqual(item['customer']['contact'], 'Carla Contact')
        self.assertIn('Modena', item['customer']['address'])
        self.assertTrue(item['customer']['maps_url'].startswith(
            'https://www.google.com/maps/search/?api=1&query='))
        self.assertEqual(item['plant_id'], self.plant.id)
        self.assertEqual(item['state'], 'planned')
        self.assertTrue(item['signable'])
        self.assertIs(item['sign_mode'], getattr(self.own, 'dsa_sign_mode', False))
        plant = day['plants'][str(self.plant.id)]
        self.assertEqual({c['serial'] for c in plant['components']}, {'FP-OLD', 'SD-1'})
        self.assertIn(self.detector.id, [p['id'] for p in day['products']])
        self.assertEqual(day['user']['id'], self.tech1.id)
        priced = {key for key in all_keys(day) if any(w in key for w in PRICE_WORDS)}
        self.assertFalse(priced, 'price or cost keys in the payload: %s' % priced)
        # the range is clamped (1..14): 14 days shows the later job too
        day = self.result('/field/api/day', days=99)
        self.assertEqual(day['days'], 14)
        self.assertIn(self.later.id, [i['id'] for i in day['interventions']])

    def test_day_has_the_call_photos_then_the_intervention_photos(self):
        """The customer's photos of the service call come with the intervention
        (first), then those the technician took; a document is not a photo."""
        self.own.dsa_ticket_id = self.ticket
        Attachment = self.env['ir.attachment']
        call_photo = Attachment.create({
            'name': 'leak.png', 'datas': PNG_B64, 'datas_fname': 'leak.png',
            'res_model': 'dsa.ticket', 'res_id': self.ticket.id})
        Attachment.create({
            'name': 'order.txt', 'datas': 'aGVsbG8=', 'datas_fname': 'order.txt',
            'res_model': 'dsa.ticket', 'res_id': self.ticket.id})
        own_photo = Attachment.create({
            'name': 'after.png', 'datas': PNG_B64, 'datas_fname': 'after.png',
            'res_model': 'project.task', 'res_id': self.own.id})
        self.login(self.tech1)
        day = self.result('/field/api/day', days=7)
        by_id = {item['id']: item for item in day['interventions']}
        photos = by_id[self.own.id]['photos']
        self.assertEqual([(p['id'], p['call']) for p in photos],
                         [(call_photo.id, True), (own_photo.id, False)])
        self.assertEqual(by_id[self.team_job.id]['photos'], [])

    def test_products_search_without_prices(self):
        self.login(self.tech1)
        found = self.result('/field/api/products', q='Smoke', limit=5)
        self.assertEqual([p['id'] for p in found], [self.detector.id])
        self.assertEqual(set(found[0]), {'id', 'name', 'code', 'uom'})

    # ------------------------------------------------------------------ sync
    def test_each_op_once_then_replay_changes_nothing(self):
        task = self.own
        self.login(self.tech1)
        start = fields.Datetime.to_string(datetime.utcnow() - timedelta(hours=2))
        stop = fields.Datetime.to_string(datetime.utcnow() - timedelta(minutes=30))
        ops = [
            self.op('op-start-0001', 'work_start', task),
            self.op('op-stop-00001', 'work_stop', task, started_at=start, stopped_at=stop,
                    description='Checked the panel'),
            self.op('op-activity-1', 'activity', task, text='Replaced the detector'),
            self.op('op-material-1', 'material', task, action='replaced',
                    product_id=self.detector.id, quantity=1, component_id=self.component.id,
                    serial='SD-NEW'),
            self.op('op-material-2', 'material', task, action='installed',
                    product_id=self.siren.id, quantity=1),
            self.op('op-photo-0001', 'photo', task, name='panel.png', mimetype='image/png',
                    data=PNG_B64),
            self.op('op-note-00001', 'note', task, text='Customer asks for a call back'),
        ]
        answer = self.sync(*ops)
        self.assertEqual([r['status'] for r in answer['results']], ['done'] * 7,
                         answer['results'])
        siren_line = answer['results'][4]['result']['material_id']
        answer2 = self.sync(
            self.op('op-matdel-001', 'material_delete', task, material_id=siren_line),
            self.op('op-close-0001', 'close', task))
        self.assertEqual([r['status'] for r in answer2['results']], ['done', 'done'],
                         answer2['results'])
        # the effects, as the backend records them
        line = self.env['account.analytic.line'].search([('task_id', '=', task.id)])
        self.assertEqual(len(line), 1)
        self.assertEqual(line.employee_id, self.employee1)
        self.assertEqual(line.user_id, self.tech1)
        self.assertEqual(line.project_id, task.project_id)
        self.assertEqual(line.account_id, task.project_id.analytic_account_id)
        self.assertAlmostEqual(line.unit_amount, 1.5, places=2)
        self.assertEqual(line.name, 'Checked the panel')
        self.assertIn('Replaced the detector', task.dsa_work_report)
        material = task.dsa_material_ids
        self.assertEqual(len(material), 1, 'the siren line was deleted')
        self.assertEqual((material.action, material.product_id, material.component_id),
                         ('replaced', self.detector, self.component))
        self.assertTrue(material.applied, 'closing applied it to the plant')
        self.assertEqual(self.component.date_removed, fields.Date.context_today(task))
        photo = self.env['ir.attachment'].search([('res_model', '=', 'project.task'),
                                                  ('res_id', '=', task.id),
                                                  ('name', '=', 'panel.png')])
        self.assertEqual(photo.mimetype, 'image/png')
        self.assertTrue(task.message_ids.filtered(
            lambda m: 'Customer asks for a call back' in (m.body or '')))
        self.assertEqual(task.dsa_state, 'done')
        item = [i for i in answer2['interventions'] if i['id'] == task.id][0]
        self.assertEqual(item['state'], 'done')
        self.assertEqual(self.Op.search_count([('user_id', '=', self.tech1.id)]), 9)
        # replay everything: duplicates, with the first answers, nothing done twice
        before = self.counts(task)
        replay = self.sync(*ops)
        self.assertEqual([r['status'] for r in replay['results']], ['duplicate'] * 7)
        self.assertEqual(replay['results'][4]['result']['material_id'], siren_line)
        self.assertEqual(self.counts(task), before)
        self.assertEqual(self.Op.search_count([('user_id', '=', self.tech1.id)]), 9)

    def test_op_on_intervention_not_assigned_is_refused_and_nothing_written(self):
        self.login(self.tech1)
        before = self.counts(self.other)
        start = fields.Datetime.to_string(datetime.utcnow() - timedelta(hours=1))
        answer = self.sync(
            self.op('steal-000001', 'work_stop', self.other, started_at=start,
                    stopped_at=fields.Datetime.now()),
            self.op('steal-000002', 'material', self.other, action='removed',
                    component_id=self.component.id),
            self.op('steal-000003', 'activity', self.other, text='was here'),
            self.op('steal-000004', 'close', self.other))
        for result in answer['results']:
            self.assertEqual(result['status'], 'refused')
            self.assertIn('Ugo job', result['message'])
            self.assertIn('not assigned', result['message'])
        self.assertEqual(self.counts(self.other), before)
        self.assertEqual(answer['interventions'], [])
        logged = self.Op.search([('op_id', 'like', 'steal-')])
        self.assertEqual(set(logged.mapped('status')), {'refused'})
        self.assertEqual(len(logged), 4, 'refused ops are logged too')

    def test_op_id_of_another_user_is_refused(self):
        self.login(self.tech1)
        self.assertEqual(self.sync(self.op('shared-id-01', 'activity', self.team_job,
                                           text='tech1 did it'))['results'][0]['status'],
                         'done')
        self.login(self.tech2)
        answer = self.sync(self.op('shared-id-01', 'activity', self.team_job,
                                   text='tech2 replays it'))
        self.assertEqual(answer['results'][0]['status'], 'refused')
        self.assertIn('another user', answer['results'][0]['message'])
        self.assertNotIn('tech2 replays it', self.team_job.dsa_work_report)
        self.assertEqual(self.Op.search([('op_id', '=', 'shared-id-01')]).user_id, self.tech1)

    def test_signed_intervention_refuses_material_and_time(self):
        task = done_intervention(self)   # north team: tech1 is a member
        task._dsa_signoff_write({'dsa_report_state': 'signed', 'dsa_signed_by': 'Carla',
                                 'dsa_signed_on': fields.Datetime.now()})
        self.login(self.tech1)
        before = self.counts(task)
        start = fields.Datetime.to_string(datetime.utcnow() - timedelta(hours=1))
        answer = self.sync(
            self.op('signed-00001', 'material', task, action='installed',
                    product_id=self.siren.id, quantity=1),
            self.op('signed-00002', 'work_stop', task, started_at=start,
                    stopped_at=fields.Datetime.now()),
            self.op('signed-00003', 'activity', task, text='after the signature'))
        for result in answer['results']:
            self.assertEqual(result['status'], 'refused', result)
            self.assertIn('signed', result['message'])
            self.assertIn(task.name, result['message'])
        self.assertEqual(self.counts(task), before)

    def test_one_bad_op_among_good_ones(self):
        self.login(self.tech1)
        task = self.own
        answer = self.sync(
            self.op('good-000001', 'activity', task, text='first'),
            self.op('bad-0000001', 'material', task, action='installed',
                    product_id=self.siren.id, quantity=-2),
            self.op('bad-0000002', ['teleport'], task),
            {'id': 'bad-0000003', 'type': 'note', 'data': {'text': 'no task'}},
            {'id': 'x', 'type': 'note', 'task_id': task.id, 'data': {'text': 'short id'}},
            self.op('bad-0000004', 'work_stop', task, started_at='yesterday',
                    stopped_at=fields.Datetime.now()),
            self.op('good-000002', 'note', task, text='second'),
            self.op('bad-0000005', 'work_stop', task,
                    started_at=fields.Datetime.to_string(datetime.utcnow() - timedelta(hours=17)),
                    stopped_at=fields.Datetime.now()),
            self.op('bad-0000006', 'work_stop', task, started_at=fields.Datetime.now(),
                    stopped_at=fields.Datetime.to_string(datetime.utcnow() + timedelta(hours=1))),
            self.op('bad-0000007', 'photo', task, name='x.png', mimetype='image/png',
                    data='bm90IGFuIGltYWdl'))
        statuses = [r['status'] for r in answer['results']]
        self.assertEqual(statuses, ['done', 'refused', 'refused', 'refused', 'refused',
                                    'refused', 'done', 'refused', 'refused', 'refused'])
        messages = [r['message'] for r in answer['results']]
        self.assertIn('bad-0000001', messages[1])
        self.assertIn('"quantity"', messages[1])
        self.assertIn('"type"', messages[2])
        self.assertIn('"task_id"', messages[3])
        self.assertIn('"id"', messages[4])
        self.assertIn('"started_at"', messages[5])
        self.assertIn('at most 16 hours', messages[7])
        self.assertIn('"stopped_at" is in the future', messages[8])
        self.assertIn('not an image of type image/png', messages[9])
        self.assertFalse(self.env['account.analytic.line'].search([('task_id', '=', task.id)]))
        self.assertFalse(self.env['ir.attachment'].search([('res_model', '=', 'project.task'),
                                                           ('res_id', '=', task.id)]))
        self.assertIn('first', task.dsa_work_report)
        self.assertFalse(task.dsa_material_ids)
        self.assertTrue(task.message_ids.filtered(lambda m: 'second' in (m.body or '')))

    # ------------------------------------------------------------------ access
    def test_portal_user_and_sales_agent_are_refused(self):
        portal = self.portal_user('field_portal')
        agent_group = (self.env.ref('dsa_crm.group_agent', raise_if_not_found=False)
                       or self.env.ref('sales_team.group_sale_salesman',
                                       raise_if_not_found=False)
                       or self.env.ref('base.group_user'))
        agent = self.make_user('field_agent', [agent_group, 'base.group_user'])
        if 'dsa_require_device' in agent.groups_id._fields:
            # dsa_auth_device ends an agent's session without a registered device:
            # lift that here, what is tested is the field API's own refusal
            agent.groups_id.write({'dsa_require_device': False})
            self.registry.clear_caches()
        for user in (portal, agent):
            self.login(user)
            for path, params in (('/field/api/day', {}),
                                 ('/field/api/products', {'q': 'Smoke'}),
                                 ('/field/api/access_key', {'component_id': self.component.id}),
                                 ('/field/api/sync', {'ops': [self.op(
                                     'intruder-001', 'activity', self.own, text='hi')]})):
                body = self.call(path, **params)
                self.assertIn('error', body, '%s reached %s' % (user.login, path))
                self.assertEqual(body['error']['data']['name'],
                                 'odoo.exceptions.AccessError', (user.login, path, body))
        self.assertFalse(self.Op.search([('op_id', '=', 'intruder-001')]))
        self.assertNotIn('hi', self.own.dsa_work_report or '')

    def test_access_key_revealed_and_logged_refused_like_the_backend(self):
        self.component.sudo(self.tech2).write({'access_key': 'PIN-1234'})
        Log = self.env['dsa.access.key.log']
        self.login(self.tech1)
        self.assertEqual(self.result('/field/api/access_key',
                                     component_id=self.component.id), {'key': 'PIN-1234'})
        logs = Log.search([('component_id', '=', self.component.id), ('action', '=', 'reveal')])
        self.assertEqual(logs.user_id, self.tech1)
        # a technician of another company: the backend's rule refuses the component
        company = self.env['res.company'].create({'name': 'Other service company'})
        stranger = self.make_user('field_stranger', ['dsa_tts.group_technician'],
                                  company_id=company.id, company_ids=[(6, 0, company.ids)])
        self.login(stranger)
        body = self.call('/field/api/access_key', component_id=self.component.id)
        self.assertEqual(body['error']['data']['name'], 'odoo.exceptions.AccessError')
        self.assertNotIn('PIN-1234', str(body))
        self.assertEqual(Log.search_count([('component_id', '=', self.component.id),
                                           ('action', '=', 'reveal')]), 1)


@at_install(False)
@post_install(True)
class TestFieldDayQueries(ServiceCase):
    """The day's payload reads every model in batches: as many queries for 50
    interventions as for 5."""

    def _day_queries(self, count):
        for index in range(count):
            task = make_intervention(self, 'Batch %s-%d' % (count, index), self.team_north,
                                     self.tech1 if index % 2 else None, days=index % 5)
            self.env['dsa.intervention.material'].create({
                'task_id': task.id, 'action': 'installed', 'product_id': self.siren.id})
            self.env['account.analytic.line'].create({
                'name': 'work', 'task_id': task.id, 'project_id': task.project_id.id,
                'employee_id': self.employee1.id, 'unit_amount': 1.0})
            self.env['ir.attachment'].create({
                'name': 'p.png', 'datas': PNG_B64, 'datas_fname': 'p.png',
                'mimetype': 'image/png', 'res_model': 'project.task', 'res_id': task.id})
        Task = self.env['project.task'].sudo(self.tech1)
        Task._dsa_field_day(7)             # warm the caches of rules and translations
        self.env.cache.invalidate()
        before = self.env.cr.sql_log_count
        day = Task._dsa_field_day(7)
        queries = self.env.cr.sql_log_count - before
        return queries, day

    def test_same_queries_for_5_and_50_interventions(self):
        queries5, day5 = self._day_queries(5)
        self.assertEqual(len(day5['interventions']), 5)
        # 45 more: 50 in all
        queries50, day50 = self._day_queries(45)
        self.assertEqual(len(day50['interventions']), 50)
        self.assertEqual(len(day50['interventions'][0]['materials']), 1)
        self.assertEqual(queries50, queries5)
