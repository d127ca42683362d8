from odoo.exceptions import AccessError
from odoo.tests.common import SavepointCase, at_install, post_install

from odoo.addons.dsa_security.lib import rule_guard


def _restricted(env):
    return True


def _unrestricted(env):
    return False


@at_install(False)
@post_install(True)
class TestRuleGuard(SavepointCase):
    """lib/rule_guard.py: what Odoo 11's record rules leave to the writer. A
    restricted user (here: one whose rules let them write the partners of
    reference ``SEC-OWN...`` and read all but ``SEC-HIDDEN``) can neither write
    a record out of their rules nor point a many2one at a record they may not
    read, whose name read() would then show."""

    @classmethod
    def setUpClass(cls):
        super(TestRuleGuard, cls).setUpClass()
        group = cls.env['res.groups'].create({'name': 'Sec rule guard restricted'})
        # global rules (group rules add up, and employees read every partner),
        # for this group only: it writes the SEC-OWN partners and reads all but
        # SEC-HIDDEN
        only_group = " if %d in user.groups_id.ids else []" % group.id
        partner_model = cls.env['ir.model']._get('res.partner').id
        cls.env['ir.rule'].create({
            'name': 'Sec rule guard: writes own references', 'model_id': partner_model,
            'perm_read': False, 'perm_write': True, 'perm_create': True, 'perm_unlink': True,
            'domain_force': "[('ref', '=like', 'SEC-OWN%')]" + only_group})
        cls.env['ir.rule'].create({
            'name': 'Sec rule guard: reads all but hidden', 'model_id': partner_model,
            'perm_read': True, 'perm_write': False, 'perm_create': False, 'perm_unlink': False,
            'domain_force': "['|', ('ref', '=', False), ('ref', '!=', 'SEC-HIDDEN')]" + only_group})
        cls.user = cls.env['res.users'].with_context(no_reset_password=True).create({
            'name': 'Sec Rule Guard User', 'login': 'sec_rule_guard',
            'groups_id': [(6, 0, [cls.env.ref('base.group_partner_manager').id,
                                  cls.env.ref('base.group_user').id, group.id])]})
        Partner = cls.env['res.partner']
        cls.own = Partner.create({'name': 'Sec Own Partner', 'ref': 'SEC-OWN-1'})
        cls.own_parent = Partner.create({'name': 'Sec Own Parent', 'ref': 'SEC-OWN-2',
                                         'is_company': True})
        cls.hidden = Partner.create({'name': 'Sec Hidden Parent', 'ref': 'SEC-HIDDEN',
                                     'is_company': True})

    def test_write_out_of_the_rules_is_refused(self):
        own = self.own.sudo(self.user)
        own.write({'ref': 'SEC-MOVED'})   # Odoo checks the rules before the write only
        with self.assertRaises(AccessError):
            rule_guard.check_rules_after_write(own, _restricted)
        own.sudo().write({'ref': 'SEC-OWN-1'})
        rule_guard.check_rules_after_write(own, _restricted)
        # an unrestricted user (the caller says so) pays no check
        own.sudo().write({'ref': 'SEC-MOVED'})
        rule_guard.check_rules_after_write(own, _unrestricted)

    def test_unreadable_many2one_target_is_refused(self):
        own = self.own.sudo(self.user)
        with self.assertRaises(AccessError):
            rule_guard.check_targets_readable(own, {'parent_id': self.hidden.id},
                                              ('parent_id',), _restricted)
        rule_guard.check_targets_readable(own, {'parent_id': self.own_parent.id},
                                          ('parent_id',), _restricted)
        # fields not named are the caller's business; empty values are fine
        rule_guard.check_targets_readable(own, {'parent_id': self.hidden.id}, (), _restricted)
        rule_guard.check_targets_readable(own, {'parent_id': False}, ('parent_id',), _restricted)
        rule_guard.check_targets_readable(own, {'parent_id': self.hidden.id},
                                          ('parent_id',), _unrestricted)

    def test_superuser_is_never_restricted(self):
        self.own.write({'ref': 'SEC-MOVED'})
        self.assertIsNone(rule_guard.check_rules_after_write(self.own, _restricted))
        self.assertIsNone(rule_guard.check_targets_readable(
            self.own, {'parent_id': self.hidden.id}, ('parent_id',), _restricted))
        self.assertEqual(self.own.ref, 'SEC-MOVED')
