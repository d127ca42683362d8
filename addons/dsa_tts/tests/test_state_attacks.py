from odoo.exceptions import AccessError

from odoo.addons.dsa_base.tests.common import RpcCase

from .common import PNG_B64, ServiceCase, make_service_data


class TestStateAttacks(ServiceCase):
    """States and what the actions record move through the actions only
    (issue 23): a direct write or create is refused to whoever may not run
    the action, and to those who may as well (the action makes its checks)."""

    def _planned(self):
        task = self._new_intervention()
        task.sudo(self.manager).action_dsa_plan()
        self.assertTrue(task.dsa_event_id)
        return task

    def test_technician_cannot_cancel_by_write(self):
        task = self._planned()
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            task.sudo(self.tech1).action_dsa_cancel()
        for vals in ({'dsa_state': 'cancelled'}, {'dsa_state': 'done'},
                     {'dsa_done_date': '2026-11-01'}, {'dsa_event_id': False}):
            with self.assertRaises(AccessError) as caught, self.env.cr.savepoint():
                task.sudo(self.tech1).write(vals)
            self.assertIn('action_dsa', str(caught.exception))
        task.invalidate_cache()
        self.assertEqual(task.dsa_state, 'planned')
        self.assertFalse(task.dsa_done_date)
        self.assertTrue(task.dsa_event_id.exists())

    def test_manager_uses_the_actions_too(self):
        task = self._planned()
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            task.sudo(self.manager).write({'dsa_state': 'cancelled'})
        # the actions still work, for whoever may run them
        task.sudo(self.manager).action_dsa_cancel()
        self.assertEqual(task.dsa_state, 'cancelled')
        self.assertFalse(task.dsa_event_id)
        task.sudo(self.manager).action_dsa_plan()
        task.sudo(self.tech1).action_dsa_done()
        self.assertEqual(task.dsa_state, 'done')
        self.assertTrue(task.dsa_done_date)
        task.sudo(self.tech1).action_dsa_reopen()
        self.assertEqual(task.dsa_state, 'planned')

    def test_create_with_a_state_refused(self):
        project = self._new_intervention().project_id
        Task = self.env['project.task'].sudo(self.tech1)
        attempts = [
            ({'dsa_state': 'done'}, {}),
            ({'dsa_done_date': '2026-11-01'}, {}),
            ({}, {'default_dsa_state': 'cancelled'}),
            ({}, {'default_dsa_signed_on': '2026-11-02 12:00:00'}),
            ({}, {'default_dsa_report_state': 'signed'}),
        ]
        for vals, ctx in attempts:
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                Task.with_context(**ctx).create(dict(vals, name='Forged',
                                                     project_id=project.id))
        # the default state is fine
        task = Task.create({'name': 'Fine', 'project_id': project.id, 'dsa_state': 'draft'})
        self.assertEqual(task.dsa_state, 'draft')

    def test_invoice_link_and_status_by_invoicing_only(self):
        task = self._new_intervention()
        invoice = self.env['account.invoice'].search([], limit=1)
        for user in (self.tech1, self.manager):
            for vals in ({'dsa_invoice_id': invoice.id}, {'dsa_invoice_state': 'paid'}):
                with self.assertRaises(AccessError), self.env.cr.savepoint():
                    task.sudo(user).write(vals)
        self.assertFalse(task.dsa_invoice_id)

    def test_contract_state_by_its_buttons(self):
        contract = self.env['dsa.service.contract'].create({
            'name': 'Empty contract', 'partner_id': self.customer.id})
        # activating checks the contract covers a plant: a write skipped that
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            contract.sudo(self.manager).write({'state': 'running'})
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            self.env['dsa.service.contract'].sudo(self.manager).create({
                'name': 'Born running', 'partner_id': self.customer.id,
                'plant_ids': [(6, 0, self.plant.ids)], 'state': 'running'})
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            contract.sudo(self.tech1).write({'state': 'running'})
        self.assertEqual(contract.state, 'draft')
        contract.sudo(self.manager).write({'plant_ids': [(6, 0, self.plant.ids)]})
        contract.sudo(self.manager).action_activate()
        self.assertEqual(contract.state, 'running')
        contract.sudo(self.manager).action_cancel()
        self.assertEqual(contract.state, 'cancelled')

    def test_material_applied_by_closing_only(self):
        task = self._new_intervention()
        Material = self.env['dsa.intervention.material'].sudo(self.tech1)
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            Material.create({'task_id': task.id, 'action': 'installed',
                             'product_id': self.siren.id, 'quantity': 1.0, 'applied': True})
        line = Material.create({'task_id': task.id, 'action': 'installed',
                                'product_id': self.siren.id, 'quantity': 1.0})
        for vals in ({'applied': True}, {'new_component_id': self.old_panel.id}):
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                line.write(vals)
        task.sudo(self.tech1).action_dsa_done()
        self.assertTrue(line.applied)
        self.assertEqual(line.new_component_id.product_id, self.siren)

    def test_ticket_closing_date_follows_the_stage(self):
        ticket = self.ticket.sudo(self.tech1)
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            ticket.write({'date_closed': '2020-01-01 00:00:00'})
        ticket.write({'stage_id': self.env.ref('dsa_tts.dsa_ticket_stage_solved').id})
        self.assertTrue(ticket.date_closed)
        self.assertNotEqual(ticket.date_closed, '2020-01-01 00:00:00')
        ticket.write({'stage_id': self.env.ref('dsa_tts.dsa_ticket_stage_in_progress').id})
        self.assertFalse(ticket.date_closed)


class TestStateAttacksRpc(RpcCase):
    """The same, as a script of the attacker over XML-RPC: a context key
    cannot stand for the actions' grant."""

    def setUp(self):
        super(TestStateAttacksRpc, self).setUp()
        make_service_data(self)
        for user in (self.tech1, self.manager):
            user.password = user.login
        self.portal_user = self.rpc_user('svc_rpc_portal', ['base.group_portal'],
                                         partner=self.contact)
        action = self.ticket.sudo(self.manager).action_plan_intervention()
        self.task = self.env['project.task'].browse(action['res_id'])
        self.task.sudo(self.manager).write({
            'dsa_team_id': self.team_north.id, 'dsa_planned_start': '2026-11-02 08:00:00',
            'dsa_planned_end': '2026-11-02 12:00:00'})
        self.task.sudo(self.manager).action_dsa_plan()

    def test_technician_writes_state_over_rpc(self):
        forged_grant = {'dsa_action_grant': [['project.task', 'dsa_state']]}
        for context in ({}, forged_grant):
            message = self.assertRpcAccessError(
                self.tech1, 'project.task', 'write', [self.task.id],
                {'dsa_state': 'cancelled'}, context=context)
            self.assertIn('action_dsa_cancel', message)
        self.assertRpcAccessError(
            self.tech1, 'project.task', 'create',
            {'name': 'Forged', 'project_id': self.task.project_id.id},
            context={'default_dsa_state': 'done'})
        self.assertEqual(self.task.dsa_state, 'planned')
        self.assertTrue(self.task.dsa_event_id.exists())
        # the action itself still answers over RPC
        self.rpc(self.tech1, 'project.task', 'action_dsa_done', [self.task.id])
        self.assertEqual(self.task.dsa_state, 'done')

    def test_portal_customer_writes_signoff_over_rpc(self):
        self.task.sudo(self.tech1).action_dsa_done()
        for vals in ({'dsa_report_state': 'signed'}, {'dsa_signature': PNG_B64},
                     {'dsa_signed_by': 'Carla Contact'}, {'dsa_state': 'cancelled'}):
            self.assertRpcAccessError(self.portal_user, 'project.task', 'write',
                                      [self.task.id], vals)
        self.assertEqual(self.task.dsa_report_state, 'none')
        self.assertFalse(self.task.dsa_signed_by)
