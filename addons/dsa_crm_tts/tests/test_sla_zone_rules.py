"""Service-level compliance follows the zones (issue 26): an agent reads the
compliance of the calls of their zones only, through every door; medians
and percentiles are computed over those calls only."""
from odoo.exceptions import AccessError

from odoo.addons.dsa_tts.tests.sla_common import clock

from .common import DsaServiceZoneCase


class TestSlaZoneRules(DsaServiceZoneCase):

    @classmethod
    def setUpClass(cls):
        super(TestSlaZoneRules, cls).setUpClass()
        cls.rows = {}
        for key, hours in (('a', 1), ('b', 3)):
            ticket = getattr(cls, 'svc_%s' % key)['ticket']
            # opened Monday 2 November 9:00 Rome, answered ``hours`` later
            # (its intervention was planned in the set-up: that response is dropped)
            ticket._dsa_action_write({'sla_responded_date': False})
            with clock(2026, 11, 2, 9, 0) as now:
                ticket._dsa_sla_open(now)
            with clock(2026, 11, 2, 9 + hours, 0):
                ticket._dsa_sla_mark(responded=True)
            cls.rows[key] = cls.env['dsa.sla.analysis'].browse(ticket.id)

    def _analysis(self, user):
        self.env['res.users'].invalidate_cache()
        return self.env['dsa.sla.analysis'].sudo(user)

    def test_agent_sees_own_zone_only(self):
        row_a, row_b = self.rows['a'], self.rows['b']
        ids = (row_a | row_b).ids
        Analysis = self._analysis(self.agent_a)
        self.assertEqual(Analysis.search([('id', 'in', ids)]).ids, [row_a.id])
        self.assertTrue(row_a.sudo(self.agent_a).read(['response_hours']))
        with self.assertRaises(AccessError):
            row_b.sudo(self.agent_a).read(['response_hours'])
        self._analysis(self.agent_a)
        with self.assertRaises(AccessError):
            row_b.sudo(self.agent_a).export_data(['response_hours'])
        groups = self._analysis(self.agent_a).read_group(
            [('id', 'in', ids)], ['nbr', 'response_p50', 'response_p90'], [])
        self.assertEqual(groups[0]['nbr'], 1)
        self.assertEqual(groups[0]['response_p50'], 1.0)
        self.assertEqual(groups[0]['response_p90'], 1.0)
        found = self._analysis(self.agent_a).name_search(row_b.ticket_id.name)
        self.assertNotIn(row_b.id, [rid for rid, _n in found])

    def test_service_manager_sees_every_zone(self):
        ids = (self.rows['a'] | self.rows['b']).ids
        groups = self._analysis(self.service_manager).read_group(
            [('id', 'in', ids)], ['nbr', 'response_p50', 'response_p90'], [])
        self.assertEqual(groups[0]['nbr'], 2)
        self.assertEqual(groups[0]['response_p50'], 2.0)
        self.assertEqual(groups[0]['response_p90'], 2.8)
