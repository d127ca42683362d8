from odoo.exceptions import AccessError

from odoo.addons.dsa_base.tests.common import RpcCase


class TestDeviceState(RpcCase):
    """A device's status, its decision trail and what a login records are
    set by the buttons and the login only (issue 23): not by its owner, not
    by an administrator writing them directly (forging who approved it)."""

    def setUp(self):
        super(TestDeviceState, self).setUp()
        self.owner = self.rpc_user('dev_state_owner', ['base.group_user'])
        self.admin = self.rpc_user('dev_state_admin', ['base.group_system'])
        self.other_admin = self.rpc_user('dev_state_admin2', ['base.group_system'])
        Device = self.env['dsa.device']
        self.device = Device.create({
            'name': 'Firefox on Linux', 'user_id': self.owner.id,
            'token_hash': Device._hash_token('x' * 40)})

    def test_owner_cannot_approve_own_device(self):
        for vals in ({'state': 'approved'}, {'last_login': '2026-01-01 00:00:00'}):
            self.assertRpcAccessError(self.owner, 'dsa.device', 'write',
                                      [self.device.id], vals)
        self.assertRpcAccessError(self.owner, 'dsa.device', 'action_approve',
                                  [self.device.id])
        self.assertEqual(self.device.state, 'pending')

    def test_admin_cannot_forge_the_decision(self):
        forged = [
            {'state': 'approved'},
            {'decided_by_id': self.other_admin.id},
            {'date_decision': '2020-01-01 00:00:00'},
            {'token_hash': 'f' * 64},
            {'user_id': self.admin.id},
        ]
        for vals in forged:
            message = self.assertRpcAccessError(self.admin, 'dsa.device', 'write',
                                                [self.device.id], vals)
            if 'state' in vals:
                self.assertIn('action_approve', message)
        self.assertRpcAccessError(self.admin, 'dsa.device', 'create', {
            'name': 'Forged', 'user_id': self.admin.id, 'token_hash': 'e' * 64,
            'state': 'approved'})
        with self.assertRaises(AccessError):
            self.device.sudo(self.admin).write({'state': 'approved'})
        self.assertEqual(self.device.state, 'pending')
        # the button records who decided
        self.rpc(self.admin, 'dsa.device', 'action_approve', [self.device.id])
        self.assertEqual(self.device.state, 'approved')
        self.assertEqual(self.device.decided_by_id, self.admin)
        # and the name stays the administrator's to change
        self.rpc(self.admin, 'dsa.device', 'write', [self.device.id], {'name': 'Work laptop'})
        self.assertEqual(self.device.name, 'Work laptop')
