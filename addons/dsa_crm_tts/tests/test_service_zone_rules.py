from odoo.exceptions import AccessError

from .common import DsaServiceZoneCase

KINDS = ('plant', 'component', 'ticket', 'task', 'event', 'contract', 'activity')
#: every way of reading a record that the tests try
DOORS = {'search', 'search_count', 'read', 'export_data', 'read_group', 'name_search'}


class TestServiceZoneRules(DsaServiceZoneCase):
    """Zones over the service side, through every door, as the real users."""

    def _model(self, user, record):
        # every RPC call starts with an empty cache
        self.env['res.users'].invalidate_cache()
        return self.env[record._name].sudo(user)

    @staticmethod
    def _answer(call):
        """What ``call`` returns, or False when it is refused with an AccessError."""
        try:
            return call()
        except AccessError:
            return False

    def doors(self, user, record):
        """The doors through which ``user`` reaches ``record``: all of DOORS
        when they see it, none when it is hidden from them."""
        Model = self._model(user, record)
        field = record._rec_name or 'name'
        groups = Model.read_group([('id', '=', record.id)], ['create_uid'], ['create_uid'])
        reached = {
            'search': record in Model.search([('id', '=', record.id)]),
            'search_count': Model.search_count([('id', '=', record.id)]) == 1,
            'read_group': bool(groups) and groups[0]['create_uid_count'] == 1,
            'read': bool(self._answer(lambda: record.sudo(user).read(['display_name']))),
        }
        self._model(user, record)
        exported = self._answer(lambda: record.sudo(user).export_data([field]))
        reached['export_data'] = bool(exported and exported['datas'])
        found = self._model(user, record).name_search(record[field], args=[], limit=1000)
        reached['name_search'] = record.id in [rid for rid, _n in found]
        return {door for door, yes in reached.items() if yes}

    def test_data_is_complete(self):
        for key in KINDS:
            self.assertTrue(self.svc_a[key], key)
            self.assertTrue(self.svc_b[key], key)
        self.assertEqual(self.svc_b['task'].dsa_zone_id, self.zone_sud)
        self.assertEqual(self.svc_b['event'].dsa_task_ids, self.svc_b['task'])

    def test_agent_sees_only_own_zone(self):
        for key in KINDS:
            self.assertEqual(self.doors(self.agent_a, self.svc_a[key]), DOORS, key)
            self.assertEqual(self.doors(self.agent_a, self.svc_b[key]), set(), key)

    def test_area_manager_sees_managed_zone_only(self):
        for key in KINDS:
            self.assertEqual(self.doors(self.manager, self.svc_a[key]), DOORS, key)
            self.assertEqual(self.doors(self.manager, self.svc_b[key]), set(), key)

    def test_technicians_see_all(self):
        for user in (self.technician, self.service_manager, self.agent_technician):
            for key in KINDS:
                self.assertEqual(self.doors(user, self.svc_a[key]), DOORS, key)
                self.assertEqual(self.doors(user, self.svc_b[key]), DOORS, key)

    def test_direction_sees_all(self):
        for key in KINDS:
            self.assertEqual(self.doors(self.direction, self.svc_b[key]), DOORS, key)

    def test_listing_as_agent(self):
        """The plant list of the agent (the Field Service > Plants page of the
        issue) shows no plant of another zone, nor a site or contact of it."""
        plants = self.env['dsa.plant'].sudo(self.agent_a).search_read(
            [('name', 'like', 'Zeta plant')], ['name', 'city', 'partner_id'])
        self.assertEqual([p['name'] for p in plants], ['Zeta plant A'])
        events = self.env['calendar.event'].sudo(self.agent_a).search(
            [('name', 'like', 'Zeta intervention')])
        self.assertEqual(events, self.svc_a['event'])
        # the attendees of an intervention's meeting follow the intervention's zone
        attendees = self.env['calendar.attendee'].sudo(self.agent_a).search(
            [('event_id', 'in', (self.svc_a['event'] | self.svc_b['event']).ids)])
        self.assertTrue(attendees)
        self.assertEqual(attendees.mapped('event_id'), self.svc_a['event'])
        acts = self.env['mail.activity'].sudo(self.agent_a).search(
            [('summary', 'like', 'Zeta activity')])
        self.assertEqual(acts, self.svc_a['activity'])

    def test_customer_changes_zone(self):
        """The stored zones follow the customer at once."""
        self.cust_b.write({'dsa_zone_id': self.zone_nord.id})
        for key in KINDS:
            self.assertEqual(self.doors(self.agent_a, self.svc_b[key]), DOORS, key)
        self.assertEqual(self.svc_b['task'].dsa_zone_id, self.zone_nord)

    def test_agents_read_only(self):
        with self.assertRaises(AccessError):
            self.svc_a['ticket'].sudo(self.agent_a).write({'subject': 'changed'})
        with self.assertRaises(AccessError):
            self.svc_a['contract'].sudo(self.agent_a).write({'labour_discount': 50})
        with self.assertRaises(AccessError):
            self.svc_a['plant'].sudo(self.agent_a).write({'name': 'changed'})

    def test_field_service_menu_for_technicians_only(self):
        root = self.env.ref('dsa_tts.dsa_tts_menu_root')
        Menu = self.env['ir.ui.menu']
        self.assertNotIn(root, Menu.sudo(self.agent_a).search([('id', '=', root.id)]))
        self.assertNotIn(root, Menu.sudo(self.direction).search([('id', '=', root.id)]))
        self.assertIn(root, Menu.sudo(self.technician).search([('id', '=', root.id)]))
        self.assertIn(root, Menu.sudo(self.service_manager).search([('id', '=', root.id)]))
