import calendar
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .dsa_licence_price import PRODUCT_CODES

# XML ids of the products of each licence (data/product_data.xml)
LICENCE_PRODUCTS = {
    'tts': {
        'setup': 'dsa_pricing.product_product_tts_setup',
        'monthly': 'dsa_pricing.product_product_tts_monthly',
        'customization': 'dsa_pricing.product_product_tts_customization',
    },
    'crm': {
        'setup': 'dsa_pricing.product_product_crm_setup',
        'monthly': 'dsa_pricing.product_product_crm_monthly',
        'customization': 'dsa_pricing.product_product_crm_customization',
    },
}


def month_start(date):
    """First day (date object) of the month of ``date`` (date object)."""
    return date.replace(day=1)


def month_end(date):
    return date.replace(day=calendar.monthrange(date.year, date.month)[1])


class DsaLicenceSubscription(models.Model):
    """A running licence of a customer (PRC-3), invoiced monthly in arrears.

    Pro rata: every day of a month costs 1/(days in the month) of the monthly
    fee that applies on that day, i.e. the users counted that day times the
    monthly fee per user of their tier in the current price table.
    """
    _name = 'dsa.licence.subscription'
    _description = 'Licence subscription'
    _inherit = ['mail.thread', 'mail.activity.mixin', 'dsa.billing.mixin', 'dsa.action.guard']
    _order = 'date_start desc, id desc'

    name = fields.Char(
        string='Reference', required=True, copy=False, readonly=True, default='/')
    partner_id = fields.Many2one(
        'res.partner', string='Customer', required=True, index=True,
        track_visibility='onchange')
    product_code = fields.Selection(
        PRODUCT_CODES, string='Product', required=True, track_visibility='onchange')
    users = fields.Integer(string='Users', required=True, default=1, track_visibility='onchange')
    price_id = fields.Many2one(
        'dsa.licence.price', string='Price tier', compute='_compute_price')
    currency_id = fields.Many2one(
        'res.currency', string='Currency', required=True,
        default=lambda self: self.env.ref('base.EUR'))
    monthly_fee_per_user = fields.Monetary(
        string='Monthly fee per user', compute='_compute_price')
    monthly_amount = fields.Monetary(string='Monthly amount', compute='_compute_price')
    date_start = fields.Date(
        string='Start date', required=True, default=fields.Date.context_today,
        track_visibility='onchange')
    date_stop = fields.Date(
        string='Stop date', copy=False, track_visibility='onchange',
        help='Last day billed. The subscription is not invoiced after this day.')
    state = fields.Selection(
        [('running', 'Running'), ('stopped', 'Stopped')], string='Status', required=True,
        default='running', copy=False, track_visibility='onchange')
    last_invoiced_period = fields.Date(
        string='Last invoiced period', copy=False, readonly=True,
        help='First day of the last month invoiced.')
    sale_order_id = fields.Many2one('sale.order', string='Sale order', copy=False, index=True)
    sale_line_id = fields.Many2one('sale.order.line', string='Order line', copy=False)
    company_id = fields.Many2one(
        'res.company', string='Company', required=True,
        default=lambda self: self.env.user.company_id)
    period_ids = fields.One2many(
        'dsa.licence.subscription.period', 'subscription_id', string='Invoice history',
        readonly=True)
    change_ids = fields.One2many(
        'dsa.licence.subscription.change', 'subscription_id', string='User changes',
        readonly=True)
    invoice_count = fields.Integer(compute='_compute_invoice_count', string='Invoices')

    _sql_constraints = [
        ('users_positive', 'CHECK(users > 0)', 'A subscription needs at least one user.'),
    ]

    @api.depends('product_code', 'users')
    def _compute_price(self):
        Price = self.env['dsa.licence.price']
        for sub in self:
            sub.price_id = False
            sub.monthly_fee_per_user = 0.0
            sub.monthly_amount = 0.0
            if not sub.product_code or sub.users <= 0:
                continue
            try:
                tier = Price._find_tier(sub.product_code, sub.users)
            except (UserError, ValidationError):
                # a broken price table must not make the list unreadable;
                # the invoicing reports the error
                continue
            sub.price_id = tier
            sub.monthly_fee_per_user = tier.monthly_fee_per_user
            sub.monthly_amount = tier.currency_id.round(sub.users * tier.monthly_fee_per_user)

    @api.depends('period_ids.invoice_id')
    def _compute_invoice_count(self):
        for sub in self:
            sub.invoice_count = len(sub.period_ids.mapped('invoice_id'))

    @api.constrains('date_start', 'date_stop')
    def _check_dates(self):
        for sub in self:
            if sub.date_stop and sub.date_stop < sub.date_start:
                raise ValidationError(
                    _('Subscription %s: the stop date is before the start date.') % sub.name)

    @api.model
    def create(self, vals):
        if vals.get('name', '/') == '/':
            vals['name'] = self.env['ir.sequence'].next_by_code('dsa.licence.subscription') or '/'
        sub = super(DsaLicenceSubscription, self).create(vals)
        # validates the user count against the price table
        self.env['dsa.licence.price']._find_tier(sub.product_code, sub.users)
        return sub

    @api.multi
    def write(self, vals):
        if 'users' in vals:
            date = self._dsa_change_date()
            for sub in self:
                if sub.users != vals['users']:
                    self.env['dsa.licence.price']._find_tier(sub.product_code, vals['users'])
                    self.env['dsa.licence.subscription.change'].create({
                        'subscription_id': sub.id,
                        'date': date,
                        'users_before': sub.users,
                        'users_after': vals['users'],
                    })
        return super(DsaLicenceSubscription, self).write(vals)

    @api.model
    def _dsa_action_fields(self):
        """Status and billed months are the Stop button's and the billing run's."""
        res = super(DsaLicenceSubscription, self)._dsa_action_fields()
        res.update({
            'state': _('the button Stop (action_stop)'),
            'last_invoiced_period': _('the monthly invoicing run'),
        })
        return res

    @api.model
    def _dsa_change_date(self):
        """Day a change of the user count takes effect: today.

        A backdated change re-prices months already running (and billable):
        the ``dsa_change_date`` context key is honoured for the superuser
        only (scripts, data files, migrations), never from an RPC client."""
        date = self.env.context.get('dsa_change_date')
        if date and self.env.uid == SUPERUSER_ID:
            return date
        return fields.Date.context_today(self)

    @api.multi
    def action_stop(self):
        """Stop the subscription: the days up to the stop date (default today)
        are still invoiced, nothing after it."""
        today = fields.Date.context_today(self)
        for sub in self.filtered(lambda s: s.state == 'running'):
            sub._dsa_action_write({'state': 'stopped', 'date_stop': sub.date_stop or today})
        return True

    @api.multi
    def action_view_invoices(self):
        self.ensure_one()
        action = self.env.ref('account.action_invoice_tree1').read()[0]
        action['domain'] = [('id', 'in', self.period_ids.mapped('invoice_id').ids)]
        action['context'] = {'default_type': 'out_invoice'}
        return action

    # ------------------------------------------------------------ invoicing
    @api.multi
    def _users_on(self, day):
        """Users counted on ``day`` (date string), from the change history."""
        self.ensure_one()
        changes = self.change_ids.sorted(lambda c: (c.date, c.id))
        if not changes:
            return self.users
        users = changes[0].users_before
        for change in changes:
            if change.date <= day:
                users = change.users_after
        return users

    @api.multi
    def _period_segments(self, period_start):
        """Split the month starting ``period_start`` (date object) into
        segments of constant user count.  Returns a list of
        (first_day, last_day, users) with date objects, only days billed."""
        self.ensure_one()
        first = max(period_start, fields.Date.from_string(self.date_start))
        last = month_end(period_start)
        if self.date_stop:
            last = min(last, fields.Date.from_string(self.date_stop))
        segments = []
        day = first
        while day <= last:
            users = self._users_on(fields.Date.to_string(day))
            if segments and segments[-1][2] == users:
                segments[-1][1] = day
            else:
                segments.append([day, day, users])
            day += timedelta(days=1)
        return [tuple(s) for s in segments]

    @api.multi
    def _prepare_invoice_line_vals(self, period_start, segment):
        self.ensure_one()
        first, last, users = segment
        tier = self.env['dsa.licence.price']._find_tier(self.product_code, users)
        product = self.env.ref(LICENCE_PRODUCTS[self.product_code]['monthly'],
                               raise_if_not_found=False)
        if not product:
            raise UserError(_('The monthly licence product of %s is missing.')
                            % dict(PRODUCT_CODES)[self.product_code])
        account = self._dsa_income_account(product, _('subscription %s') % self.name)
        days_in_month = month_end(period_start).day
        days = (last - first).days + 1
        price_unit = tier.monthly_fee_per_user
        if days != days_in_month:
            price_unit = self.currency_id.round(price_unit * days / days_in_month)
        name = _('%s licence, %d users (%s), %s to %s (%d/%d days)') % (
            dict(PRODUCT_CODES)[self.product_code], users, tier.name,
            fields.Date.to_string(first), fields.Date.to_string(last), days, days_in_month)
        taxes = self._dsa_sale_taxes(product, self.company_id, self.name)
        return {
            'product_id': product.id,
            'name': name,
            'quantity': users,
            'price_unit': price_unit,
            'uom_id': product.uom_id.id,
            'account_id': account.id,
            'invoice_line_tax_ids': [(6, 0, taxes.ids)],
        }

    @api.multi
    def _prepare_invoice_vals(self, period_start, date_invoice):
        self.ensure_one()
        journal = self._dsa_sales_journal(self.company_id, _('subscriptions'))
        partner, contact = self._dsa_invoice_partners(
            self.partner_id, _('subscription %s') % self.name)
        receivable = partner.property_account_receivable_id
        segments = self._period_segments(period_start)
        lines = [(0, 0, self._prepare_invoice_line_vals(period_start, seg)) for seg in segments]
        return {
            'type': 'out_invoice',
            'partner_id': contact.id,
            'journal_id': journal.id,
            'account_id': receivable.id,
            'company_id': self.company_id.id,
            'currency_id': self.currency_id.id,
            'date_invoice': date_invoice,
            'origin': '%s %s' % (self.name, fields.Date.to_string(period_start)[:7]),
            'payment_term_id': partner.property_payment_term_id.id,
            'fiscal_position_id': partner.property_account_position_id.id,
            'invoice_line_ids': lines,
        }

    @api.multi
    def _periods_to_invoice(self, date):
        """First days (date objects) of the months to invoice on ``date``:
        every complete month since the start (or the last invoiced month)
        up to the month before ``date``, that the subscription covers."""
        self.ensure_one()
        last_period = month_start(date) - relativedelta(months=1)
        first = month_start(fields.Date.from_string(self.date_start))
        if self.last_invoiced_period:
            first = max(first, fields.Date.from_string(self.last_invoiced_period)
                        + relativedelta(months=1))
        stop = self.date_stop and month_start(fields.Date.from_string(self.date_stop))
        done = set(self.period_ids.mapped('period_start'))
        periods = []
        period = first
        while period <= last_period and (not stop or period <= stop):
            if fields.Date.to_string(period) not in done:
                periods.append(period)
            period += relativedelta(months=1)
        return periods

    @api.multi
    def _invoice_periods(self, date):
        """Invoice every period due on ``date`` (date object).  Returns the invoices."""
        self.ensure_one()
        invoices = self.env['account.invoice']
        for period in self._periods_to_invoice(date):
            if not self._period_segments(period):
                continue
            vals = self._prepare_invoice_vals(period, fields.Date.to_string(date))
            invoice = self._dsa_post_invoice(vals)
            self.env['dsa.licence.subscription.period'].create({
                'subscription_id': self.id,
                'period_start': fields.Date.to_string(period),
                'period_end': fields.Date.to_string(month_end(period)),
                'invoice_id': invoice.id,
                'detail': '; '.join(line.name for line in invoice.invoice_line_ids),
            })
            self._dsa_action_write({'last_invoiced_period': fields.Date.to_string(period)})
            invoices |= invoice
        return invoices

    @api.model
    def _cron_invoice_subscriptions(self, date=None, batch_size=100):
        """Monthly cron (PRC-3): invoice the complete months not invoiced yet.

        Idempotent (one period per subscription and month, unique key), in
        batches; a subscription that fails is posted on and skipped without
        losing the others (one savepoint each), the billing manager gets a
        summary activity; a subscription that a concurrent run is billing is
        skipped (row lock, see dsa.billing.mixin).
        """
        date = fields.Date.from_string(date or fields.Date.context_today(self))
        last_period = fields.Date.to_string(month_start(date) - relativedelta(months=1))
        subs = self.search([
            ('date_start', '<=', fields.Date.to_string(month_end(
                fields.Date.from_string(last_period)))),
            '|', ('last_invoiced_period', '=', False),
            ('last_invoiced_period', '<', last_period),
            '|', ('state', '=', 'running'), ('date_stop', '!=', False),
        ])
        invoices, failures = self._dsa_run(subs, date, '_invoice_periods',
                                           _('Licence invoicing'), batch_size)
        return invoices
