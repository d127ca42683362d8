from odoo import SUPERUSER_ID, http
from odoo.http import request

from odoo.addons.web.controllers.main import Home

from ..models.dsa_device import DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE


class DsaDeviceHome(Home):
    """Login with registered devices (CRM-4).

    The device check itself runs in res.users.check_credentials, so every door
    that authenticates a web session goes through it; this controller only turns
    a refusal into a clear page and records the registration request.
    """

    @http.route()
    def web_login(self, redirect=None, **kw):
        request._dsa_device_refusal = None
        response = super(DsaDeviceHome, self).web_login(redirect=redirect, **kw)
        if request.httprequest.method != 'POST':
            return response
        refusal = getattr(request, '_dsa_device_refusal', None)
        if refusal:
            return self._dsa_device_refused(refusal)
        if request.params.get('login_success') and request.session.uid:
            self._dsa_register_admin_device(response)
        return response

    def _dsa_set_cookie(self, response, token):
        response.set_cookie(
            DEVICE_COOKIE, token, max_age=DEVICE_COOKIE_MAX_AGE, httponly=True,
            secure=request.httprequest.scheme == 'https', samesite='Lax')

    def _dsa_device_refused(self, refusal):
        env = request.env(user=SUPERUSER_ID)
        Device = env['dsa.device']
        user = env['res.users'].browse(refusal['user_id'])
        token = Device._request_token() or Device._new_token()
        device = Device.browse(refusal.get('device_id'))
        if refusal['state'] in ('unknown', 'pending'):
            # new request, or one more attempt on the pending one (no duplicate)
            device = Device._register_request(user, token)
        response = request.render('dsa_crm.device_refused', {
            'state': refusal['state'] if refusal['state'] != 'unknown' else 'pending',
            'new_request': refusal['state'] == 'unknown',
            'device': device,
            'login': user.login,
        })
        response.status_code = 403
        response.headers['X-Frame-Options'] = 'DENY'
        self._dsa_set_cookie(response, token)
        return response

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
