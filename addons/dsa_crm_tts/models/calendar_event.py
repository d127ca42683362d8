from odoo import fields, models


class CalendarEvent(models.Model):
    _inherit = 'calendar.event'

    # The intervention(s) whose planning is this event (project.task.dsa_event_id):
    # the zone record rule follows it to the intervention's zone.
    dsa_task_ids = fields.One2many(
        'project.task', 'dsa_event_id', string='Interventions', readonly=True,
        context={'active_test': False})
