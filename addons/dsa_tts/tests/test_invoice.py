from odoo.exceptions import AccessError, UserError

from .test_service_contract import ContractCase


def create_invoicing_chart(env):
    """What invoicing needs when the database has no chart of accounts: a
    receivable and an income account, a sales journal, the income account on
    the labour product and on the materials' category (as dsa_pricing's tests)."""
    company = env.user.company_id
    Account = env['account.account']
    receivable = Account.create({
        'code': 'FSM121', 'name': 'Customers (test)', 'reconcile': True,
        'user_type_id': env.ref('account.data_account_type_receivable').id,
        'company_id': company.id})
    income = Account.create({
        'code': 'FSM701', 'name': 'Field service revenue (test)',
        'user_type_id': env.ref('account.data_account_type_revenue').id,
        'company_id': company.id})
    env['account.journal'].create({
        'name': 'Service sales (test)', 'code': 'FSMS', 'type': 'sale',
        'company_id': company.id, 'sequence': 1,
        'default_debit_account_id': income.id, 'default_credit_account_id': income.id})
    labour = env.ref('dsa_tts.product_product_dsa_labour')
    labour.property_account_income_id = income
    labour.taxes_id = False
    return receivable, income


class InvoiceCase(ContractCase):

    @classmethod
    def setUpClass(cls):
        super(InvoiceCase, cls).setUpClass()
        env = cls.env
        cls.receivable, cls.income = create_invoicing_chart(env)
        cls.customer.property_account_receivable_id = cls.receivable
        cls.categ = env['product.category'].create({
            'name': 'Fire safety (test)', 'property_account_income_categ_id': cls.income.id})
        (cls.panel | cls.detector | cls.siren).write({'categ_id': cls.categ.id,
                                                      'taxes_id': [(5, 0, 0)]})
        cls.labour = env.ref('dsa_tts.product_product_dsa_labour')
        cls.labour.list_price = 50.0
        if 'timesheet_cost' in cls.employee1._fields:
            # the employee's cost is not the price the customer pays
            cls.employee1.timesheet_cost = 20.0
        cls.accountant = env['res.users'].with_context(no_reset_password=True).create({
            'name': 'Amelia Accountant', 'login': 'svc_accountant',
            'email': 'amelia@dsa.example.com',
            'groups_id': [(6, 0, [env.ref('dsa_tts.group_manager').id,
                                  env.ref('account.group_account_invoice').id])]})

    def _done(self, kind='corrective', hours=2.0, plant=None):
        task = self._new_intervention(dsa_kind=kind)
        if plant:
            task.dsa_plant_id = plant
        self.env['dsa.intervention.material'].create({
            'task_id': task.id, 'action': 'installed', 'product_id': self.siren.id,
            'quantity': 2})
        old = self.env['dsa.plant.component'].create({
            'plant_id': task.dsa_plant_id.id, 'product_id': self.detector.id,
            'date_installed': '2019-03-01'})
        self.env['dsa.intervention.material'].create({
            'task_id': task.id, 'action': 'removed', 'component_id': old.id})
        self.env['account.analytic.line'].create({
            'name': 'Work', 'task_id': task.id, 'project_id': task.project_id.id,
            'employee_id': self.employee1.id, 'unit_amount': hours, 'date': '2026-11-02'})
        task.action_dsa_done()
        return task

    def _invoice(self, tasks):
        return tasks.sudo(self.accountant).action_dsa_invoice()


class TestInterventionInvoice(InvoiceCase):

    def test_lines_at_sale_price_without_contract(self):
        task = self._done('extraordinary', hours=3.0)
        self.assertFalse(task.dsa_contract_id)
        self.assertEqual(task.dsa_billing, 'billable')
        invoice = self._invoice(task)
        self.assertEqual(task.dsa_invoice_id, invoice)
        self.assertEqual(invoice.state, 'draft')
        self.assertEqual(task.dsa_invoice_state, 'draft')
        self.assertEqual(task.dsa_billing, 'invoiced')
        self.assertEqual(invoice.partner_id, self.customer)
        labour = invoice.invoice_line_ids.filtered(lambda l: l.product_id == self.labour)
        self.assertEqual(labour.quantity, 3.0)
        # the labour product's price, never the employee's cost (20)
        self.assertEqual(labour.price_unit, 50.0)
        self.assertEqual(labour.discount, 0.0)
        material = invoice.invoice_line_ids.filtered(lambda l: l.product_id == self.siren)
        self.assertEqual((material.quantity, material.price_unit), (2.0, 120.0))
        # the removed detector is not sold
        self.assertEqual(len(invoice.invoice_line_ids), 2)
        self.assertEqual(invoice.invoice_line_ids.mapped('account_id'), self.income)
        self.assertAlmostEqual(invoice.amount_total, 3 * 50.0 + 240.0)

    def test_contract_rules(self):
        contract = self._contract(date_start='2026-01-01', date_end='2027-12-31',
                                  next_preventive_date='2027-01-01')
        preventive = self._done('preventive')
        corrective = self._done('corrective')
        extra = self._done('extraordinary')
        self.assertEqual((preventive | corrective | extra).mapped('dsa_contract_id'), contract)
        self.assertEqual(preventive.dsa_billing, 'included')
        self.assertEqual(corrective.dsa_billing, 'billable')
        invoice = self._invoice(preventive | corrective | extra)
        # one invoice per customer; the preventive one is not billed
        self.assertEqual(len(invoice), 1)
        self.assertFalse(preventive.dsa_invoice_id)
        self.assertEqual((corrective | extra).mapped('dsa_invoice_id'), invoice)
        lines = invoice.invoice_line_ids
        extra_lines = lines.filtered(lambda l: l.dsa_task_id == extra)
        corrective_lines = lines - extra_lines
        self.assertEqual(len(extra_lines), 2)
        self.assertEqual(
            extra_lines.filtered(lambda l: l.product_id == self.labour).discount, 20.0)
        self.assertEqual(
            extra_lines.filtered(lambda l: l.product_id == self.siren).discount, 10.0)
        # discounts only on extraordinary work
        self.assertEqual(set(corrective_lines.mapped('discount')), {0.0})
        self.assertAlmostEqual(invoice.amount_untaxed,
                               (100 + 240) + (100 * 0.8 + 240 * 0.9))

    def test_corrective_included_in_contract(self):
        self._contract(date_start='2026-01-01', date_end='2027-12-31',
                       next_preventive_date='2027-01-01', corrective_billing='included')
        corrective = self._done('corrective')
        self.assertEqual(corrective.dsa_billing, 'included')
        with self.assertRaisesRegex(UserError, 'Nothing to invoice'):
            self._invoice(corrective)
        self.assertFalse(corrective.dsa_invoice_id)

    def test_one_invoice_per_customer(self):
        other_contact = self.env['res.partner'].create({
            'name': 'Other contact', 'parent_id': self.other_customer.id})
        self.other_customer.property_account_receivable_id = self.receivable
        self.other_plant.maintenance_contact_id = other_contact
        tasks = self._done() | self._done()
        foreign = self._new_intervention(dsa_plant_id=self.other_plant.id,
                                         partner_id=other_contact.id)
        self.env['account.analytic.line'].create({
            'name': 'Work', 'task_id': foreign.id, 'project_id': foreign.project_id.id,
            'employee_id': self.employee1.id, 'unit_amount': 1.0, 'date': '2026-11-02'})
        foreign.action_dsa_done()
        invoices = self._invoice(tasks | foreign)
        self.assertEqual(len(invoices), 2)
        self.assertEqual(invoices.mapped('partner_id'), self.customer | self.other_customer)
        self.assertEqual(tasks.mapped('dsa_invoice_id').partner_id, self.customer)
        self.assertEqual(foreign.dsa_invoice_id.partner_id, self.other_customer)

    def test_never_twice_then_refund_frees(self):
        task = self._done()
        invoice = self._invoice(task)
        with self.assertRaisesRegex(UserError, 'already invoiced'):
            self._invoice(task)
        self.assertEqual(self.env['account.invoice'].search_count(
            [('partner_id', '=', self.customer.id), ('type', '=', 'out_invoice')]), 1)
        invoice.action_invoice_open()
        self.assertEqual(task.dsa_invoice_state, 'open')
        with self.assertRaisesRegex(UserError, 'already invoiced'):
            self._invoice(task)
        refund = invoice.refund(description='Wrong hours')
        # a draft credit note does not free it yet
        self.assertEqual(task.dsa_invoice_id, invoice)
        refund.action_invoice_open()
        self.assertFalse(task.dsa_invoice_id)
        self.assertEqual(task.dsa_billing, 'billable')
        self.assertTrue(task.message_ids.filtered(
            lambda m: 'can be invoiced again' in (m.body or '')))
        again = self._invoice(task)
        self.assertNotEqual(again, invoice)
        self.assertEqual(task.dsa_invoice_id, again)

    def test_cancelled_invoice_frees(self):
        task = self._done()
        invoice = self._invoice(task)
        self.env['account.journal'].search([('type', '=', 'sale')]).write(
            {'update_posted': True})
        invoice.action_invoice_cancel()
        self.assertFalse(task.dsa_invoice_id)
        self.assertTrue(self._invoice(task))

    def test_not_done_is_refused(self):
        task = self._new_intervention()
        with self.assertRaisesRegex(UserError, 'is not done'):
            self._invoice(task)

    def test_no_labour_price_writes_nothing(self):
        first = self._done()
        second = self._done()
        self.labour.list_price = 0.0
        with self.assertRaisesRegex(UserError, 'labour product .* has no sales price'):
            self._invoice(first | second)
        self.assertFalse((first | second).mapped('dsa_invoice_id'))
        self.assertFalse(self.env['account.invoice'].search(
            [('partner_id', '=', self.customer.id)]))

    def test_no_income_account_writes_nothing(self):
        # as in a fresh database without a chart: no company-wide defaults
        self.env['ir.property'].search([
            ('name', 'in', ('property_account_income_categ_id', 'property_account_income_id')),
            ('res_id', '=', False)]).unlink()
        self.categ.property_account_income_categ_id = False
        task = self._done()
        with self.assertRaisesRegex(UserError, 'no income account for product "Siren"'):
            self._invoice(task)
        self.assertFalse(task.dsa_invoice_id)
        self.assertFalse(self.env['account.invoice'].search(
            [('partner_id', '=', self.customer.id)]))

    def test_technician_cannot_invoice(self):
        task = self._done()
        with self.assertRaises(AccessError):
            task.sudo(self.tech1).action_dsa_invoice()
        self.assertFalse(task.dsa_invoice_id)

    def test_bulk_server_action(self):
        tasks = self._done() | self._done()
        action = self.env.ref('dsa_tts.project_task_action_server_dsa_invoice')
        result = action.sudo(self.accountant).with_context(
            active_model='project.task', active_ids=tasks.ids, active_id=tasks[0].id).run()
        invoice = tasks.mapped('dsa_invoice_id')
        self.assertEqual(len(invoice), 1)
        self.assertEqual(result['domain'], [('id', 'in', invoice.ids)])
