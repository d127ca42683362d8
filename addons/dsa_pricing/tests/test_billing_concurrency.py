from odoo import api
from odoo.tests.common import TransactionCase, at_install, post_install


@at_install(False)
@post_install(True)
class TestConcurrentRuns(TransactionCase):
    """Two monthly runs at the same time, each in its own transaction
    (real separate cursors, hence committed data, cleaned up at the end):
    every period is billed once, by one of them."""

    def setUp(self):
        super(TestConcurrentRuns, self).setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, self.uid, {})
            partner = env['res.partner'].create({
                'name': 'Concorrenza Srl (test)', 'is_company': True,
                'email': 'conti@concorrenza.example.com'})
            self.licence_id = env['dsa.licence.subscription'].create({
                'partner_id': partner.id, 'product_code': 'crm', 'users': 3,
                'date_start': '2026-01-01'}).id
            self.package_id = env['dsa.hour.package.subscription'].create({
                'partner_id': partner.id, 'package_hours': '20', 'monthly_price': 1300,
                'date_start': '2026-01-01'}).id
            self.partner_id = partner.id
            cr.commit()  # pylint: disable=invalid-commit
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        # posted invoices cannot be deleted through the ORM: remove what the
        # runs committed with SQL, then the records through the ORM
        with self.registry.cursor() as cr:
            cr.execute("SELECT id, move_id FROM account_invoice WHERE partner_id = %s",
                       (self.partner_id,))
            rows = cr.fetchall()
            invoice_ids = tuple(r[0] for r in rows) or (0,)
            move_ids = tuple(r[1] for r in rows if r[1]) or (0,)
            cr.execute("DELETE FROM dsa_hour_package WHERE subscription_id = %s",
                       (self.package_id,))
            cr.execute("DELETE FROM dsa_licence_subscription_period "
                       "WHERE subscription_id = %s", (self.licence_id,))
            cr.execute("DELETE FROM account_invoice WHERE id IN %s", (invoice_ids,))
            cr.execute("DELETE FROM account_move_line WHERE move_id IN %s", (move_ids,))
            cr.execute("DELETE FROM account_move WHERE id IN %s", (move_ids,))
            cr.execute("DELETE FROM mail_message WHERE model = 'account.invoice' "
                       "AND res_id IN %s", (invoice_ids,))
            cr.execute("DELETE FROM mail_followers WHERE res_model = 'account.invoice' "
                       "AND res_id IN %s", (invoice_ids,))
            env = api.Environment(cr, self.uid, {})
            env['dsa.licence.subscription'].browse(self.licence_id).unlink()
            env['dsa.hour.package.subscription'].browse(self.package_id).unlink()
            env['res.partner'].browse(self.partner_id).unlink()
            cr.commit()  # pylint: disable=invalid-commit

    def _run(self, env, date):
        return (env['dsa.licence.subscription']._cron_invoice_subscriptions(date=date)
                | env['dsa.hour.package.subscription']._cron_bill_packages(date=date))

    def _count(self):
        with self.registry.cursor() as cr:
            cr.execute("SELECT origin FROM account_invoice WHERE partner_id = %s "
                       "ORDER BY origin", (self.partner_id,))
            return [r[0] for r in cr.fetchall()]

    def test_two_runs_at_once_and_a_stale_run(self):
        # 1. both runs work at the same time: the second finds the rows
        #    locked by the first and skips them
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            env1 = api.Environment(cr1, self.uid, {})
            env2 = api.Environment(cr2, self.uid, {})
            first = self._run(env1, '2026-02-01')
            second = self._run(env2, '2026-02-01')
            # licence January + package January + package February
            self.assertEqual(len(first), 3)
            self.assertFalse(second)
            cr1.commit()
            cr2.commit()
        origins = self._count()
        self.assertEqual(len(origins), 3)
        self.assertEqual(len(set(origins)), 3)
        # 2. a run whose snapshot predates the other's commit: it still sees
        #    the months as due, and skips them on the serialization failure
        with self.registry.cursor() as cr3, self.registry.cursor() as cr4:
            env3 = api.Environment(cr3, self.uid, {})
            env4 = api.Environment(cr4, self.uid, {})
            env4['dsa.licence.subscription'].search_count([])   # takes the snapshot
            self.assertEqual(len(self._run(env3, '2026-03-01')), 2)
            cr3.commit()
            self.assertFalse(self._run(env4, '2026-03-01'))
            cr4.commit()
        origins = self._count()
        self.assertEqual(len(origins), 5)
        self.assertEqual(len(set(origins)), 5)
        # 3. run again after both: nothing new
        with self.registry.cursor() as cr5:
            self.assertFalse(self._run(api.Environment(cr5, self.uid, {}), '2026-03-01'))
            cr5.commit()
        self.assertEqual(len(self._count()), 5)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, self.uid, {})
            licence = env['dsa.licence.subscription'].browse(self.licence_id)
            package = env['dsa.hour.package.subscription'].browse(self.package_id)
            self.assertEqual(licence.last_invoiced_period, '2026-02-01')
            self.assertEqual(package.last_billed_month, '2026-03-01')
            self.assertEqual(len(licence.period_ids), 2)
            self.assertEqual(len(package.month_ids), 3)
