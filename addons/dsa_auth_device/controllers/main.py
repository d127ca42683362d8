import odoo
from odoo import SUPERUSER_ID, _, http
from odoo.http import request

from odoo.addons.web.controllers.main import Home

from ..models.dsa_device import (DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE, DeviceRefused,
                                 login_form_refusals)


class DsaDeviceHome(Home):
    """Login with registered devices.

    The device check itself runs in res.users._login, after the password was
    accepted, so that every door that opens a session goes through it (and
    res.users.check covers the RPC calls that send a password each time).
    This controller only turns a refusal (DeviceRefused) into the answer the
    visitor sees, and records the registration request.

    Whatever the reason (wrong password, throttled, device unknown, pending,
    refused or revoked), a failed login gets the same page: the login form
    with one message, and a device cookie. A visitor who tries a stolen
    password from an unknown browser learns nothing about it; only a right
    password creates a registration request, which the administrators see.
    """

    @http.route()
    def web_login(self, redirect=None, **kw):
        if request.httprequest.method != 'POST':
            return super(DsaDeviceHome, self).web_login(redirect=redirect, **kw)
        try:
            with login_form_refusals():
                response = super(DsaDeviceHome, self).web_login(redirect=redirect, **kw)
        except DeviceRefused as refusal:
            request.uid = SUPERUSER_ID
            return self._dsa_login_failed(self._dsa_login_page(), refusal=refusal)
        if request.params.get('login_success') and request.session.uid:
            self._dsa_register_admin_device(response)
            return response
        return self._dsa_login_failed(response)

    @staticmethod
    def _dsa_login_message():
        return _('Wrong login or password, or this device is not approved for this '
                 'account. When the password is right, a new device is submitted to '
                 'the administrators for approval.')

    def _dsa_login_page(self):
        """The login form as web_login renders it after a wrong password."""
        values = request.params.copy()
        try:
            values['databases'] = http.db_list()
        except odoo.exceptions.AccessDenied:
            values['databases'] = None
        if not odoo.tools.config['list_db']:
            values['disable_database_manager'] = True
        response = request.render('web.login', values)
        response.headers['X-Frame-Options'] = 'DENY'
        return response

    def _dsa_login_failed(self, response, refusal=None):
        """One answer for every failed login: same page, same status, a device
        cookie in both cases (the registration request only on a right password)."""
        env = request.env(user=SUPERUSER_ID)
        Device = env['dsa.device']
        token = Device._request_token() or Device._new_token()
        if refusal is not None and refusal.state in ('unknown', 'pending'):
            # new request, or one more attempt on the pending one (no duplicate)
            Device._register_request(env['res.users'].browse(refusal.user_id), token)
        if hasattr(response, 'qcontext'):
            response.qcontext['error'] = self._dsa_login_message()
        self._dsa_set_cookie(response, token)
        return response

    def _dsa_set_cookie(self, response, token):
        response.set_cookie(
            DEVICE_COOKIE, token, max_age=DEVICE_COOKIE_MAX_AGE, httponly=True,
            secure=request.httprequest.scheme == 'https', samesite='Lax')

    def _dsa_register_admin_device(self, response):
        """Administrators are never refused; their browser is registered (approved)
        so that it shows in the device list and can be revoked."""
        env = request.env(user=SUPERUSER_ID)
        user = env['res.users'].browse(request.session.uid)
        if user._dsa_device_policy() != 'admin' or request.session.get('dsa_device_id'):
            return
        Device = env['dsa.device']
        token = Device._request_token()
        device = Device._find(user, token)
        if device:
            # a refused or revoked browser of an administrator: start afresh
            token = None
        token = token or Device._new_token()
        device = Device._register_request(user, token, state='approved')
        Device._mark_login(device)
        self._dsa_set_cookie(response, token)
