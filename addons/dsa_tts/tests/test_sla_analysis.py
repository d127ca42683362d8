"""Service-level compliance (issue 26): counts, median and 90th percentile in
working hours, for service managers; and the contract PDF states the
service level."""
from odoo.exceptions import AccessError
from odoo.tests.common import SavepointCase, at_install, post_install

from odoo.addons.dsa_tts.report.dsa_sla_analysis import percentile

from .sla_common import clock, make_sla_data, new_call


@at_install(False)
@post_install(True)
class TestSlaAnalysis(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super(TestSlaAnalysis, cls).setUpClass()
        make_sla_data(cls)
        # five normal calls opened Monday 2 November 9:00, answered after 1, 2,
        # 3, 4 (13:00 + 1 h of lunch) and 10 working hours (Tuesday 11:00)
        cls.calls = cls.env['dsa.ticket']
        answers = [(2026, 11, 2, 10, 0), (2026, 11, 2, 11, 0), (2026, 11, 2, 12, 0),
                   (2026, 11, 2, 14, 0), (2026, 11, 3, 11, 0)]
        for answer in answers:
            call = new_call(cls, (2026, 11, 2, 9, 0))
            with clock(*answer):
                call.action_sla_acknowledge()
            cls.calls |= call
        # the first one is solved in time, the last one breached its response
        with clock(2026, 11, 2, 16, 0):
            cls.calls[0].write({'stage_id': cls.stage_solved.id})
        with clock(2026, 11, 3, 12, 0) as now:
            cls.env['dsa.ticket']._cron_sla_escalation(now=now)

    def test_percentile(self):
        self.assertEqual(percentile([10, 1, 3, 2, 4], 50), 3)
        self.assertAlmostEqual(percentile([10, 1, 3, 2, 4], 90), 7.6)
        self.assertIsNone(percentile([], 50))

    def test_manager_reads_compliance(self):
        self.assertEqual(self.calls.mapped('sla_response_hours'), [1.0, 2.0, 3.0, 4.0, 10.0])
        Analysis = self.env['dsa.sla.analysis'].sudo(self.sla_manager)
        groups = Analysis.read_group(
            [('ticket_id', 'in', self.calls.ids)],
            ['nbr', 'met_count', 'breached_count', 'response_hours', 'response_p50',
             'response_p90', 'resolution_p50', 'priority'], ['priority'])
        self.assertEqual(len(groups), 1)
        group = groups[0]
        self.assertEqual(group['nbr'], 5)
        self.assertEqual(group['met_count'], 1)
        self.assertEqual(group['breached_count'], 1)
        self.assertEqual(group['response_hours'], 4.0)
        self.assertEqual(group['response_p50'], 3.0)
        self.assertEqual(group['response_p90'], 7.6)
        # only the solved call has a resolution time (9-12, 13-16: 6 working hours)
        self.assertEqual(group['resolution_p50'], 6.0)
        rows = Analysis.search([('ticket_id', 'in', self.calls.ids)])
        self.assertEqual(set(rows.mapped('user_id')), {self.sla_tech})

    def test_technician_reads_no_analysis(self):
        with self.assertRaises(AccessError):
            self.env['dsa.sla.analysis'].sudo(self.sla_tech).search([])

    def test_contract_pdf_states_the_service_level(self):
        contract = self.env['dsa.service.contract'].create({
            'partner_id': self.sla_customer.id, 'plant_ids': [(6, 0, self.sla_plant.ids)],
            'date_start': '2026-10-01', 'dsa_sla_policy_id': self.policy_gold.id})
        report = self.env.ref('dsa_tts.action_report_dsa_service_contract')
        html = report.render_qweb_html(contract.ids)[0].decode('utf-8')
        self.assertIn('o_dsa_contract_sla', html)
        self.assertIn('SLA gold', html)
        self.assertIn('8 working hours', html)
