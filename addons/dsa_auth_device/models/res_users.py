import logging

from odoo import SUPERUSER_ID, api, fields, models, tools
from odoo.exceptions import AccessDenied
from odoo.http import request

from ..client_address import rpc_client_address
from .dsa_device import DeviceRefused, login_form_active

_logger = logging.getLogger(__name__)


class ResUsers(models.Model):
    _inherit = 'res.users'

    dsa_device_ids = fields.One2many('dsa.device', 'user_id', string='Registered devices')

    @classmethod
    def _dsa_request_ip(cls):
        """The client address of the door in use: the HTTP request (web login,
        JSON session authentication, /jsonrpc) or the XML-RPC call."""
        if request:
            return request.httprequest.remote_addr
        return rpc_client_address()

    @classmethod
    def _dsa_reserve_attempt(cls, login=None, uid=None):
        """Reserve a password check for ``login`` (or the login of ``uid``) from
        the current address, before the password is checked; its id, or None
        when throttled. See dsa.auth.attempt: a cursor of its own, committed."""
        ip = cls._dsa_request_ip()
        with cls.pool.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            if uid is not None:
                login = env['res.users']._dsa_login_of(uid)
            attempt_id = env['dsa.auth.attempt']._reserve(login, ip)
        if attempt_id is None:
            _logger.warning('Login of %s from %s refused: too many failed logins', login, ip)
        return attempt_id

    @classmethod
    def _dsa_release_attempt(cls, attempt_id):
        """The password was right: the reserved attempt is not a failure."""
        with cls.pool.cursor() as cr:
            api.Environment(cr, SUPERUSER_ID, {})['dsa.auth.attempt']._release(attempt_id)

    @api.model
    def _dsa_login_of(self, uid):
        """The login that a password check by user id counts against (RPC calls
        send the uid, not the login); the id itself for an unknown user."""
        try:
            user = self.sudo().browse(int(uid)).exists()
        except (TypeError, ValueError):
            user = self.browse()
        return user.login or '#%s' % (uid,)

    @classmethod
    def _dsa_password_verified(cls, uid, passwd):
        """True when Odoo already verified this password for this user in this
        process (res.users.check keeps it): no guess is made, nothing to count.
        Reads base's private cache; without it every call is counted."""
        cache = getattr(cls, '_Users__uid_cache', None) or {}
        return bool(passwd) and cache.get(cls.pool.db_name, {}).get(uid) == passwd

    @classmethod
    def _login(cls, db, login, password):
        """The one place where every door that opens a session checks a password.

        1. Throttling: the attempt is reserved (counted) before the password
           is checked, so that concurrent attempts cannot all slip under the
           limit; past too many attempts for this login or this IP address,
           the attempt is refused without checking the password.
        2. The password, by the other modules (auth_crypt, LDAP...). A right
           password releases the reservation; a wrong one leaves it, counted.
        3. The device, once the password was accepted. Overriding
           check_credentials would not do: auth_crypt catches any AccessDenied
           raised below it and accepts the login.

        A refused device travels to the login form's controller as
        DeviceRefused; the other doors (XML-RPC, JSON session authentication)
        get False, as for a wrong password.
        """
        attempt_id = cls._dsa_reserve_attempt(login=login)
        if attempt_id is None:
            return False
        uid = super(ResUsers, cls)._login(db, login, password)
        if not uid:
            return uid
        cls._dsa_release_attempt(attempt_id)
        with cls.pool.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            try:
                env['dsa.device']._check_login(env['res.users'].browse(uid))
            except AccessDenied as refusal:
                if isinstance(refusal, DeviceRefused) and login_form_active():
                    raise
                return False
        return uid

    @classmethod
    def check(cls, db, uid, passwd):
        """XML-RPC and /jsonrpc calls authenticate with uid and password on every
        call.

        A password not yet verified is a guess like any other: it is throttled
        and counted as in _login (by the user's login and the caller's
        address). A user who needs a registered device is refused unless the
        call comes from a browser holding one of their approved devices."""
        if cls._dsa_password_verified(uid, passwd):
            super(ResUsers, cls).check(db, uid, passwd)
        else:
            attempt_id = cls._dsa_reserve_attempt(uid=uid)
            if attempt_id is None:
                raise AccessDenied()
            # a wrong password raises AccessDenied: the reservation stays, counted
            super(ResUsers, cls).check(db, uid, passwd)
            cls._dsa_release_attempt(attempt_id)
        with cls.pool.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            user = env['res.users'].browse(uid)
            if user._dsa_device_policy() != 'required':
                return
            Device = env['dsa.device']
            if Device._find(user, Device._request_token()).state != 'approved':
                raise AccessDenied()

    @api.multi
    def _dsa_device_policy(self):
        """'admin', 'required' or 'none' (see dsa.device._check_login)."""
        return self._dsa_device_policy_cached(self[:1].id or self.env.uid)

    @api.model
    @tools.ormcache('uid')
    def _dsa_device_policy_cached(self, uid):
        user = self.sudo().browse(uid)
        if user.has_group('base.group_system'):
            return 'admin'
        required = self.env['res.groups'].sudo().search_count(
            [('dsa_require_device', '=', True), ('users', 'in', uid)])
        return 'required' if required else 'none'
