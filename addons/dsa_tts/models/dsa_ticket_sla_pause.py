from odoo import fields, models

PAUSE_REASONS = [
    ('customer', 'Waiting for the customer'),
    ('closed', 'Call closed'),
]


class DsaTicketSlaPause(models.Model):
    """One interval in which the service-level clock of a call stood still:
    the call waited on the customer, or was closed before being reopened.
    Kept for the call's whole life, so that its deadlines can be recomputed
    at any time and a reopened call keeps its history."""
    _name = 'dsa.ticket.sla.pause'
    _description = 'Service-level clock pause'
    _order = 'date_start, id'

    ticket_id = fields.Many2one(
        'dsa.ticket', 'Service call', required=True, ondelete='cascade', index=True)
    date_start = fields.Datetime('From', required=True)
    date_end = fields.Datetime('To', help='Empty while the clock is still paused.')
    reason = fields.Selection(PAUSE_REASONS, required=True, default='customer')
    stage_id = fields.Many2one('dsa.ticket.stage', 'Stage', ondelete='set null')
