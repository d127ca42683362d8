from odoo import api, fields, models


class ResCompany(models.Model):
    _inherit = 'res.company'

    dsa_billing_manager_id = fields.Many2one(
        'res.users', string='Billing manager',
        help='Receives the activities of the licence and support-hour billing: the summary '
             'of a run that failed for some records, and the invoices of customers without '
             'an email. Default: the administrator.')
    dsa_billing_require_tax = fields.Boolean(
        string='Licence invoices need a tax',
        help='When set, the billing refuses (and reports) a product without a customer tax '
             'of the company instead of invoicing it untaxed.')

    @api.multi
    def _dsa_billing_manager(self):
        self.ensure_one()
        return self.dsa_billing_manager_id or self.env.ref('base.user_root')
