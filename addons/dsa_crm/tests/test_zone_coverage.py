"""Issue 23: the zone model holds on every model the sales force can read that
names a customer, an opportunity, an order or an invoice, core analyses and
mail models included."""
import base64

from odoo.exceptions import AccessError

from .common import DsaCrmZoneCase

# Models whose records name the documents of the zones.
TARGETS = ('res.partner', 'crm.lead', 'sale.order', 'sale.order.line', 'account.invoice')

# Core filters these by the document they belong to (res_model/model, res_id)
# in _search and read, and dsa_security does the same in read_group: they
# follow the zone rules of that document (attacked below).
DOCUMENT_CHECKED = ('mail.message', 'ir.attachment')

# Fields that name a partner or a record by id and are no zone data, with why.
FIELD_EXEMPT = {
    ('res.company', 'partner_id'): "the company's own partner; only Settings writes it",
    ('hr.employee', 'address_id'): "the company's work address; only HR writes employees",
    ('hr.employee', 'address_home_id'): 'an employee, not a customer; only HR writes it',
    ('payment.token', 'partner_id'): 'core rule: own partner only',
    ('payment.transaction', 'partner_id'): 'core rule: own partner or none only',
    ('ir.model.data', 'res_id'): 'external ids: technical, no customer data',
    ('ir.translation', 'res_id'): 'translated terms of configuration records',
    ('ir.property', 'res_id'): 'company defaults and per-record settings read by the ORM; '
                               'names no one',
    ('ir.actions.act_window', 'res_id'): 'menu actions: technical configuration',
    ('account.journal', 'bank_account_id'): "the company's own bank accounts (accounting "
                                            "settings)",
    ('hr.employee', 'bank_account_id'): "an employee's salary account; only HR writes it",
}


class TestZoneCoverage(DsaCrmZoneCase):

    # --------------------------------------------------------------- enumeration
    def _zone_rule_models(self, user):
        """Models with a zone rule (it calls the res.users._dsa_crm* scope)
        that applies to ``user`` when reading."""
        rules = self.env['ir.rule'].search([
            ('perm_read', '=', True), ('domain_force', 'ilike', '_dsa_crm'),
            '|', ('groups', '=', False), ('groups', 'in', user.groups_id.ids)])
        return set(rules.mapped('model_id.model'))

    def _guarded(self, Model):
        """Readable with their document only (dsa_security's guard) or core's."""
        return Model._name in DOCUMENT_CHECKED or hasattr(Model, '_dsa_readable')

    def _uncovered(self, user):
        zoned = self._zone_rule_models(user)
        # records pointing at a zoned record name it too (an intervention, a message)
        targets = set(TARGETS) | zoned | set(DOCUMENT_CHECKED)
        groups = user.groups_id
        acls = self.env['ir.model.access'].search([
            ('perm_read', '=', True),
            '|', ('group_id', '=', False), ('group_id', 'in', groups.ids)])
        uncovered = []
        for name in sorted(set(acls.mapped('model_id.model'))):
            if name not in self.env:
                continue
            Model = self.env[name]
            if Model._transient or Model._abstract:
                continue      # wizards: each user reads only their own
            if not Model.sudo(user).check_access_rights('read', raise_exception=False):
                continue
            fields = [fname for fname, field in Model._fields.items()
                      if field.store and ((field.type == 'many2one'
                                           and field.comodel_name in targets)
                                          or fname == 'res_id')]
            fields = [f for f in fields if (name, f) not in FIELD_EXEMPT]
            if not fields:
                continue
            # a rule of an _inherits parent (res.users -> res.partner) applies too
            if zoned & ({name} | set(Model._inherits)) or self._guarded(Model):
                continue
            uncovered.append('%s (%s)' % (name, ', '.join(fields)))
        return uncovered

    def test_every_readable_model_naming_zone_data_is_zoned(self):
        """Enumerated from the access rights of the groups of an agent and of
        an area manager (implied ones included): each model they can read
        with a many2one to a customer, opportunity, order, invoice or other
        zoned record, or a res_id, has a zone rule for them, is filtered by
        its document, or is exempted above with a reason. A model that a
        later addon brings fails here until it is ruled or refused."""
        for user in (self.agent_a, self.manager):
            self.assertEqual(self._uncovered(user), [], user.login)

    def test_enumeration_sees_a_new_model(self):
        """The check above fails on a readable model with no zone rule: the
        one of the bank accounts, when it is taken away."""
        self.env.ref('dsa_crm.res_partner_bank_rule_dsa_zone').active = False
        self.assertIn('res.partner.bank (partner_id)', self._uncovered(self.agent_a))

    # ------------------------------------------------------------------ attacks
    def _hidden_rows(self, model, domain):
        """Rows of ``model`` the superuser finds with ``domain``: they exist."""
        rows = self.env[model].search(domain)
        self.assertTrue(rows, '%s: no test data' % model)
        return rows

    def assertRowsHidden(self, user, model, rows, fields, name=None):
        """Through search_read, read, read_group, name_search and export_data."""
        self.env.cache.invalidate()
        Model = self.env[model].sudo(user)
        domain = [('id', 'in', rows.ids)]
        self.assertFalse(Model.search_read(domain, fields), model)
        self.assertFalse(set(rows.ids) & set(Model.search([]).ids), model)
        for group_field in fields:
            groups = Model.read_group(domain, [group_field], [group_field])
            self.assertFalse(groups, (model, group_field, groups))
        with self.assertRaises(AccessError):
            rows.sudo(user).read(fields)
        self.env.cache.invalidate()
        with self.assertRaises(AccessError):
            rows.sudo(user).export_data(fields)
        self.env.cache.invalidate()
        exported = Model.search([]).export_data(fields)['datas']
        for row in rows:
            self.assertNotIn(row.sudo().export_data(fields)['datas'][0], exported, model)
        if name:
            self.assertFalse(set(rows.ids) & {i for i, _n in Model.name_search(name, limit=1000)},
                             model)

    def test_sale_report_of_other_zone(self):
        """The core sales analysis that salespeople read (issue 23)."""
        rows = self._hidden_rows('sale.report', [('name', 'in', (
            self.order_b | self.order_b_own).mapped('name'))])
        self.assertRowsHidden(self.agent_a, 'sale.report', rows,
                              ['partner_id', 'product_id', 'price_total', 'name'],
                              name=self.order_b.name)
        groups = self.env['sale.report'].sudo(self.agent_a).read_group(
            [], ['price_total', 'partner_id'], ['partner_id'])
        named = {g['partner_id'] and g['partner_id'][0] for g in groups}
        self.assertFalse(named & set((self.cust_b | self.contact_b).ids))
        # agent B, whose zone it is, reads them; the area manager of A does not
        self.assertTrue(self.env['sale.report'].sudo(self.agent_b).search(
            [('id', 'in', rows.ids)]))
        self.assertFalse(self.env['sale.report'].sudo(self.manager).search(
            [('id', 'in', rows.ids)]))

    def test_core_analyses_of_other_zone(self):
        """Pipeline analysis, all channels sales: core views on leads and orders."""
        rows = self._hidden_rows('crm.opportunity.report', [('id', '=', self.lead_b.id)])
        self.assertRowsHidden(self.agent_a, 'crm.opportunity.report', rows,
                              ['partner_id', 'expected_revenue'])
        self.assertTrue(self.env['crm.opportunity.report'].sudo(self.agent_a).search(
            [('id', '=', self.lead_a.id)]))
        rows = self._hidden_rows('report.all.channels.sales',
                                 [('partner_id', 'in', (self.cust_b | self.contact_b).ids)])
        self.assertRowsHidden(self.agent_a, 'report.all.channels.sales', rows,
                              ['partner_id', 'price_total', 'name'], name=self.order_b.name)

    def test_bank_accounts_and_vendor_prices_of_others(self):
        Bank = self.env['res.partner.bank']
        bank_b = Bank.create({'acc_number': 'IT60X0542811101000000123456',
                              'partner_id': self.cust_b.id})
        self.assertRowsHidden(self.agent_a, 'res.partner.bank', bank_b,
                              ['partner_id', 'acc_number'], name='IT60X054')
        bank_a = Bank.create({'acc_number': 'IT60X0542811101000000654321',
                              'partner_id': self.cust_a.id})
        self.assertTrue(self.visible(self.agent_a, bank_a))
        product = self.env['product.product'].search([], limit=1)
        info = self.env['product.supplierinfo'].create({
            'name': self.vendor.id, 'product_tmpl_id': product.product_tmpl_id.id,
            'price': 12.5})
        self.assertRowsHidden(self.agent_a, 'product.supplierinfo', info, ['name', 'price'])

    def test_messages_and_attachments_of_other_zone(self):
        """Core filters them in search and read only: read_group grouped them
        all, with the names of the opportunities (record_name)."""
        self.lead_b.message_post(body='Zeta tender price 42', subtype='mail.mt_note')
        attachment = self.env['ir.attachment'].create({
            'name': 'Zeta tender.txt', 'datas': base64.b64encode(b'42'),
            'datas_fname': 'tender.txt', 'res_model': 'crm.lead', 'res_id': self.lead_b.id})
        messages = self._hidden_rows('mail.message', [('model', '=', 'crm.lead'),
                                                      ('res_id', '=', self.lead_b.id)])
        for model, rows, fields, model_field in (
                ('mail.message', messages, ['record_name', 'author_id', 'res_id'], 'model'),
                ('ir.attachment', attachment, ['res_name', 'name', 'res_id'], 'res_model')):
            self.env.cache.invalidate()
            Model = self.env[model].sudo(self.agent_a)
            self.assertFalse(Model.search([('id', 'in', rows.ids)]), model)
            for field in fields:
                groups = Model.read_group([('id', 'in', rows.ids)], [field], [field])
                self.assertFalse(groups, (model, field, groups))
            groups = Model.read_group([(model_field, '=', 'crm.lead'),
                                       ('res_id', '=', self.lead_b.id)],
                                      [fields[0]], [fields[0]])
            self.assertFalse(groups, (model, groups))
            with self.assertRaises(AccessError):
                rows.sudo(self.agent_a).read(fields)
        # agent B, whose zone it is, groups them
        groups = self.env['mail.message'].sudo(self.agent_b).read_group(
            [('id', 'in', messages.ids)], ['record_name'], ['record_name'])
        self.assertEqual([g['record_name'] for g in groups], [self.lead_b.name])

    def test_name_oracles_through_own_records(self):
        """Calendars shown and channel memberships take any partner id and
        name it back: the other zone's customer is refused or hidden."""
        as_agent = self.env['calendar.contacts'].sudo(self.agent_a)
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            as_agent.create({'user_id': self.agent_a.id, 'partner_id': self.cust_b.id})
        as_agent.create({'user_id': self.agent_a.id, 'partner_id': self.agent_b.partner_id.id})
        channel = self.env['mail.channel'].sudo(self.agent_a).create({'name': 'Zeta chat'})
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            self.env['mail.channel.partner'].sudo(self.agent_a).create({
                'channel_id': channel.id, 'partner_id': self.cust_b.id})
        # notifications of another zone's customer stay hidden
        self.lead_b.message_subscribe([self.cust_b.id])
        self.lead_b.message_post(body='Zeta offer for B', subtype='mail.mt_comment',
                                 message_type='comment')
        notifications = self._hidden_rows('mail.notification',
                                          [('res_partner_id', '=', self.cust_b.id)])
        self.assertRowsHidden(self.agent_a, 'mail.notification', notifications,
                              ['res_partner_id', 'mail_message_id'])
        mails = self.env['mail.mail'].search([('recipient_ids', 'in', self.cust_b.ids)])
        if mails:
            self.assertFalse(self.env['mail.mail'].sudo(self.agent_a).search(
                [('id', 'in', mails.ids)]))
