from odoo import fields, models


class DsaLicenceSubscriptionChange(models.Model):
    """A change of the user count of a subscription, effective from ``date``
    (inclusive).  The invoicing reads them to price each day of a period."""
    _name = 'dsa.licence.subscription.change'
    _description = 'Licence subscription user change'
    _order = 'date, id'

    subscription_id = fields.Many2one(
        'dsa.licence.subscription', string='Subscription', required=True, ondelete='cascade',
        index=True)
    date = fields.Date(string='Effective from', required=True)
    users_before = fields.Integer(string='Users before', required=True)
    users_after = fields.Integer(string='Users after', required=True)
