from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError


class MailNotification(models.Model):
    """Notifications are written by the mail code, as superuser.

    A notification of the user on a message lets them read that message (core
    counts them as notified): creating one, or pointing their own at another
    message, would open any email. Core's own code creates and updates them
    as superuser; users keep reading theirs (see the record rule)."""
    _inherit = 'mail.notification'

    @api.model
    def check_access_rights(self, operation, raise_exception=True):
        if operation != 'read' and self.env.uid != SUPERUSER_ID \
                and not self.env.user.has_group('base.group_system'):
            if raise_exception:
                raise AccessError(_('Only mail administrators can change notifications.'))
            return False
        return super(MailNotification, self).check_access_rights(
            operation, raise_exception=raise_exception)
