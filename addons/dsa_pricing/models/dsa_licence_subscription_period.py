from odoo import fields, models


class DsaLicenceSubscriptionPeriod(models.Model):
    """One invoiced month of a subscription.  The unique key (subscription,
    period) makes the invoicing idempotent: a month is invoiced only once."""
    _name = 'dsa.licence.subscription.period'
    _description = 'Invoiced period of a licence subscription'
    _order = 'period_start desc'

    subscription_id = fields.Many2one(
        'dsa.licence.subscription', string='Subscription', required=True, ondelete='cascade',
        index=True)
    period_start = fields.Date(string='Period', required=True, help='First day of the month.')
    period_end = fields.Date(string='Period end', required=True)
    invoice_id = fields.Many2one('account.invoice', string='Invoice', ondelete='restrict')
    currency_id = fields.Many2one(related='invoice_id.currency_id', readonly=True)
    amount_untaxed = fields.Monetary(
        related='invoice_id.amount_untaxed', string='Untaxed amount', readonly=True)
    detail = fields.Char(string='Detail', help='Users and days billed in the period.')

    _sql_constraints = [
        ('subscription_period_uniq', 'unique(subscription_id, period_start)',
         'A subscription can be invoiced only once per period.'),
    ]
