from odoo.exceptions import AccessError
from odoo.tests.common import SavepointCase, at_install, post_install


@at_install(False)
@post_install(True)
class TestHiddenFields(SavepointCase):
    """models/base.py: a field that ``groups=`` hides from a portal user can be
    neither searched, sorted, exported nor grouped by it (Odoo 11 checks the
    groups in read() only). Core's activities of a partner are such a field."""

    @classmethod
    def setUpClass(cls):
        super(TestHiddenFields, cls).setUpClass()
        cls.partner = cls.env['res.partner'].create({'name': 'Hidden Fields Customer'})
        cls.portal = cls.env['res.users'].with_context(no_reset_password=True).create({
            'name': 'Hidden Fields Customer', 'login': 'sec_hidden_portal',
            'partner_id': cls.partner.id,
            'groups_id': [(6, 0, [cls.env.ref('base.group_portal').id])]})
        cls.env['mail.activity'].create({
            'res_model_id': cls.env['ir.model']._get('res.partner').id,
            'res_id': cls.partner.id, 'summary': 'Internal: check their credit first',
            'activity_type_id': cls.env.ref('mail.mail_activity_data_todo').id})

    def test_portal_user_cannot_reach_hidden_fields(self):
        own = self.partner.sudo(self.portal)
        Partner = self.env['res.partner'].sudo(self.portal)
        self.assertEqual(own.export_data(['name'])['datas'], [['Hidden Fields Customer']])
        # refused by the field's groups, before core would stumble on the
        # activities' own access rights
        for fields in (['name', 'activity_ids/summary'], ['activity_state']):
            with self.assertRaises(AccessError) as caught:
                own.export_data(fields)
            self.assertIn('You cannot read the field', caught.exception.name)
        for attack in (lambda: Partner.search([('activity_ids.summary', 'ilike', 'credit')]),
                       lambda: Partner.search([], order='activity_date_deadline')):
            with self.assertRaises(AccessError) as caught:
                attack()
            self.assertIn('You cannot search on the field', caught.exception.name)

    def test_internal_user_keeps_core_behaviour(self):
        """On core models, internal users are left to core."""
        user = self.env['res.users'].with_context(no_reset_password=True).create({
            'name': 'Hidden Fields Employee', 'login': 'sec_hidden_employee',
            'groups_id': [(6, 0, [self.env.ref('base.group_user').id])]})
        rows = self.partner.sudo(user).export_data(['name', 'activity_ids/summary'])['datas']
        self.assertEqual(rows, [['Hidden Fields Customer', 'Internal: check their credit first']])
