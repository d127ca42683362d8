from odoo import fields, models


class ResCompany(models.Model):
    """The company's default service level and who hears of breaches."""
    _inherit = 'res.company'

    dsa_sla_policy_id = fields.Many2one(
        'dsa.sla.policy', 'Default service level',
        help='Applies to the service calls not covered by a contract with its own '
             'service level.')
    dsa_sla_manager_id = fields.Many2one(
        'res.users', 'Service manager for breaches',
        help='Receives an activity for each breached service call (default: the '
             'administrator).')
