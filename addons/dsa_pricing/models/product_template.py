from odoo import fields, models

from .dsa_hour_package import PACKAGE_SIZES


class ProductTemplate(models.Model):
    _inherit = 'product.template'

    dsa_hour_package_size = fields.Selection(
        PACKAGE_SIZES, string='Support hour package',
        help='Sold on an order, this product becomes a monthly support-hour package of this '
             'size that renews itself on the 1st; its sale price is the monthly price.')
