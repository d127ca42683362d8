from odoo import SUPERUSER_ID, _, api, fields, http, models
from odoo.exceptions import AccessError
from odoo.tools import email_split


def _normalize_email(email):
    """The address part of ``email``, lower case ('' when there is none)."""
    addresses = email_split(email or '')
    return addresses[0].strip().lower() if addresses else ''


class ResPartner(models.Model):
    """A partner's email address is trusted to identify them only when staff
    set or confirmed it.

    A portal user can change their own address at will (``/my/account``, the
    preferences of res.users) and nobody checks that they own it: mail from
    that address must never be attributed to them (see mail_thread.py). The
    flag is set when staff write the address, and cleared when the address is
    changed by a portal or public user, whatever the code path (the portal
    controllers write with sudo(), hence the look at the HTTP session).

    Signup links are for their recipient and the user administrators.

    auth_signup hides the token (``signup_token``) but shows the link that
    carries it (``signup_url``) to whoever reads the partner, and mints a
    token for any partner when the caller sends ``signup_valid`` in the
    context: a portal user or an agent reading a customer contact could open
    a pending invitation or password reset, or sign up as that customer.
    Both computed fields are restricted like the token; the emails still
    render them, as superuser or as the administrator inviting the user.
    The token fields cannot be probed through search domains either (see
    base.py), by any user."""
    _inherit = 'res.partner'

    signup_url = fields.Char(groups='base.group_erp_manager')
    signup_valid = fields.Boolean(groups='base.group_erp_manager')

    _dsa_secret_fields = ('signup_token', 'signup_type', 'signup_expiration',
                          'signup_url', 'signup_valid')

    dsa_email_verified = fields.Boolean(
        'Email confirmed by staff', default=True, copy=False, groups='base.group_user',
        help='Set when the address was written or confirmed by an employee. A change '
             'of the address by the customer clears it: until an employee confirms '
             'it again, mail from that address is not attributed to this contact.')

    @api.model
    def _dsa_email_set_by_staff(self):
        """Whether an email written now is written by staff: an internal user
        (or the server itself: crons, the mail gateway, XML-RPC as an employee),
        not a portal or public user, even when the code path runs as superuser
        inside their HTTP request. ``dsa_email_unverified`` in the context can
        only withdraw trust (res.users sets it on a user's own change), never
        give it."""
        if self.env.context.get('dsa_email_unverified') or self.env.user.share:
            return False
        request = http.request
        if request and getattr(request, 'session', None) is not None:
            uid = request.session.uid
            if not uid or self.env['res.users'].sudo().browse(uid).share:
                return False
        return True

    @api.model
    def create(self, vals):
        if not self._dsa_email_set_by_staff():
            vals = dict(vals, dsa_email_verified=False)
        return super(ResPartner, self).create(vals)

    @api.multi
    def write(self, vals):
        if 'email' not in vals and 'dsa_email_verified' not in vals:
            return super(ResPartner, self).write(vals)
        vals = dict(vals)
        by_staff = self._dsa_email_set_by_staff()
        if not by_staff:
            # a customer cannot confirm an address; nor can their change keep it confirmed
            vals.pop('dsa_email_verified', None)
        changed = self.browse()
        if 'email' in vals:
            new = _normalize_email(vals['email'])
            changed = self.sudo().filtered(lambda p: _normalize_email(p.email) != new)
        res = super(ResPartner, self).write(vals)
        if changed and 'dsa_email_verified' not in vals:
            super(ResPartner, changed.sudo()).write({'dsa_email_verified': by_staff})
        return res

    @api.multi
    def signup_get_auth_param(self):
        """Callable over RPC: with free signup switched on, core mints and
        returns a token for any partner without a user. Only user
        administrators (and the superuser, which renders the portal links of
        the notifications) get tokens; others still get the login of partners
        that have a user."""
        partners = self
        if self.env.uid != SUPERUSER_ID and not self.env.user.has_group('base.group_erp_manager'):
            partners = self.filtered('user_ids')
        return super(ResPartner, partners).signup_get_auth_param()

    @api.model
    def _dsa_check_addressable(self, partner_ids):
        """Refuse (AccessError) partners the current user cannot read.

        Subscribing a partner to a document, mentioning it in a message or
        inviting it shows its name back to the user (followers and recipients
        are named as superuser) and sends it the document's e-mails: with any
        id, it would list and reach partners the record rules hide. The
        user's own partner is always allowed; the superuser is not checked."""
        if self.env.uid == SUPERUSER_ID:
            return
        ids = {pid for pid in partner_ids or () if pid} - {self.env.user.partner_id.id}
        if not ids:
            return
        readable = self.with_context(active_test=False).search([('id', 'in', list(ids))])
        if len(readable) != len(ids):
            raise AccessError(_('You cannot address a contact you are not allowed to see.'))

    @api.model
    def _dsa_command_ids(self, commands):
        """Partner ids that x2many ``commands`` (or a plain list of ids) link;
        (0, 0, vals) creates a partner, which the create access right guards."""
        ids = []
        for command in commands or ():
            if isinstance(command, int):
                ids.append(command)
            elif isinstance(command, (list, tuple)) and command:
                if command[0] in (1, 4) and len(command) > 1:
                    ids.append(command[1])
                elif command[0] == 6 and len(command) > 2:
                    ids.extend(command[2] or ())
        return ids
