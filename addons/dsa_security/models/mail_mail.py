import threading
from contextlib import contextmanager

from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError

_QUEUEING = threading.local()


@contextmanager
def queueing_mail(env):
    """Let the current user queue and send mails for the length of the block.

    Core queues some mails as the user who triggers them (the composer's mass
    mailing, the calendar's invitations) and then reads and writes them back.
    Only code can open this block: the flag lives in the thread, keyed by
    database and user, out of reach of any RPC argument or context key."""
    key = (env.cr.dbname, env.uid)
    keys = _QUEUEING.__dict__.setdefault('keys', [])
    keys.append(key)
    try:
        yield
    finally:
        keys.remove(key)


class MailMail(models.Model):
    """Queued and sent mails are for mail administrators only.

    Core lets every user read mail.mail, and employees and portal users write
    and create it. A mail holds its body (and, through ``_inherits``, the body
    of its mail.message read as superuser), its recipients and, for
    invitations and password resets, a signup link: a portal user could read
    another customer's emails, redirect them, or queue an email from the
    company's address. The suite's own mails are queued as superuser (see
    mail.template.send_mail) and the queue runs as superuser."""
    _inherit = 'mail.mail'

    @api.model
    def check_access_rights(self, operation, raise_exception=True):
        """Every door (read, search, read_group, name_search, export, write,
        create, unlink, and the inherited mail.message fields) checks the
        model's access rights first: refuse there."""
        if not self._dsa_mail_admin():
            if raise_exception:
                raise AccessError(_('Only mail administrators can read or change '
                                    'the outgoing mail queue.'))
            return False
        return super(MailMail, self).check_access_rights(
            operation, raise_exception=raise_exception)

    @api.model
    def _dsa_mail_admin(self):
        """Superuser, settings administrators, and code that is queueing a mail
        for the current user (queueing_mail)."""
        if self.env.uid == SUPERUSER_ID:
            return True
        if (self.env.cr.dbname, self.env.uid) in getattr(_QUEUEING, 'keys', ()):
            return True
        return self.env.user.has_group('base.group_system')

    @api.model
    def create(self, values):
        """An outgoing e-mail created by hand goes to its recipients: only
        partners the user can read (issue 23)."""
        Partner = self.env['res.partner']
        Partner._dsa_check_addressable(Partner._dsa_command_ids(values.get('recipient_ids')))
        return super(MailMail, self).create(values)
