from odoo.exceptions import AccessError
from odoo.tests.common import SavepointCase, at_install, post_install

RULED_ELSEWHERE = {
    # model: why a portal user reaches only their own rows (core or suite code)
    'mail.message': 'core: check_access_rule and _search follow the document',
    'ir.attachment': 'core: ir.attachment.check() follows the attached document',
    'mail.followers': 'dsa.mail.document.guard: followers of readable documents only',
    'mail.activity': 'dsa.mail.document.guard: activities of readable documents only',
    'res.users.log': "core global rule: the user's own log lines",
    'ir.ui.view.custom': "core global rule: the user's own customised views",
    'res.users': "inherits res.partner, whose core portal rule applies: own company's",
}
#: models a portal user reads because they hold no person's data: each reviewed
PUBLIC = {
    'ir.actions.act_url': 'UI configuration', 'ir.actions.act_window': 'UI configuration',
    'ir.actions.act_window.view': 'UI configuration',
    'ir.actions.act_window_close': 'UI configuration',
    'ir.actions.actions': 'UI configuration', 'ir.actions.client': 'UI configuration',
    'ir.actions.report': 'UI configuration (the report itself checks the records)',
    'ir.actions.server': 'UI configuration (running one checks its own groups)',
    'ir.server.object.lines': 'UI configuration', 'ir.ui.view': 'UI configuration',
    'report.paperformat': 'UI configuration', 'web.planner': 'UI configuration',
    'web_tour.tour': 'UI configuration (tours the user has done)',
    'res.request.link': 'UI configuration',
    'decimal.precision': 'configuration: rounding of amounts',
    'res.country': 'reference data', 'res.country.group': 'reference data',
    'res.country.state': 'reference data', 'res.currency': 'reference data',
    'res.currency.rate': 'reference data (multi-company rule)', 'res.lang': 'reference data',
    'res.partner.title': 'reference data',
    'mail.alias': 'the addresses of the service, shown in every email it sends',
    'mail.message.subtype': 'core rule: the public subtypes',
    'payment.acquirer': 'the payment methods offered on the portal',
    'payment.icon': 'the payment methods offered on the portal',
    'utm.campaign': 'marketing labels, no person', 'utm.medium': 'marketing labels',
    'utm.source': 'marketing labels',
    'crm.stage': 'pipeline stage names', 'project.task.type': 'task stage names',
    'project.tags': 'task tag names', 'dsa.ticket.stage': 'service call stage names',
    'dsa.licence.price': 'the published licence price list (PRC)',
    'decimal.precision.test': 'core test model, empty',
    'mail.test': 'core test model, empty',
    'web_editor.converter.test': 'core test model, empty',
    'web_editor.converter.test.sub': 'core test model, empty',
}


@at_install(False)
@post_install(True)
class TestPortalReach(SavepointCase):
    """Every model of the registry that a portal user can read is reviewed:
    either nobody else's data (PUBLIC, with the reason), or the user reaches
    only their own rows through a record rule (checked here to exist and to
    apply to them) or through core/suite code (RULED_ELSEWHERE). A model that
    a new module opens to portal users makes this test fail until reviewed."""

    @classmethod
    def setUpClass(cls):
        super(TestPortalReach, cls).setUpClass()
        cls.company = cls.env['res.partner'].create({
            'name': 'Reach Customer Srl', 'is_company': True})
        cls.partner = cls.env['res.partner'].create({
            'name': 'Rita Reach', 'parent_id': cls.company.id, 'email': 'rita@reach.example.com'})
        cls.portal = cls.env['res.users'].with_context(no_reset_password=True).create({
            'name': 'Rita Reach', 'login': 'sec_reach_portal', 'partner_id': cls.partner.id,
            'groups_id': [(6, 0, [cls.env.ref('base.group_portal').id])]})
        cls.stranger = cls.env['res.partner'].create({
            'name': 'Stefano Stranger', 'email': 'stefano@stranger.example.com'})
        cls.employee = cls.env['res.users'].with_context(no_reset_password=True).create({
            'name': 'Erica Employee', 'login': 'sec_reach_employee',
            'groups_id': [(6, 0, [cls.env.ref('base.group_user').id])]})

    def _rules_for_portal(self, model):
        Rule = self.env['ir.rule'].sudo()
        rules = Rule.search([('model_id.model', '=', model), ('perm_read', '=', True)])
        # a rule of the portal group, or a global rule that restricts share users
        return rules.filtered(
            lambda r: (self.env.ref('base.group_portal') in r.groups)
            or (not r.groups and 'user.share' in (r.domain_force or '')))

    def test_every_readable_model_is_reviewed(self):
        unreviewed = []
        for name in sorted(self.env.registry.models):
            Model = self.env[name].sudo(self.portal)
            if Model._abstract or Model._transient \
                    or not Model.check_access_rights('read', raise_exception=False):
                continue
            if name in PUBLIC or name in RULED_ELSEWHERE:
                continue
            if not self._rules_for_portal(name):
                unreviewed.append(name)
        self.assertFalse(unreviewed, 'portal users read these models, neither ruled '
                                     'nor reviewed: %s' % ', '.join(unreviewed))

    def test_platform_data_of_other_people(self):
        """Rows of other people in the models that core opens to portal users."""
        env = self.env
        channel = env['mail.channel'].create({
            'name': 'staff-only', 'public': 'public',
            'channel_partner_ids': [(4, self.employee.partner_id.id)]})
        message = channel.message_post(body='Staff chat', message_type='comment',
                                       subtype='mail.mt_comment')
        notification = env['mail.notification'].create({
            'mail_message_id': message.id, 'res_partner_id': self.stranger.id})
        shortcode = env['mail.shortcode'].create({
            'source': 'disc', 'substitution': 'Give them 30% if they insist'})
        presence = env['bus.presence'].create({'user_id': self.employee.id})
        default = env['ir.default'].create({
            'field_id': env['ir.model.fields']._get('res.partner', 'comment').id,
            'json_value': '"employee default"', 'user_id': self.employee.id})
        cases = [
            ('mail.channel', channel, 'name'),
            ('mail.channel.partner', channel.channel_last_seen_partner_ids, 'partner_id'),
            ('mail.notification', notification, 'res_partner_id'),
            ('mail.shortcode', shortcode, 'substitution'),
            ('bus.presence', presence, 'last_presence'),
            ('ir.default', default, 'json_value'),
        ]
        for model, records, field in cases:
            self.assertTrue(records, model)
            Model = env[model].sudo(self.portal)
            self.assertFalse(Model.search([('id', 'in', records.ids)]), model)
            groups = Model.read_group([('id', 'in', records.ids)], [field], [])
            self.assertFalse(groups and groups[0].get('__count'), model)
            self.assertFalse(Model.name_search('', [('id', 'in', records.ids)]), model)
            with self.assertRaises(AccessError, msg=model):
                Model.browse(records.ids).read([field])
            with self.assertRaises(AccessError, msg=model):
                Model.browse(records.ids).export_data([field])
        # the outgoing mail queue is closed to them through every door
        # (test_mail_queue.py); nor can they queue a mail of their own to anybody
        with self.assertRaises(AccessError):
            env['mail.mail'].sudo(self.portal).create({
                'email_to': 'anyone@victim.example.org', 'body_html': 'phishing'})

    def test_staff_only_property_values(self):
        """ir.property: values of fields restricted to staff, and other
        customers' values, stay hidden; their own company's are readable."""
        Field = self.env['ir.model.fields']
        # a product's cost is a company-dependent field for staff only
        self.assertTrue(self.env['product.product']._fields['standard_price'].groups)
        field = Field._get('product.product', 'standard_price')
        own_field = Field._get('res.partner', 'property_product_pricelist')
        Property = self.env['ir.property']
        product = self.env['product.product'].create({'name': 'Reach panel'})
        staff_only = Property.create({
            'name': field.name, 'fields_id': field.id, 'type': 'float',
            'value_float': 321.0, 'res_id': 'product.product,%d' % product.id})
        pricelist = self.env['product.pricelist'].create({'name': 'Stranger prices'})
        stranger = Property.create({
            'name': own_field.name, 'fields_id': own_field.id, 'type': 'many2one',
            'value_reference': 'product.pricelist,%d' % pricelist.id,
            'res_id': 'res.partner,%d' % self.stranger.id})
        own = Property.create({
            'name': own_field.name, 'fields_id': own_field.id, 'type': 'many2one',
            'value_reference': 'product.pricelist,%d' % pricelist.id,
            'res_id': 'res.partner,%d' % self.company.id})
        as_portal = Property.sudo(self.portal)
        found = as_portal.search([('id', 'in', (staff_only | stranger | own).ids)])
        self.assertEqual(found, own)
        with self.assertRaises(AccessError):
            as_portal.browse((staff_only | stranger).ids).read(['res_id'])
