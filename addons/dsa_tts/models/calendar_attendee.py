from odoo import _, api, models
from odoo.exceptions import AccessError


class CalendarAttendee(models.Model):
    """A customer answers their own invitation, and nothing more.

    Core gives portal users write access to calendar.attendee: besides the
    answer (``state``, through do_accept / do_decline / do_tentative) they
    could rewrite the attendance itself (its partner, email, meeting, access
    token). Which attendances they reach is the record rule's business
    (security/dsa_portal_security.xml: their own)."""
    _inherit = 'calendar.attendee'

    #: what a portal user may change on their own attendance
    _DSA_SHARE_WRITABLE = frozenset(['state'])

    @api.multi
    def write(self, vals):
        if self.env.user.share and set(vals) - self._DSA_SHARE_WRITABLE:
            raise AccessError(_('You can only accept or decline your own invitation.'))
        return super(CalendarAttendee, self).write(vals)
