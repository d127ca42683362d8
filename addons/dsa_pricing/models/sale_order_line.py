from odoo import fields, models

from .dsa_licence_price import PRODUCT_CODES

LINE_KINDS = [
    ('setup', 'Setup fee (one-time)'),
    ('monthly', 'Monthly licence (recurring)'),
    ('customization', 'Customization days (one-time)'),
]


class SaleOrderLine(models.Model):
    _inherit = 'sale.order.line'

    dsa_recurring = fields.Boolean(
        string='Recurring monthly', copy=True,
        help='Billed every month by the licence subscription, not once.')
    dsa_line_kind = fields.Selection(LINE_KINDS, string='Licence line', copy=True)
    dsa_product_code = fields.Selection(PRODUCT_CODES, string='Licence product', copy=True)
    dsa_users = fields.Integer(string='Licence users', copy=True)
