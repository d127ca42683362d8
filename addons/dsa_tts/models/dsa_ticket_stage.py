from odoo import fields, models


class DsaTicketStage(models.Model):
    _name = 'dsa.ticket.stage'
    _description = 'Service call stage'
    _order = 'sequence, id'

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    fold = fields.Boolean(
        'Folded in kanban', help='Folded stages are collapsed in the kanban view.')
    is_closed = fields.Boolean(
        'Closing stage', help='Calls in this stage are considered solved or cancelled.')
    description = fields.Text(translate=True)
