import logging

from odoo import SUPERUSER_ID, api, fields, models, tools
from odoo.exceptions import AccessDenied
from odoo.http import request

from .dsa_device import DeviceRefused, login_form_active

_logger = logging.getLogger(__name__)


class ResUsers(models.Model):
    _inherit = 'res.users'

    dsa_device_ids = fields.One2many('dsa.device', 'user_id', string='Registered devices')

    @classmethod
    def _dsa_request_ip(cls):
        return request.httprequest.remote_addr if request else None

    @classmethod
    def _login(cls, db, login, password):
        """The one place where every door that opens a session checks a password.

        1. Throttling: past too many failures for this login or this IP
           address, the attempt is refused without checking the password.
        2. The password, by the other modules (auth_crypt, LDAP...).
        3. The device, once the password was accepted. Overriding
           check_credentials would not do: auth_crypt catches any AccessDenied
           raised below it and accepts the login.

        A refused device travels to the login form's controller as
        DeviceRefused; the other doors (XML-RPC, JSON session authentication)
        get False, as for a wrong password.
        """
        ip = cls._dsa_request_ip()
        with cls.pool.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            throttled = env['dsa.auth.attempt']._is_throttled(login, ip)
        if throttled:
            _logger.warning('Login of %s from %s refused: too many failed logins', login, ip)
            uid = False
        else:
            uid = super(ResUsers, cls)._login(db, login, password)
        if not uid:
            if not throttled:
                with cls.pool.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    env['dsa.auth.attempt']._record_failure(login, ip)
            return uid
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
        call: a user who needs a registered device is refused unless the call
        comes from a browser holding one of their approved devices."""
        super(ResUsers, cls).check(db, uid, passwd)
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
