from odoo import api, models

from .mail_mail import queueing_mail


class CalendarAttendee(models.Model):
    _inherit = 'calendar.attendee'

    @api.multi
    def _send_mail_to_attendees(self, template_xmlid, force_send=False):
        """Core queues the invitations as the user who writes the meeting, then
        takes them out of the chatter and sends them, as that user: let it."""
        with queueing_mail(self.env):
            return super(CalendarAttendee, self)._send_mail_to_attendees(
                template_xmlid, force_send=force_send)
