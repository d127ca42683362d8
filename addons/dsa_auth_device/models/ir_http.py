import hmac
import logging
import time

from odoo import SUPERUSER_ID, api, models
from odoo.http import request

from ..local_url import local_redirect
from .dsa_device import SESSION_DEVICE_KEY, SESSION_SEEN_KEY

_logger = logging.getLogger(__name__)

# The last-seen time is written to the session at most this often (seconds),
# so that an active user does not rewrite the session file on every request.
SEEN_RESOLUTION = 30

# the parameters of page routes that name where the browser goes next
REDIRECT_PARAMS = ('redirect', 'return_url')


class IrHttp(models.AbstractModel):
    _inherit = 'ir.http'

    @classmethod
    def _dispatch(cls):
        cls._dsa_local_redirect_param()
        return super(IrHttp, cls)._dispatch()

    @classmethod
    def _dsa_local_redirect_param(cls):
        """Only local redirects are followed (issue 23).

        Several page routes send the browser to a URL taken from their
        parameters: ``redirect`` for /web/login (after the login, or at once
        when already logged in, also through auth_signup), /web,
        /web/dbredirect, /web/session/logout, /my/account (portal) and the
        forms that carry it on; ``return_url`` for the payment pages and the
        wire transfer feedback (/payment/transfer/feedback, open to anyone).
        A link to any of them could send a user who just typed their password
        to a look-alike site. These parameters are made local here, once for
        every page route, before any controller reads them: a full URL of
        this very host becomes its path, anything else becomes /web."""
        if request._request_type != 'http':
            return
        params = request.params
        host = request.httprequest.host
        for name in REDIRECT_PARAMS:
            if params.get(name):
                params[name] = local_redirect(params[name], host=host)

    @classmethod
    def _authenticate(cls, auth_method='user'):
        if request.session.uid:
            cls._dsa_check_device_session()
        return super(IrHttp, cls)._authenticate(auth_method=auth_method)

    @classmethod
    def _dsa_check_device_session(cls):
        """End the session when its device is no longer approved, when a user who
        needs a device has a session not bound to one, or after the idle time."""
        session = request.session
        env = api.Environment(request.cr, SUPERUSER_ID, {})
        user = env['res.users'].browse(session.uid)
        policy = user._dsa_device_policy()
        device_id = session.get(SESSION_DEVICE_KEY)
        reason = None
        if device_id:
            # SQL on purpose: this runs on every request of a bound session; one
            # primary-key lookup, no ORM cache or prefetch to set up.
            request.cr.execute(
                'SELECT state, user_id, token_hash FROM dsa_device WHERE id = %s',
                (device_id,))
            row = request.cr.fetchone()
            token = env['dsa.device']._request_token()
            if not row or row[0] != 'approved' or row[1] != session.uid:
                reason = 'device no longer approved'
            elif not token or not hmac.compare_digest(
                    env['dsa.device']._hash_token(token), row[2]):
                # the session cookie was taken from the browser that opened it
                reason = 'session cookie used without its device'
        elif policy == 'required':
            reason = 'no registered device'
        if not reason and policy == 'required':
            idle = int(env['ir.config_parameter'].get_param(
                'dsa_auth_device.idle_minutes', '60') or 0)
            now = time.time()
            seen = session.get(SESSION_SEEN_KEY) or 0
            if idle > 0 and now - seen > idle * 60:
                reason = 'idle for more than %s minutes' % idle
            elif now - seen > SEEN_RESOLUTION:
                session[SESSION_SEEN_KEY] = now
        if reason:
            _logger.info('Session of user %s ended: %s', session.uid, reason)
            session.logout(keep_db=True)
