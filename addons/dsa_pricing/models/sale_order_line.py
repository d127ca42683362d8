from odoo import _, api, fields, models

from .dsa_licence_price import PRODUCT_CODES

LINE_KINDS = [
    ('setup', 'Setup fee (one-time)'),
    ('monthly', 'Monthly licence (recurring)'),
    ('customization', 'Customization days (one-time)'),
]


class SaleOrderLine(models.Model):
    """One owner per euro: a recurring line (monthly licence, support-hour
    package) is invoiced only by its subscription, so the order's own
    invoicing never bills it (quantity to invoice 0).  Every other line is
    invoiced once by the order, at confirmation (see sale.order)."""
    _inherit = 'sale.order.line'

    dsa_recurring = fields.Boolean(
        string='Recurring monthly', copy=True,
        help='Billed every month by the licence subscription, not once.')
    dsa_line_kind = fields.Selection(LINE_KINDS, string='Licence line', copy=True)
    dsa_product_code = fields.Selection(PRODUCT_CODES, string='Licence product', copy=True)
    dsa_users = fields.Integer(string='Licence users', copy=True)
    dsa_hour_package_size = fields.Selection(
        related='product_id.dsa_hour_package_size', string='Support hour package',
        readonly=True)
    dsa_invoicing_note = fields.Char(
        string='Invoicing', compute='_compute_dsa_invoicing_note',
        help='Who invoices this line.')

    @api.multi
    def _dsa_billed_by_subscription(self):
        """Lines whose euros belong to a subscription, not to the order."""
        return self.filtered(lambda l: l.dsa_recurring or l.product_id.dsa_hour_package_size)

    @api.depends('dsa_recurring', 'product_id.dsa_hour_package_size')
    def _compute_dsa_invoicing_note(self):
        recurring = self._dsa_billed_by_subscription()
        for line in self:
            if line.product_id.dsa_hour_package_size:
                line.dsa_invoicing_note = _('Invoiced every month, in advance, by its '
                                            'support-hour package, not by the order.')
            elif line in recurring:
                line.dsa_invoicing_note = _('Invoiced every month, in arrears, by its '
                                            'licence subscription, not by the order.')
            elif line.dsa_line_kind:
                line.dsa_invoicing_note = _('One-time: invoiced once, at confirmation.')
            else:
                line.dsa_invoicing_note = False

    @api.depends('dsa_recurring', 'product_id.dsa_hour_package_size')
    def _get_to_invoice_qty(self):
        super(SaleOrderLine, self)._get_to_invoice_qty()
        for line in self._dsa_billed_by_subscription():
            line.qty_to_invoice = 0.0
