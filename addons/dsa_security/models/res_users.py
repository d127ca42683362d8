from odoo import models


class ResUsers(models.Model):
    """The signup fields a user inherits from its partner (see res_partner.py)
    cannot be probed through search domains either."""
    _inherit = 'res.users'

    _dsa_secret_fields = ('signup_token', 'signup_type', 'signup_expiration',
                          'signup_url', 'signup_valid')
