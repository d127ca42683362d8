from unittest.mock import patch

from odoo import SUPERUSER_ID, api
from odoo.tests.common import TransactionCase, at_install, post_install

TODAY = '2027-02-01'


@at_install(False)
@post_install(True)
class TestPreventiveConcurrency(TransactionCase):
    """The preventive cron with real transactions: two workers at once, and a
    crash in the middle of a run. The data is committed through cursors of
    their own (the test's cursor never commits) and deleted at the end."""

    def setUp(self):
        super(TestPreventiveConcurrency, self).setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            customer = env['res.partner'].create({'name': 'Concurrency Customer (test)',
                                                  'is_company': True})
            plants = env['dsa.plant'].create({'name': 'Conc plant A', 'partner_id': customer.id})
            plants |= env['dsa.plant'].create({'name': 'Conc plant B',
                                               'partner_id': customer.id})
            contracts = env['dsa.service.contract']
            for _i in range(4):
                contracts |= contracts.create({
                    'partner_id': customer.id, 'plant_ids': [(6, 0, plants.ids)],
                    'date_start': '2026-01-31', 'preventive_interval': 1,
                    'preventive_unit': 'months', 'state': 'running',
                    'next_preventive_date': '2027-01-31'})
            self.customer_id, self.plant_ids, self.ids = customer.id, plants.ids, contracts.ids
        self.addCleanup(self._cleanup)
        self.domain = [('id', 'in', self.ids)]

    def _cleanup(self):
        with self.registry.cursor() as cr:
            cr.execute('DELETE FROM project_task WHERE dsa_contract_id IN %s', (tuple(self.ids),))
            env = api.Environment(cr, SUPERUSER_ID, {})
            env['dsa.service.contract'].browse(self.ids).unlink()
            env['dsa.plant'].browse(self.plant_ids).unlink()
            env['res.partner'].browse(self.customer_id).unlink()

    def _counts(self):
        with self.registry.cursor() as cr:
            cr.execute("""SELECT count(*), count(DISTINCT (dsa_contract_id, dsa_plant_id,
                                                          dsa_preventive_date))
                            FROM project_task WHERE dsa_contract_id IN %s""", (tuple(self.ids),))
            total, distinct = cr.fetchone()
            cr.execute('SELECT count(*) FROM dsa_service_contract WHERE id IN %s '
                       "AND next_preventive_date = '2027-02-28'", (tuple(self.ids),))
            return total, distinct, cr.fetchone()[0]

    def test_two_workers_at_once(self):
        cr_a = self.registry.cursor()
        try:
            env_a = api.Environment(cr_a, SUPERUSER_ID, {})
            # worker A holds the first two contracts: locked, tasks inserted, not committed
            env_a['dsa.service.contract'].browse(self.ids[:2])._dsa_cron_batch(TODAY)
            # worker B runs the whole cron meanwhile and commits: it skips A's contracts
            with self.registry.cursor() as cr_b:
                env_b = api.Environment(cr_b, SUPERUSER_ID, {})
                env_b['dsa.service.contract']._cron_preventive_interventions(
                    today=TODAY, commit=True, batch_size=2, domain=self.domain)
            self.assertEqual(self._counts(), (4, 4, 2))
            cr_a.commit()
        finally:
            cr_a.close()
        # 4 contracts x 2 plants x 1 due date, each once, every contract advanced
        self.assertEqual(self._counts(), (8, 8, 4))

    def test_worker_with_an_old_snapshot(self):
        """B took its snapshot before A committed: locking a contract A advanced
        is a serialization failure, B retries the batch and creates nothing twice."""
        with self.registry.cursor() as cr_b:
            env_b = api.Environment(cr_b, SUPERUSER_ID, {})
            batch = env_b['dsa.service.contract'].browse(self.ids)
            self.assertEqual(len(set(batch.mapped('next_preventive_date'))), 1)  # snapshot taken
            with self.registry.cursor() as cr_a:
                env_a = api.Environment(cr_a, SUPERUSER_ID, {})
                env_a['dsa.service.contract']._cron_preventive_interventions(
                    today=TODAY, commit=True, domain=self.domain)
            self.assertEqual(self._counts(), (8, 8, 4))
            failed = env_b['dsa.service.contract']._dsa_cron_run_batch(batch, TODAY, True)
            self.assertFalse(failed)
        self.assertEqual(self._counts(), (8, 8, 4))

    def test_unique_key_without_the_lock(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            contracts = env['dsa.service.contract'].browse(self.ids)
            vals_list, _next = contracts._dsa_preventive_vals(TODAY)
            self.assertEqual(len(env['project.task']._dsa_create_preventive(vals_list)), 8)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            # the same rows again, as a worker that read the schedule too early
            self.assertFalse(env['project.task']._dsa_create_preventive(vals_list))
        self.assertEqual(self._counts()[:2], (8, 8))

    def test_crash_loses_at_most_the_running_batch(self):
        Contract = type(self.env['dsa.service.contract'])
        original = Contract._dsa_generate_preventive
        crash_id = self.ids[2]

        def crashing(records, today=None):
            if crash_id in records.ids:
                raise KeyboardInterrupt('worker killed')
            return original(records, today)

        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            with patch.object(Contract, '_dsa_generate_preventive', crashing):
                with self.assertRaises(KeyboardInterrupt):
                    env['dsa.service.contract']._cron_preventive_interventions(
                        today=TODAY, commit=True, batch_size=2, domain=self.domain)
            cr.rollback()  # the process dies: its open transaction is lost
        # the first batch was committed
        self.assertEqual(self._counts(), (4, 4, 2))
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env['dsa.service.contract']._cron_preventive_interventions(
                today=TODAY, commit=True, batch_size=2, domain=self.domain)
        self.assertEqual(self._counts(), (8, 8, 4))
