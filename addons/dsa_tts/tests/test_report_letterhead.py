from odoo.exceptions import AccessError
from odoo.tests.common import at_install, post_install

from odoo.addons.dsa_base.tests.pdf import pdf_text

from .common import ServiceHttpCase


@at_install(False)
@post_install(True)
class TestInterventionReportLetterhead(ServiceHttpCase):
    """The intervention report printed from the backend (the report action, over
    real HTTP) carries the company letterhead and is the portal's PDF."""

    def setUp(self):
        super(TestInterventionReportLetterhead, self).setUp()
        self.manager.password = 'svc_manager'
        self.portal_a = self.portal_user('svc_portal_a')
        self.company = self.env.user.company_id
        self.company.write({'street': 'Via Letterhead 7', 'zip': '40100', 'city': 'Bologna'})
        action = self.ticket.action_plan_intervention()
        self.task = self.env['project.task'].browse(action['res_id'])
        self.task.write({'dsa_team_id': self.team_north.id,
                         'dsa_planned_start': '2026-11-02 08:00:00',
                         'dsa_planned_end': '2026-11-02 12:00:00',
                         'dsa_work_report': 'Panel checked.'})

    def _pdf(self, url):
        response = self.url_open(url, timeout=180)
        self.assertEqual(response.status_code, 200, url)
        self.assertTrue(response.content.startswith(b'%PDF'), url)
        return pdf_text(response.content, layout=True)

    def test_backend_print_has_letterhead_and_is_the_portal_pdf(self):
        self.authenticate('svc_manager', 'svc_manager')
        backend = self._pdf('/report/pdf/dsa_tts.report_dsa_intervention/%s' % self.task.id)
        header = backend.split('Intervention report')[0]
        self.assertIn(self.company.name, header)
        self.assertIn('Via Letterhead 7', header)
        self.assertIn('Bologna', header)
        self.assertIn(self.task.name, backend)
        self.login(self.portal_a)
        portal = self._pdf('/my/intervention/%s/report' % self.task.id)
        self.assertEqual(backend, portal)

    def test_backend_print_checks_access(self):
        """The PDF is rendered as superuser: who may not read the task gets no PDF."""
        other = self.env['res.partner'].create({'name': 'Otto Other', 'email': 'o@o.example.com'})
        outsider = self.env['res.users'].with_context(no_reset_password=True).create({
            'name': 'Otto Portal', 'login': 'svc_portal_b', 'partner_id': other.id,
            'groups_id': [(6, 0, [self.env.ref('base.group_portal').id])]})
        report = self.env.ref('dsa_tts.action_report_dsa_intervention')
        with self.assertRaises(AccessError):
            report.sudo(outsider).render_qweb_pdf(self.task.ids)
        pdf, kind = report.sudo(self.manager).render_qweb_pdf(self.task.ids)
        self.assertEqual(kind, 'pdf')
        self.assertIn(self.company.name, pdf_text(pdf, layout=True))
