import hashlib
import logging
import re
import secrets
import threading
import time
from contextlib import contextmanager

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessDenied, UserError
from odoo.http import request

_logger = logging.getLogger(__name__)

DEVICE_COOKIE = 'dsa_device'
DEVICE_COOKIE_MAX_AGE = 10 * 365 * 24 * 3600
TOKEN_RE = re.compile(r'^[A-Za-z0-9_-]{32,128}$')
SESSION_DEVICE_KEY = 'dsa_device_id'
SESSION_SEEN_KEY = 'dsa_last_seen'


_login_form = threading.local()


@contextmanager
def login_form_refusals():
    """Within this block (the web login form, which shows the refusal), a device
    refusal is raised as DeviceRefused; every other door (XML-RPC, JSON
    session authentication) gets False, exactly as for a wrong password."""
    previous = getattr(_login_form, 'active', False)
    _login_form.active = True
    try:
        yield
    finally:
        _login_form.active = previous


def login_form_active():
    return getattr(_login_form, 'active', False)


class DeviceRefused(AccessDenied):
    """The password was right, but this browser is not an approved device of
    the user. Raised by dsa.device._check_login through res.users._login up to
    the login controller, which answers exactly as for a wrong password."""

    def __init__(self, user_id, state, device_id=None):
        super(DeviceRefused, self).__init__()
        self.user_id = user_id
        self.state = state          # 'unknown', 'pending', 'refused' or 'revoked'
        self.device_id = device_id


class DsaDevice(models.Model):
    """A browser from which a user may log in (CRM-4).

    The browser holds a random token in a long-lived HttpOnly cookie; only the
    SHA-256 of the token is stored here, bound to one user: the same cookie
    value presented for another user matches nothing.  A session opened from
    a device stays bound to it: replayed without the device cookie, it ends
    (ir.http).
    """

    _name = 'dsa.device'
    _description = 'Registered device'
    _inherit = ['mail.thread', 'mail.activity.mixin', 'dsa.action.guard']
    _order = 'state_sequence, date_request desc, id desc'

    name = fields.Char(string='Device name', required=True, track_visibility='onchange')
    user_id = fields.Many2one(
        'res.users', string='User', required=True, index=True, ondelete='cascade',
        readonly=True, track_visibility='onchange')
    user_agent = fields.Char(string='User agent', readonly=True)
    ip_address = fields.Char(string='IP address', readonly=True)
    token_hash = fields.Char(
        string='Token hash (SHA-256)', required=True, index=True, readonly=True, copy=False,
        groups='base.group_system')
    state = fields.Selection([
        ('pending', 'Pending'),
        ('approved', 'Approved'),
        ('refused', 'Refused'),
        ('revoked', 'Revoked'),
    ], string='Status', required=True, default='pending', index=True, readonly=True,
        track_visibility='onchange')
    state_sequence = fields.Integer(compute='_compute_state_sequence', store=True)
    date_request = fields.Datetime(
        string='Requested on', required=True, readonly=True, default=fields.Datetime.now)
    date_decision = fields.Datetime(string='Decided on', readonly=True)
    decided_by_id = fields.Many2one('res.users', string='Decided by', readonly=True)
    last_login = fields.Datetime(string='Last login', readonly=True)
    last_ip = fields.Char(string='Last IP address', readonly=True)
    attempt_count = fields.Integer(string='Login attempts', readonly=True, default=1)

    _sql_constraints = [
        ('user_token_uniq', 'unique(user_id, token_hash)',
         'This device is already registered for this user.'),
    ]

    @api.depends('state')
    def _compute_state_sequence(self):
        order = {'pending': 0, 'approved': 1, 'refused': 2, 'revoked': 3}
        for device in self:
            device.state_sequence = order.get(device.state, 9)

    @api.model
    def _dsa_action_fields(self):
        """The decision and its trail (who, when) are the buttons'; the token,
        the browser and the logins are recorded by the login itself."""
        res = super(DsaDevice, self)._dsa_action_fields()
        decide = _('the buttons Approve, Refuse or Revoke (action_approve, '
                   'action_refuse, action_revoke)')
        login = _('a login from the device')
        res.update({
            'state': decide, 'date_decision': decide, 'decided_by_id': decide,
            'user_id': login, 'token_hash': login, 'user_agent': login,
            'ip_address': login, 'date_request': login, 'last_login': login,
            'last_ip': login, 'attempt_count': login,
        })
        return res

    # ------------------------------------------------------------------
    # Actions (administrators)
    # ------------------------------------------------------------------
    @api.multi
    def _dsa_decide(self, state, allowed_from):
        for device in self:
            if device.state not in allowed_from:
                raise UserError(
                    _('Device "%s" of %s is %s: this action is not possible.')
                    % (device.name, device.user_id.name,
                       dict(self._fields['state']._description_selection(self.env))[
                           device.state]))
        self._dsa_action_write({
            'state': state,
            'date_decision': fields.Datetime.now(),
            'decided_by_id': self.env.uid,
        })
        return True

    @api.multi
    def action_approve(self):
        return self._dsa_decide('approved', ('pending', 'refused'))

    @api.multi
    def action_refuse(self):
        return self._dsa_decide('refused', ('pending',))

    @api.multi
    def action_revoke(self):
        """Revoke: every session opened from this device ends at its next request."""
        return self._dsa_decide('revoked', ('approved',))

    # ------------------------------------------------------------------
    # Tokens and login check
    # ------------------------------------------------------------------
    @api.model
    def _hash_token(self, token):
        return hashlib.sha256(token.encode('utf-8')).hexdigest()

    @api.model
    def _new_token(self):
        return secrets.token_urlsafe(32)

    @api.model
    def _request_token(self):
        """The well-formed device token of the current HTTP request, or None."""
        if not request:
            return None
        token = request.httprequest.cookies.get(DEVICE_COOKIE)
        if token and TOKEN_RE.match(token):
            return token
        return None

    @api.model
    def _find(self, user, token):
        if not token:
            return self.browse()
        return self.sudo().search(
            [('user_id', '=', user.id), ('token_hash', '=', self._hash_token(token))], limit=1)

    @api.model
    def _check_login(self, user):
        """Called after the password was verified. Raises AccessDenied when the
        user must use an approved device and this request does not come from one.
        """
        policy = user._dsa_device_policy()
        if request:
            request.session.pop(SESSION_DEVICE_KEY, None)
        if policy == 'none':
            return
        token = self._request_token()
        device = self._find(user, token)
        if policy == 'admin':
            # administrators are never refused (nobody locks the company out)
            if device.state == 'approved':
                self._mark_login(device)
            return
        if not request:
            # XML-RPC and other doors without a browser cannot present a device
            _logger.info('Login of %s refused: a registered device is required', user.login)
            raise AccessDenied()
        if device.state == 'approved':
            self._mark_login(device)
            return
        _logger.info('Login of %s refused: device %s', user.login, device.state or 'unknown')
        raise DeviceRefused(user.id, device.state or 'unknown', device.id)

    @api.model
    def _mark_login(self, device):
        ip = request.httprequest.remote_addr if request else False
        device.sudo().write({'last_login': fields.Datetime.now(), 'last_ip': ip})
        if request:
            request.session[SESSION_DEVICE_KEY] = device.id
            request.session[SESSION_SEEN_KEY] = time.time()

    @api.model
    def _register_request(self, user, token, state='pending'):
        """Create (or refresh) the registration request of this browser for user."""
        httprequest = request.httprequest
        device = self._find(user, token)
        if device:
            device.sudo().write({'attempt_count': device.attempt_count + 1,
                                 'last_ip': httprequest.remote_addr})
            return device
        agent = httprequest.user_agent
        name = _('%s on %s') % ((agent.browser or _('Unknown browser')).title(),
                                (agent.platform or _('unknown system')).title())
        vals = {
            'name': name,
            'user_id': user.id,
            'user_agent': (agent.string or '')[:500],
            'ip_address': httprequest.remote_addr,
            'token_hash': self._hash_token(token),
            'state': state,
        }
        if state == 'approved':
            vals.update(date_decision=fields.Datetime.now(), decided_by_id=user.id)
        device = self.sudo().create(vals)
        if state == 'pending':
            device._notify_administrators()
        return device

    @api.multi
    def _notify_administrators(self):
        """A request is waiting: an activity for each administrator, so that it
        shows in their activities menu (and in the email digest of activities)."""
        activity_type = self.env.ref('dsa_auth_device.mail_activity_type_device_request')
        admins = self.env.ref('base.group_system').sudo().users.filtered(
            lambda u: u.active and not u.share and u.id != SUPERUSER_ID)
        model_id = self.env['ir.model']._get(self._name).id
        Activity = self.env['mail.activity'].sudo()
        for device in self:
            for admin in admins:
                Activity.create({
                    'res_model_id': model_id,
                    'res_id': device.id,
                    'activity_type_id': activity_type.id,
                    'user_id': admin.id,
                    'summary': _('Approve or refuse the device of %s') % device.user_id.name,
                    'date_deadline': fields.Date.context_today(self),
                })
