import logging

from odoo import _, api, fields, models
from odoo.tools import html_escape
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)


class SaleOrder(models.Model):
    _inherit = 'sale.order'

    # groups: like on res.partner; the order form reads them for its buttons,
    # and a salesperson outside the pricing group (an agent) could not open an
    # order (AccessError on the subscriptions, issue 10)
    dsa_subscription_ids = fields.One2many(
        'dsa.licence.subscription', 'sale_order_id', string='Licence subscriptions',
        groups='dsa_pricing.group_pricing_user')
    dsa_hour_subscription_ids = fields.One2many(
        'dsa.hour.package.subscription', 'sale_order_id', string='Support hour packages',
        groups='dsa_pricing.group_pricing_user')
    dsa_date_start = fields.Date(
        string='Subscriptions start', copy=False,
        help='Go-live of the licences and first month of the support-hour packages of the '
             'order. Empty: the confirmation date.')
    dsa_is_licence = fields.Boolean(
        string='Licence order', compute='_compute_dsa_amounts', store=True)
    dsa_amount_one_time = fields.Monetary(
        string='One-time amount', compute='_compute_dsa_amounts', store=True,
        help='Setup fees and customization days, invoiced once (untaxed).')
    dsa_amount_monthly = fields.Monetary(
        string='Monthly recurring amount', compute='_compute_dsa_amounts', store=True,
        help='Monthly licence fees, invoiced every month by the subscription (untaxed).')

    @api.depends('order_line.price_subtotal', 'order_line.dsa_recurring',
                 'order_line.dsa_line_kind')
    def _compute_dsa_amounts(self):
        for order in self:
            recurring = order.order_line.filtered('dsa_recurring')
            order.dsa_is_licence = any(order.order_line.mapped('dsa_line_kind'))
            order.dsa_amount_monthly = sum(recurring.mapped('price_subtotal'))
            order.dsa_amount_one_time = sum((order.order_line - recurring).mapped('price_subtotal'))

    @api.multi
    def action_confirm(self):
        res = super(SaleOrder, self).action_confirm()
        self._dsa_create_subscriptions()
        packages = self._dsa_create_hour_subscriptions()
        self._dsa_invoice_one_time()
        self._dsa_bill_first_months(packages)
        return res

    @api.multi
    def _dsa_create_hour_subscriptions(self):
        """One support-hour package per package line, created once.  Its
        first month is the month of the confirmation."""
        # sudo: as for the licence subscriptions, a salesman confirms
        Package = self.env['dsa.hour.package.subscription'].sudo()
        created = Package
        for order in self:
            done = order.sudo().dsa_hour_subscription_ids.mapped('sale_line_id')
            lines = order.order_line.filtered(
                lambda l: l.product_id.dsa_hour_package_size and l not in done)
            for line in lines:
                created |= Package.create(order._dsa_prepare_hour_subscription_vals(line))
        return created

    @api.multi
    def _dsa_prepare_hour_subscription_vals(self, line):
        self.ensure_one()
        day = fields.Date.from_string(self._dsa_start_date())
        return {
            'partner_id': self.partner_id.commercial_partner_id.id,
            'package_hours': line.product_id.dsa_hour_package_size,
            'monthly_price': line.price_subtotal / (line.product_uom_qty or 1.0),
            'currency_id': self.currency_id.id,
            'date_start': fields.Date.to_string(day.replace(day=1)),
            'sale_order_id': self.id,
            'sale_line_id': line.id,
            'company_id': self.company_id.id,
        }

    @api.multi
    def _dsa_start_date(self):
        self.ensure_one()
        return self.dsa_date_start or fields.Date.to_string(fields.Date.from_string(
            self.confirmation_date or fields.Date.context_today(self)))

    @api.model
    def _dsa_bill_first_months(self, packages):
        """Invoice the first month of the new packages at once, in advance;
        the monthly run bills the next ones."""
        for package in packages:
            package._dsa_run(package, fields.Date.from_string(package.date_start),
                             '_bill_due', _('Support hour billing'))

    @api.multi
    def _dsa_invoice_one_time(self):
        """The documented rule for one-time lines: at the confirmation of a
        licence or support-hour order, the order invoices (and posts) at once
        everything it owns, i.e. all lines with a quantity to invoice; the
        recurring lines have none.  The standard invoiced quantities then make
        the order's *Create invoice* find nothing left to bill.  If it fails
        (no chart, no account), the order stays confirmed, the error is posted
        on it and the billing manager gets an activity: the lines remain to
        invoice, once, with the standard button."""
        for order in self.filtered(lambda o: o.order_line._dsa_billed_by_subscription()
                                   or o.dsa_is_licence):
            if not order.order_line.filtered('qty_to_invoice'):
                continue
            try:
                with self.env.cr.savepoint():
                    # sudo: confirming is the salesman's right; the invoice of
                    # what was confirmed follows from it, posted by the system
                    invoice_ids = order.sudo().action_invoice_create()
                    invoices = self.env['account.invoice'].sudo().browse(invoice_ids)
                    invoices.action_invoice_open()
                    invoices._dsa_action_write({'dsa_send_state': 'to_send'})
            except Exception as exc:  # the confirmation must not be lost
                # a business error (no journal, no account) is reported on the
                # order and to the billing manager: no traceback in the log
                log = _logger.warning if isinstance(exc, UserError) else _logger.exception
                log('One-time invoice of order %s failed: %s', order.name, exc)
                self.invalidate_cache()
                error = getattr(exc, 'name', None) or str(exc)
                order.message_post(body=_('The one-time charges were not invoiced at '
                                          'confirmation: %s. Fix it, then use Create '
                                          'Invoice.') % html_escape(error))
                self.env['dsa.billing.mixin']._dsa_report_failures(
                    [(order.name, error)], fields.Date.context_today(self),
                    _('One-time invoicing'))

    @api.multi
    def _dsa_create_subscriptions(self):
        """One subscription per recurring licence line (PRC-3), created once."""
        # sudo: a salesman without the pricing groups may confirm a licence
        # order; the subscription belongs to the order's company
        Subscription = self.env['dsa.licence.subscription'].sudo()
        for order in self:
            done = order.sudo().dsa_subscription_ids.mapped('sale_line_id')
            lines = order.order_line.filtered(
                lambda l: l.dsa_recurring and l.dsa_product_code and l not in done)
            for line in lines:
                Subscription.create(order._dsa_prepare_subscription_vals(line))

    @api.multi
    def _dsa_prepare_subscription_vals(self, line):
        self.ensure_one()
        date_start = self._dsa_start_date()
        return {
            'partner_id': self.partner_id.commercial_partner_id.id,
            'product_code': line.dsa_product_code,
            'users': line.dsa_users or int(line.product_uom_qty),
            'date_start': date_start,
            'sale_order_id': self.id,
            'sale_line_id': line.id,
            'company_id': self.company_id.id,
            'state': 'running',
        }
