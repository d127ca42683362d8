from collections import OrderedDict

from odoo import _, api, fields, models
from odoo.exceptions import UserError

INVOICE_STATES = [
    ('draft', 'Draft'),
    ('proforma', 'Pro-forma'),
    ('proforma2', 'Pro-forma'),
    ('open', 'Open'),
    ('paid', 'Paid'),
    ('cancel', 'Cancelled'),
]

BILLING = [
    ('billable', 'To invoice'),
    ('included', 'Included in the contract'),
    ('invoiced', 'Invoiced'),
    ('not_done', 'Not done'),
]


class ProjectTask(models.Model):
    """Invoicing of done interventions (issue 14).

    Billing rule (README, dsa_tts section):
    - preventive interventions under a service contract are not billed;
    - corrective ones under a contract follow the contract's
      ``corrective_billing`` (billable or included);
    - extraordinary ones under a contract get its labour and material
      discounts as line discounts;
    - without a contract everything is billed at list price.
    Labour is billed at the sale price of the "Field service labour" product,
    never at the employee's cost; materials at their product's list price.
    """
    _inherit = 'project.task'

    dsa_invoice_id = fields.Many2one(
        'account.invoice', 'Invoice', readonly=True, copy=False, index=True,
        ondelete='set null',
        help='The customer invoice of this intervention; a refund or a cancellation '
             'of the invoice frees the intervention for a new invoice.')
    dsa_invoice_state = fields.Selection(
        INVOICE_STATES, 'Invoice status', related='dsa_invoice_id.state', readonly=True)
    dsa_billing = fields.Selection(
        BILLING, 'Billing', compute='_compute_dsa_billing',
        help='Whether the intervention is to invoice, included in its contract, '
             'already invoiced, or not done yet.')

    @api.multi
    def _compute_dsa_billing(self):
        for task in self:
            if task.dsa_invoice_id:
                task.dsa_billing = 'invoiced'
            elif task.dsa_state != 'done':
                task.dsa_billing = 'not_done'
            elif task._dsa_is_billable():
                task.dsa_billing = 'billable'
            else:
                task.dsa_billing = 'included'

    @api.multi
    def _dsa_is_billable(self):
        """The billing rule: see the class docstring."""
        self.ensure_one()
        contract = self.sudo().dsa_contract_id
        if not contract:
            return True
        if self.dsa_kind == 'preventive':
            return False
        if self.dsa_kind == 'corrective':
            return contract.corrective_billing == 'billable'
        return True

    @api.multi
    def _dsa_discounts(self):
        """(labour %, material %) of the contract: extraordinary interventions only,
        the same rule as the costing (project_task_costing.py)."""
        self.ensure_one()
        contract = self.sudo().dsa_contract_id
        if contract and self.dsa_kind == 'extraordinary':
            return contract.labour_discount, contract.material_discount
        return 0.0, 0.0

    @api.model
    def _dsa_action_fields(self):
        """The invoice link and its status are the invoicing action's (the
        status is related: writing it would change the invoice itself)."""
        res = super(ProjectTask, self)._dsa_action_fields()
        res.update({
            'dsa_invoice_id': _('the button Create invoice (action_dsa_invoice)'),
            'dsa_invoice_state': _('the buttons of the invoice'),
        })
        return res

    # ------------------------------------------------------------------ checks

    @api.model
    def _dsa_income_account(self, product, fpos, task):
        account = self.env['account.invoice.line'].get_invoice_line_account(
            'out_invoice', product, fpos, task.company_id)
        if not account:
            raise UserError(_(
                'Intervention %s: no income account for product "%s". Set one on the '
                'product or on its category (%s) before invoicing.') % (
                task.name, product.display_name, product.categ_id.display_name))
        return account

    @api.model
    def _dsa_sale_journal(self, company):
        journal = self.env['account.journal'].search(
            [('type', '=', 'sale'), ('company_id', '=', company.id)], limit=1)
        if not journal:
            raise UserError(_(
                'No sales journal for company %s: install a chart of accounts '
                '(Invoicing > Configuration) before invoicing interventions.') % company.name)
        return journal

    @api.multi
    def _dsa_check_invoiceable(self):
        for task in self:
            if not task.dsa_is_intervention:
                raise UserError(_('Task %s is not a field-service intervention.') % task.name)
            if task.dsa_state != 'done':
                raise UserError(_(
                    'Intervention %s is not done: only done interventions are invoiced.')
                    % task.name)
            if task.dsa_invoice_id:
                raise UserError(_(
                    'Intervention %s is already invoiced (%s): refund or cancel that '
                    'invoice first.') % (task.name, task.dsa_invoice_id.number
                                         or task.dsa_invoice_id.display_name))
            if not task.partner_id:
                raise UserError(_('Intervention %s has no customer.') % task.name)

    # ------------------------------------------------------------------ lines

    @api.multi
    def _dsa_prepare_invoice_lines(self, labour, fpos):
        """Invoice line values of one intervention: one labour line (hours x the
        labour product's sale price) and one line per installed or replaced
        material at its list price; discounts for extraordinary work under contract."""
        self.ensure_one()
        task = self.sudo()
        labour_pct, material_pct = task._dsa_discounts()
        lines = []
        hours = sum(task.timesheet_ids.mapped('unit_amount'))
        if hours:
            if labour.lst_price <= 0:
                raise UserError(_(
                    'Intervention %s: the labour product "%s" has no sales price; set the '
                    'hourly rate on it before invoicing.') % (task.name, labour.display_name))
            lines.append(task._dsa_invoice_line_vals(
                labour, hours, labour.lst_price, labour_pct, fpos,
                _('%s – labour') % task.name))
        for material in task.dsa_material_ids.filtered(lambda m: m.action != 'removed'):
            product = material.product_id
            lines.append(task._dsa_invoice_line_vals(
                product, material.quantity, product.lst_price, material_pct, fpos,
                '%s – %s' % (task.name, product.display_name)))
        return lines

    @api.multi
    def _dsa_invoice_line_vals(self, product, quantity, price, discount, fpos, name):
        self.ensure_one()
        taxes = product.taxes_id.filtered(lambda t: t.company_id == self.company_id)
        if fpos:
            taxes = fpos.map_tax(taxes, product, self.partner_id)
        return {
            'name': name,
            'product_id': product.id,
            'uom_id': product.uom_id.id,
            'quantity': quantity,
            'price_unit': price,
            'discount': discount,
            'account_id': self._dsa_income_account(product, fpos, self).id,
            'invoice_line_tax_ids': [(6, 0, taxes.ids)],
            'account_analytic_id': self.project_id.analytic_account_id.id,
            'dsa_task_id': self.id,
        }

    # ------------------------------------------------------------------ action

    @api.multi
    def action_dsa_invoice(self):
        """Create draft customer invoices for the done, billable interventions of
        ``self``: one invoice per customer (commercial partner) and company.

        Interventions included in their contract are skipped; anything else that
        cannot be invoiced (not done, already invoiced, missing price, income
        account, journal or receivable account) raises before anything is written.
        Returns the invoices."""
        self.env['account.invoice'].check_access_rights('create')
        self._dsa_check_invoiceable()
        groups = OrderedDict()
        for task in self.filtered(lambda t: t._dsa_is_billable()):
            key = (task.partner_id.commercial_partner_id, task.company_id)
            groups.setdefault(key, self.browse())
            groups[key] |= task
        if not groups:
            raise UserError(_(
                'Nothing to invoice: the selected interventions are included in their '
                'service contracts.'))
        # everything is checked and prepared before the first invoice is created
        prepared = [(tasks, tasks._dsa_prepare_invoice_vals(partner, company))
                    for (partner, company), tasks in groups.items()]
        Invoice = self.env['account.invoice'].with_context(
            type='out_invoice', mail_create_nolog=True)
        invoices = Invoice.browse()
        for tasks, vals in prepared:
            invoice = Invoice.create(vals)
            invoice.compute_taxes()
            tasks._dsa_action_write({'dsa_invoice_id': invoice.id})
            invoices |= invoice
        return invoices

    @api.multi
    def _dsa_prepare_invoice_vals(self, partner, company):
        journal = self._dsa_sale_journal(company)
        receivable = partner.property_account_receivable_id
        if not receivable:
            raise UserError(_(
                'Customer %s has no receivable account: set one on the customer '
                '(Accounting tab) before invoicing intervention %s.')
                % (partner.display_name, self[0].name))
        fpos = self.env['account.fiscal.position'].get_fiscal_position(partner.id)
        fpos = self.env['account.fiscal.position'].browse(fpos)
        labour = self.env.ref('dsa_tts.product_product_dsa_labour').sudo()
        lines = []
        for task in self:
            lines += [(0, 0, vals) for vals in task._dsa_prepare_invoice_lines(labour, fpos)]
        if not lines:
            raise UserError(_(
                'Interventions %s have neither hours nor materials to invoice.')
                % ', '.join(self.mapped('name')))
        return {
            'type': 'out_invoice',
            'partner_id': partner.id,
            'journal_id': journal.id,
            'account_id': receivable.id,
            'company_id': company.id,
            'currency_id': company.currency_id.id,
            'origin': ', '.join(self.mapped('name'))[:500],
            'payment_term_id': partner.property_payment_term_id.id,
            'fiscal_position_id': fpos.id,
            'invoice_line_ids': lines,
        }
