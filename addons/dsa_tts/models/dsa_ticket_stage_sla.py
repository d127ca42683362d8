from odoo import fields, models


class DsaTicketStage(models.Model):
    """A stage can stop the service-level clock (issue 26)."""
    _inherit = 'dsa.ticket.stage'

    sla_pause = fields.Boolean(
        'Clock paused', help='Calls in this stage wait on the customer: their '
        'service-level clock stands still until they leave it.')
