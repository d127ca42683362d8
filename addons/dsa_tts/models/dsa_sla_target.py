from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .dsa_ticket import PRIORITIES


class DsaSlaTarget(models.Model):
    """The two times a service level promises for one call priority."""
    _name = 'dsa.sla.target'
    _description = 'Service level target'
    _order = 'policy_id, priority desc'

    policy_id = fields.Many2one(
        'dsa.sla.policy', 'Service level', required=True, ondelete='cascade', index=True)
    priority = fields.Selection(PRIORITIES, required=True, default='1')
    response_hours = fields.Float(
        'First response (working hours)',
        help='Working hours within which a person acknowledges the call or plans an '
             'intervention; 0 means no promise.')
    resolution_hours = fields.Float(
        'Resolution (working hours)',
        help='Working hours within which the call is solved (an intervention done '
             'or the call closed); 0 means no promise.')

    _sql_constraints = [
        ('priority_unique', 'unique(policy_id, priority)',
         'A service level has one target per priority.'),
    ]

    @api.constrains('response_hours', 'resolution_hours')
    def _check_hours(self):
        labels = dict(PRIORITIES)
        for target in self:
            if target.response_hours < 0 or target.resolution_hours < 0:
                raise ValidationError(_(
                    'Service level %s, priority %s: the hours must not be negative.')
                    % (target.policy_id.name, labels[target.priority]))
            if target.resolution_hours and target.response_hours > target.resolution_hours:
                raise ValidationError(_(
                    'Service level %s, priority %s: the first response cannot take '
                    'longer than the resolution.')
                    % (target.policy_id.name, labels[target.priority]))
