from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .dsa_hour_package import HOURS_PER_DAY, PACKAGE_SIZES
from .dsa_licence_price import PRODUCT_CODES
from .dsa_licence_subscription import month_end, month_start


class DsaHourPackageSubscription(models.Model):
    """A monthly support-hour package sold on an order (PRC-4), that renews
    itself on the 1st of every month until its end date.

    The run of the 1st of month M, for each subscription:
    1. closes month M-1 (its unused hours expire, see dsa.hour.package);
    2. applies the size chosen for "next month", if any;
    3. opens month M and invoices, on one invoice: month M in advance at
       the monthly price, and the overuse of M-1 in arrears, at the day rate
       per 8-hour day, pro rata of the hours.
    After the end date, the run of the next 1st only bills the overuse of
    the last month, then the subscription is done.
    """
    _name = 'dsa.hour.package.subscription'
    _description = 'Support hour package subscription'
    _inherit = ['mail.thread', 'mail.activity.mixin', 'dsa.billing.mixin', 'dsa.action.guard']
    _order = 'date_start desc, id desc'

    name = fields.Char(string='Reference', required=True, copy=False, readonly=True,
                       default='/')
    partner_id = fields.Many2one(
        'res.partner', string='Customer', required=True, index=True,
        domain=[('is_company', '=', True)], track_visibility='onchange')
    package_hours = fields.Selection(
        PACKAGE_SIZES, string='Package', required=True, default='20',
        track_visibility='onchange', help='Hours a month of the current month.')
    next_package_hours = fields.Selection(
        PACKAGE_SIZES, string='Package from next month', track_visibility='onchange',
        help='Upgrade or downgrade: applied on the 1st of the next month.')
    monthly_price = fields.Monetary(
        string='Monthly price', required=True, track_visibility='onchange',
        help='Invoiced in advance on the 1st of every month. Set from the order line, or '
             'from the sale price of the package product when the size changes.')
    product_code = fields.Selection(
        PRODUCT_CODES, string='Day rate of', required=True, default='crm',
        help='Licence product whose customization day rate prices the overuse.')
    day_rate = fields.Monetary(
        string='Day rate', required=True, default=lambda self: self._default_day_rate(),
        help='Overuse is billed at this rate for 8 hours, pro rata of the hours.')
    currency_id = fields.Many2one(
        'res.currency', string='Currency', required=True,
        default=lambda self: self.env.ref('base.EUR'))
    date_start = fields.Date(
        string='First month', required=True,
        default=lambda self: self._default_date_start(), track_visibility='onchange')
    date_end = fields.Date(
        string='End date', copy=False, track_visibility='onchange',
        help='Last day of the last month of the package (a month end).')
    state = fields.Selection(
        [('running', 'Running'), ('done', 'Done')], string='Status', required=True,
        default='running', copy=False, track_visibility='onchange')
    last_billed_month = fields.Date(
        string='Last month billed', copy=False, readonly=True,
        help='First day of the last month the run has processed.')
    month_ids = fields.One2many('dsa.hour.package', 'subscription_id', string='Months',
                                readonly=True)
    sale_order_id = fields.Many2one('sale.order', string='Sale order', copy=False, index=True)
    sale_line_id = fields.Many2one('sale.order.line', string='Order line', copy=False)
    company_id = fields.Many2one(
        'res.company', string='Company', required=True,
        default=lambda self: self.env.user.company_id)
    invoice_count = fields.Integer(compute='_compute_invoice_count', string='Invoices')

    @api.model
    def _default_date_start(self):
        today = fields.Date.from_string(fields.Date.context_today(self))
        return fields.Date.to_string(month_start(today))

    @api.model
    def _default_day_rate(self):
        return self.env['dsa.hour.package']._default_day_rate()

    @api.depends('month_ids.invoice_id')
    def _compute_invoice_count(self):
        for sub in self:
            sub.invoice_count = len(sub._invoices())

    @api.constrains('date_start', 'date_end')
    def _check_dates(self):
        for sub in self:
            start = fields.Date.from_string(sub.date_start)
            if start.day != 1:
                raise ValidationError(
                    _('Hour package %s: the first month must start on the first day.')
                    % sub.name)
            if sub.date_end:
                end = fields.Date.from_string(sub.date_end)
                if end != month_end(end):
                    raise ValidationError(
                        _('Hour package %s: the end date must be the last day of a month '
                          '(months are invoiced in advance), not %s.') % (sub.name, sub.date_end))
                if end < start:
                    raise ValidationError(
                        _('Hour package %s: the end date is before the first month.')
                        % sub.name)

    @api.model
    def create(self, vals):
        if vals.get('name', '/') == '/':
            vals['name'] = self.env['ir.sequence'].next_by_code(
                'dsa.hour.package.subscription') or '/'
        return super(DsaHourPackageSubscription, self).create(vals)

    @api.multi
    def _invoices(self):
        return (self.mapped('month_ids.invoice_id')
                | self.mapped('month_ids.overuse_invoice_id'))

    @api.multi
    def action_view_invoices(self):
        self.ensure_one()
        action = self.env.ref('account.action_invoice_tree1').read()[0]
        action['domain'] = [('id', 'in', self._invoices().ids)]
        action['context'] = {'default_type': 'out_invoice'}
        return action

    @api.model
    def _dsa_action_fields(self):
        """Status and billed months are the billing run's."""
        res = super(DsaHourPackageSubscription, self)._dsa_action_fields()
        run = _('the monthly billing run of the hour package')
        res.update({'state': run, 'last_billed_month': run})
        return res

    @api.multi
    def action_stop(self):
        """Stop at the end of the current month (already invoiced in advance),
        unless an end date is set already."""
        today = fields.Date.from_string(fields.Date.context_today(self))
        for sub in self.filtered(lambda s: s.state == 'running' and not s.date_end):
            sub.date_end = fields.Date.to_string(max(
                month_end(today), month_end(fields.Date.from_string(sub.date_start))))
        return True

    # ------------------------------------------------------------ billing
    @api.model
    def _package_product(self, size):
        product = self.env['product.product'].search(
            [('dsa_hour_package_size', '=', size)], limit=1)
        if not product:
            raise UserError(_('No product is the support package of %s hours: set "Support '
                              'hour package" on a product.') % size)
        return product

    @api.multi
    def _months_due(self, date):
        """First days (date objects) of the months the run of ``date`` must
        process: from the month after the last billed one (or the first
        month) to the month of ``date``, and at most the month after the end
        (which bills only the overuse of the last month)."""
        self.ensure_one()
        first = month_start(fields.Date.from_string(self.date_start))
        if self.last_billed_month:
            first = fields.Date.from_string(self.last_billed_month) + relativedelta(months=1)
        last = month_start(date)
        if self.date_end:
            last = min(last, month_start(fields.Date.from_string(self.date_end))
                       + relativedelta(months=1))
        months = []
        while first <= last:
            months.append(first)
            first += relativedelta(months=1)
        return months

    @api.multi
    def _apply_next_size(self, month):
        self.ensure_one()
        if not self.next_package_hours or self.next_package_hours == self.package_hours:
            self.next_package_hours = False
            return
        product = self._package_product(self.next_package_hours)
        if not product.lst_price:
            raise UserError(_('The package product "%s" has no sale price: set the monthly '
                              'price before billing %s.') % (product.display_name, self.name))
        old = self.package_hours
        self.write({'package_hours': self.next_package_hours, 'next_package_hours': False,
                    'monthly_price': product.lst_price})
        self.message_post(body=_('From %s: package of %s hours instead of %s, %.2f a month.')
                          % (fields.Date.to_string(month)[:7], self.package_hours, old,
                             self.monthly_price))

    @api.multi
    def _prepare_month_line(self, month):
        self.ensure_one()
        if self.monthly_price <= 0:
            raise UserError(_('Hour package %s has no monthly price.') % self.name)
        product = self._package_product(self.package_hours)
        taxes = self._dsa_sale_taxes(product, self.company_id, self.name)
        return {
            'product_id': product.id,
            'name': _('Support hours %s: package of %s hours (in advance)')
            % (fields.Date.to_string(month)[:7], self.package_hours),
            'quantity': 1,
            'price_unit': self.monthly_price,
            'uom_id': product.uom_id.id,
            'account_id': self._dsa_income_account(product, self.name).id,
            'invoice_line_tax_ids': [(6, 0, taxes.ids)],
        }

    @api.multi
    def _prepare_overuse_line(self, package):
        """Overuse of the closed month ``package``: hours / 8 x day rate."""
        self.ensure_one()
        hours = package.overuse_hours_at_expiry
        if hours <= 0 or package.overuse_invoice_id:
            return False
        if package.day_rate <= 0:
            raise UserError(_('Hour package %s has no day rate to bill %.2f hours of overuse.')
                            % (package.name, hours))
        product = self._package_product(package.package_hours)
        taxes = self._dsa_sale_taxes(product, self.company_id, self.name)
        amount = self.currency_id.round(hours / HOURS_PER_DAY * package.day_rate)
        return {
            'product_id': product.id,
            'name': _('Support hours %s: overuse of %.2f hours beyond %s (%.3f days at %.2f a '
                      'day, in arrears)')
            % (package.period_start[:7], hours, package.package_hours, hours / HOURS_PER_DAY,
               package.day_rate),
            'quantity': 1,
            'price_unit': amount,
            'uom_id': product.uom_id.id,
            'account_id': self._dsa_income_account(product, self.name).id,
            'invoice_line_tax_ids': [(6, 0, taxes.ids)],
        }

    @api.multi
    def _prepare_invoice_vals(self, month, lines, date_invoice):
        self.ensure_one()
        commercial, contact = self._dsa_invoice_partners(self.partner_id, self.name)
        return {
            'type': 'out_invoice',
            'partner_id': contact.id,
            'journal_id': self._dsa_sales_journal(self.company_id, self.name).id,
            'account_id': commercial.property_account_receivable_id.id,
            'company_id': self.company_id.id,
            'currency_id': self.currency_id.id,
            'date_invoice': date_invoice,
            'origin': '%s %s' % (self.name, fields.Date.to_string(month)[:7]),
            'payment_term_id': commercial.property_payment_term_id.id,
            'fiscal_position_id': commercial.property_account_position_id.id,
            'invoice_line_ids': [(0, 0, line) for line in lines],
        }

    @api.multi
    def _prepare_package_vals(self, month):
        self.ensure_one()
        return {
            'subscription_id': self.id,
            'partner_id': self.partner_id.id,
            'period_start': fields.Date.to_string(month),
            'package_hours': self.package_hours,
            'product_code': self.product_code,
            'day_rate': self.day_rate,
            'monthly_price': self.monthly_price,
            'currency_id': self.currency_id.id,
            'company_id': self.company_id.id,
        }

    @api.multi
    def _bill_month(self, month, date):
        """Process one month (date object) as described on the class."""
        self.ensure_one()
        Package = self.env['dsa.hour.package']
        previous = self.month_ids.filtered(
            lambda p: p.period_start == fields.Date.to_string(month - relativedelta(months=1)))
        previous.filtered(lambda p: p.state == 'running').action_expire()
        lines = []
        overuse = previous and self._prepare_overuse_line(previous)
        package = Package
        if not self.date_end or month <= fields.Date.from_string(self.date_end):
            if month > fields.Date.from_string(self.date_start):
                self._apply_next_size(month)
            lines.append(self._prepare_month_line(month))
            # created by the run: its "created" note is kept, without the
            # tracking values of its initial fields (they are on the package)
            # and without making the run's user a follower (measured: 34
            # queries a package less)
            package = Package.with_context(
                mail_create_nosubscribe=True, mail_notrack=True).create(
                    self._prepare_package_vals(month))
        if overuse:
            lines.append(overuse)
        invoice = self.env['account.invoice']
        if lines:
            invoice = self._dsa_post_invoice(self._prepare_invoice_vals(
                month, lines, fields.Date.to_string(max(month, date))))
            package._dsa_action_write({'invoice_id': invoice.id})
            if overuse:
                previous._dsa_action_write({'overuse_invoice_id': invoice.id,
                                            'overuse_amount_billed': overuse['price_unit']})
        vals = {'last_billed_month': fields.Date.to_string(month)}
        if self.date_end and month > fields.Date.from_string(self.date_end):
            vals['state'] = 'done'
        self._dsa_action_write(vals)
        return invoice

    @api.multi
    def _bill_due(self, date):
        """Bill every month due on ``date`` (date object).  Returns the invoices."""
        self.ensure_one()
        invoices = self.env['account.invoice']
        for month in self._months_due(date):
            invoices |= self._bill_month(month, date)
        return invoices

    @api.model
    def _cron_bill_packages(self, date=None, batch_size=100):
        """Monthly cron (the 1st): renew and invoice the hour packages.

        Idempotent: a month is processed once (last billed month, one package
        per subscription and month, the overuse invoice of a month is kept on
        it); concurrent runs skip what another run bills (row lock)."""
        date = fields.Date.from_string(date or fields.Date.context_today(self))
        subs = self.search([
            ('state', '=', 'running'),
            ('date_start', '<=', fields.Date.to_string(date)),
            '|', ('last_billed_month', '=', False),
            ('last_billed_month', '<', fields.Date.to_string(month_start(date))),
        ])
        invoices, failures = self._dsa_run(subs, date, '_bill_due',
                                           _('Support hour billing'), batch_size)
        return invoices
