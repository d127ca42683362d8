import logging
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .dsa_licence_price import PRODUCT_CODES
from .dsa_licence_subscription import month_end, month_start

_logger = logging.getLogger(__name__)

PACKAGE_SIZES = [('20', '20 hours'), ('40', '40 hours'), ('80', '80 hours'), ('120', '120 hours')]
HOURS_PER_DAY = 8.0


class DsaHourPackage(models.Model):
    """A prepaid package of support hours for one customer and one month (PRC-4).

    Timesheet lines logged in the month on the customer's tasks (the task's
    customer, or the project's customer, at company level) consume it.
    Unused hours expire at month end.  Hours beyond the package are overuse,
    billable at the customization day rate: overuse hours / 8 x day rate.
    """
    _name = 'dsa.hour.package'
    _description = 'Prepaid hour package'
    _inherit = ['mail.thread', 'mail.activity.mixin', 'dsa.action.guard']
    _order = 'period_start desc, partner_id'

    name = fields.Char(compute='_compute_name', store=True)
    partner_id = fields.Many2one(
        'res.partner', string='Customer', required=True, index=True,
        domain=[('is_company', '=', True)], track_visibility='onchange')
    package_hours = fields.Selection(
        PACKAGE_SIZES, string='Package', required=True, default='20',
        track_visibility='onchange')
    hours_included = fields.Float(
        string='Hours included', compute='_compute_hours_included', store=True)
    period_start = fields.Date(
        string='Month', required=True, default=lambda self: self._default_period_start(),
        track_visibility='onchange', help='First day of the month the package covers.')
    period_end = fields.Date(string='Month end', compute='_compute_period_end', store=True)
    state = fields.Selection(
        [('running', 'Running'), ('expired', 'Expired')], string='Status', required=True,
        default='running', copy=False, track_visibility='onchange')
    product_code = fields.Selection(
        PRODUCT_CODES, string='Day rate of', required=True, default='crm',
        help='Licence product whose customization day rate prices the overuse.')
    currency_id = fields.Many2one(
        'res.currency', string='Currency', required=True,
        default=lambda self: self.env.ref('base.EUR'))
    day_rate = fields.Monetary(
        string='Day rate', default=lambda self: self._default_day_rate(),
        help='Overuse is billed at this rate for 8 hours.')
    hours_used = fields.Float(string='Hours used', compute='_compute_hours')
    hours_left = fields.Float(string='Hours left', compute='_compute_hours')
    overuse_hours = fields.Float(string='Overuse hours', compute='_compute_hours')
    is_overused = fields.Boolean(string='Overused', compute='_compute_hours')
    overuse_amount = fields.Monetary(string='Overuse amount', compute='_compute_hours')
    hours_used_at_expiry = fields.Float(string='Hours used at expiry', readonly=True, copy=False)
    expired_hours = fields.Float(
        string='Expired hours', readonly=True, copy=False,
        help='Hours of the package left unused at month end.')
    overuse_hours_at_expiry = fields.Float(
        string='Overuse hours at expiry', readonly=True, copy=False,
        help='Hours beyond the package when the month was closed: billed in arrears on the '
             'invoice of the next month.')
    company_id = fields.Many2one(
        'res.company', string='Company', required=True,
        default=lambda self: self.env.user.company_id)
    subscription_id = fields.Many2one(
        'dsa.hour.package.subscription', string='Subscription', readonly=True, index=True,
        ondelete='restrict')
    monthly_price = fields.Monetary(string='Monthly price', readonly=True)
    invoice_id = fields.Many2one(
        'account.invoice', string='Invoice of the month', readonly=True, copy=False,
        ondelete='restrict', help='Invoice of this month, in advance.')
    overuse_invoice_id = fields.Many2one(
        'account.invoice', string='Overuse invoice', readonly=True, copy=False,
        ondelete='restrict', help='Invoice (of the next month) that bills the overuse.')
    overuse_amount_billed = fields.Monetary(
        string='Overuse billed', readonly=True, copy=False)

    _sql_constraints = [
        ('partner_period_uniq', 'unique(partner_id, period_start)',
         'A customer has only one hour package per month.'),
    ]

    @api.model
    def _default_period_start(self):
        today = fields.Date.from_string(fields.Date.context_today(self))
        return fields.Date.to_string(month_start(today))

    @api.model
    def _default_day_rate(self):
        tier = self.env['dsa.licence.price'].search(
            [('product_code', '=', 'crm')], order='min_users', limit=1)
        return tier.day_rate

    @api.depends('partner_id', 'period_start', 'package_hours')
    def _compute_name(self):
        for pkg in self:
            pkg.name = '%s %s (%s h)' % (
                pkg.partner_id.name or '', (pkg.period_start or '')[:7], pkg.package_hours or '')

    @api.depends('package_hours')
    def _compute_hours_included(self):
        for pkg in self:
            pkg.hours_included = float(pkg.package_hours or 0)

    @api.depends('period_start')
    def _compute_period_end(self):
        for pkg in self:
            if pkg.period_start:
                pkg.period_end = fields.Date.to_string(
                    month_end(fields.Date.from_string(pkg.period_start)))

    @api.multi
    def _timesheet_domain(self, date_from=None, date_to=None):
        """Timesheet lines that consume the package (default: its whole month)."""
        self.ensure_one()
        partner = self.partner_id.commercial_partner_id
        return [
            ('project_id', '!=', False),
            ('task_id', '!=', False),
            ('date', '>=', date_from or self.period_start),
            ('date', '<=', date_to or self.period_end),
            '|', ('task_id.partner_id', 'child_of', partner.id),
            ('task_id.project_id.partner_id', 'child_of', partner.id),
        ]

    @api.depends('period_start', 'partner_id', 'package_hours', 'day_rate')
    def _compute_hours(self):
        # sudo: the totals of the customer's package, whose access is checked
        # by the package's own record rules, not the timesheets' ones
        Line = self.env['account.analytic.line'].sudo()
        for pkg in self:
            pkg.hours_used = pkg.hours_left = pkg.overuse_hours = pkg.overuse_amount = 0.0
            pkg.is_overused = False
            if not (pkg.partner_id and pkg.period_start and pkg.period_end):
                continue
            used = sum(Line.search(pkg._timesheet_domain()).mapped('unit_amount'))
            pkg.hours_used = used
            pkg.hours_left = max(pkg.hours_included - used, 0.0)
            pkg.overuse_hours = max(used - pkg.hours_included, 0.0)
            pkg.is_overused = pkg.overuse_hours > 0
            pkg.overuse_amount = pkg.currency_id.round(
                pkg.overuse_hours / HOURS_PER_DAY * pkg.day_rate)

    @api.constrains('period_start')
    def _check_period_start(self):
        for pkg in self:
            if fields.Date.from_string(pkg.period_start).day != 1:
                raise ValidationError(
                    _('Hour package %s: the month must start on the first day.') % pkg.name)

    @api.multi
    def _task_summary(self, lines):
        """[{'task', 'project', 'hours'}] of the given timesheet lines, by task."""
        summary = {}
        for line in lines.sudo():
            entry = summary.setdefault(line.task_id.id, {
                'task': line.task_id.name, 'project': line.project_id.name, 'hours': 0.0})
            entry['hours'] += line.unit_amount
        return sorted(summary.values(), key=lambda e: (-e['hours'], e['task'] or ''))

    @api.model
    def _dsa_action_fields(self):
        """The month is closed by its button or cron, and billed by the run."""
        res = super(DsaHourPackage, self)._dsa_action_fields()
        expire = _('the button Close the month (action_expire)')
        run = _('the monthly billing run of the hour package')
        res.update({
            'state': expire,
            'hours_used_at_expiry': expire,
            'expired_hours': expire,
            'overuse_hours_at_expiry': expire,
            'invoice_id': run,
            'overuse_invoice_id': run,
            'overuse_amount_billed': run,
        })
        return res

    @api.multi
    def action_expire(self):
        """Close the month: record the hours used and the hours that expire."""
        for pkg in self.filtered(lambda p: p.state == 'running'):
            used = pkg.hours_used
            expired = max(pkg.hours_included - used, 0.0)
            overuse = max(used - pkg.hours_included, 0.0)
            # one chatter message: the note below says the month is closed, the
            # tracking message of the status would repeat it (measured: 26
            # queries a package for the two messages)
            pkg.with_context(mail_notrack=True)._dsa_action_write({
                'state': 'expired',
                'hours_used_at_expiry': used,
                'expired_hours': expired,
                'overuse_hours_at_expiry': overuse,
            })
            pkg.message_post(body=_('Month closed: %.2f hours used, %.2f hours expired, '
                                    '%.2f hours of overuse.') % (used, expired, overuse))
        return True

    @api.model
    def _cron_expire_packages(self, date=None, batch_size=100):
        """Daily/monthly cron: expire the packages whose month has ended."""
        date = date or fields.Date.context_today(self)
        packages = self.search([('state', '=', 'running'), ('period_end', '<', date)])
        done = self.browse()
        for start in range(0, len(packages), batch_size):
            for pkg in packages[start:start + batch_size]:
                try:
                    with self.env.cr.savepoint():
                        pkg.action_expire()
                    done |= pkg
                except Exception:  # one bad package must not stop the batch
                    _logger.exception('Expiry of hour package %s failed', pkg.name)
                    self.invalidate_cache()
        return done

    @api.model
    def _cron_send_weekly_reports(self, date=None):
        """Weekly cron: email each customer the week's work and the balance.

        The week is the 7 days before ``date``; the package is the one of the
        month of the last of those days."""
        date = fields.Date.from_string(date or fields.Date.context_today(self))
        week_from = fields.Date.to_string(date - timedelta(days=7))
        week_to = fields.Date.to_string(date - timedelta(days=1))
        template = self.env.ref('dsa_pricing.mail_template_hour_package_weekly')
        packages = self.search([('period_start', '<=', week_to), ('period_end', '>=', week_to)])
        Line = self.env['account.analytic.line'].sudo()
        sent = self.browse()
        for pkg in packages:
            if not pkg.partner_id.email:
                _logger.info('Hour package %s: customer has no email, no weekly report',
                             pkg.name)
                continue
            try:
                with self.env.cr.savepoint():
                    lines = Line.search(pkg._timesheet_domain(week_from, week_to),
                                        order='date, id')
                    report = [{
                        'date': line.date,
                        'task': line.task_id.name,
                        'description': line.name,
                        'hours': line.unit_amount,
                    } for line in lines]
                    template.with_context(
                        week_from=week_from, week_to=week_to, week_lines=report,
                        week_hours=sum(lines.mapped('unit_amount')),
                    ).send_mail(pkg.id)
                sent |= pkg
            except Exception:  # one bad package must not stop the others
                _logger.exception('Weekly report of hour package %s failed', pkg.name)
                self.invalidate_cache()
        return sent
