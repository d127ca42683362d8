from odoo.exceptions import ValidationError
from odoo.tests.common import SavepointCase, at_install, post_install


@at_install(False)
@post_install(True)
class HourPackageCase(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super(HourPackageCase, cls).setUpClass()
        Partner = cls.env['res.partner']
        cls.customer = Partner.create({'name': 'Gialli Srl', 'is_company': True,
                                       'email': 'ore@gialli.example.com'})
        cls.contact = Partner.create({'name': 'Anna Gialli', 'parent_id': cls.customer.id})
        cls.other = Partner.create({'name': 'Viola SpA', 'is_company': True,
                                    'email': 'ore@viola.example.com'})
        Project = cls.env['project.project']
        cls.project = Project.create({'name': 'Gialli support', 'partner_id': cls.customer.id})
        cls.internal = Project.create({'name': 'Internal work'})
        cls.other_project = Project.create({'name': 'Viola support',
                                            'partner_id': cls.other.id})
        Task = cls.env['project.task']
        cls.task = Task.create({'name': 'Gialli pipeline', 'project_id': cls.project.id})
        # a task of an internal project, for the customer's contact
        cls.task_contact = Task.create({'name': 'Gialli report', 'project_id': cls.internal.id,
                                        'partner_id': cls.contact.id})
        cls.other_task = Task.create({'name': 'Viola import',
                                      'project_id': cls.other_project.id})

    @classmethod
    def _log(cls, task, day, hours, name='work'):
        return cls.env['account.analytic.line'].create({
            'name': name, 'project_id': task.project_id.id, 'task_id': task.id,
            'date': day, 'unit_amount': hours, 'user_id': cls.env.uid})

    @classmethod
    def _package(cls, partner, month, hours):
        return cls.env['dsa.hour.package'].create({
            'partner_id': partner.id, 'period_start': month, 'package_hours': hours})


class TestHourPackage(HourPackageCase):

    def test_consumption_and_overuse(self):
        pkg = self._package(self.customer, '2026-03-01', '20')
        self.assertEqual(pkg.hours_included, 20)
        self.assertEqual(pkg.period_end, '2026-03-31')
        self._log(self.task, '2026-03-02', 12)
        self._log(self.task_contact, '2026-03-31', 5.5)
        self._log(self.task, '2026-02-28', 7)         # other month
        self._log(self.task, '2026-04-01', 7)         # other month
        self._log(self.other_task, '2026-03-10', 9)   # other customer
        pkg.invalidate_cache()
        self.assertEqual(pkg.hours_used, 17.5)
        self.assertEqual(pkg.hours_left, 2.5)
        self.assertFalse(pkg.is_overused)
        self.assertEqual(pkg.overuse_amount, 0)
        self._log(self.task, '2026-03-20', 6.5)
        pkg.invalidate_cache()
        self.assertEqual(pkg.hours_used, 24)
        self.assertEqual(pkg.hours_left, 0)
        self.assertTrue(pkg.is_overused)
        self.assertEqual(pkg.overuse_hours, 4)
        self.assertEqual(pkg.day_rate, 560)
        self.assertEqual(pkg.overuse_amount, 4 / 8.0 * 560)
        summary = pkg._task_summary(self.env['account.analytic.line'].search(
            pkg._timesheet_domain()))
        self.assertEqual([(e['task'], e['hours']) for e in summary],
                         [('Gialli pipeline', 18.5), ('Gialli report', 5.5)])

    def test_expiry(self):
        pkg = self._package(self.customer, '2026-03-01', '40')
        current = self._package(self.customer, '2026-04-01', '20')
        self._log(self.task, '2026-03-05', 15)
        Package = self.env['dsa.hour.package']
        self.assertFalse(Package._cron_expire_packages(date='2026-03-31'))
        self.assertEqual(pkg.state, 'running')
        done = Package._cron_expire_packages(date='2026-04-01')
        self.assertEqual(done, pkg)
        self.assertEqual(pkg.state, 'expired')
        self.assertEqual(pkg.expired_hours, 25)
        self.assertEqual(pkg.hours_used_at_expiry, 15)
        self.assertEqual(current.state, 'running')
        self.assertIn('25.00 hours expired', pkg.message_ids[0].body)
        # run again: nothing more expires, the figures stay
        self.assertFalse(Package._cron_expire_packages(date='2026-04-02') & pkg)
        self.assertEqual(pkg.expired_hours, 25)

    def test_expiry_of_overused_package(self):
        pkg = self._package(self.customer, '2026-03-01', '20')
        self._log(self.task, '2026-03-05', 30)
        pkg.action_expire()
        self.assertEqual(pkg.expired_hours, 0)
        self.assertEqual(pkg.overuse_amount, 10 / 8.0 * 560)

    def test_expiry_cron_record(self):
        cron = self.env.ref('dsa_pricing.ir_cron_hour_package_expiry')
        self.assertEqual(cron.code.strip(), 'model._cron_expire_packages()')
        pkg = self._package(self.customer, '2020-01-01', '80')
        cron.method_direct_trigger()
        self.assertEqual(pkg.state, 'expired')
        self.assertEqual(pkg.expired_hours, 80)

    def test_constraints(self):
        self._package(self.customer, '2026-03-01', '20')
        with self.assertRaises(Exception):
            with self.cr.savepoint():
                self._package(self.customer, '2026-03-01', '40')
        with self.assertRaisesRegex(ValidationError, 'first day'):
            with self.cr.savepoint():
                self._package(self.customer, '2026-05-02', '40')

    def test_weekly_report(self):
        pkg = self._package(self.customer, '2026-03-01', '20')
        self._package(self.other, '2026-03-01', '40')
        self._log(self.task, '2026-03-09', 3, name='Configured the pipeline stages')
        self._log(self.task, '2026-03-13', 2, name='Call with the sales manager')
        self._log(self.task, '2026-03-02', 4, name='Earlier week')
        Mail = self.env['mail.mail']
        before = Mail.search([])
        sent = self.env['dsa.hour.package']._cron_send_weekly_reports(date='2026-03-16')
        self.assertIn(pkg, sent)
        mails = Mail.search([]) - before
        mail = mails.filtered(lambda m: self.customer in m.recipient_ids)
        self.assertEqual(len(mail), 1)
        self.assertIn('2026-03-09', mail.subject)
        self.assertIn('Configured the pipeline stages', mail.body_html)
        self.assertIn('Call with the sales manager', mail.body_html)
        self.assertNotIn('Earlier week', mail.body_html)
        self.assertIn('Hours this week: <strong>5.00', mail.body_html)
        self.assertIn('Hours left: <strong>11.00', mail.body_html)
        other_mail = mails.filtered(lambda m: self.other in m.recipient_ids)
        self.assertIn('No work was logged this week', other_mail.body_html)
