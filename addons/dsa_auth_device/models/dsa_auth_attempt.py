import datetime

from odoo import api, fields, models


class DsaAuthAttempt(models.Model):
    """A failed login, for throttling per login name and per IP address.

    Written by res.users._login in a cursor of its own, so that the failure
    is kept when the request that carried it is rolled back."""
    _name = 'dsa.auth.attempt'
    _description = 'Failed login'
    _order = 'id desc'
    _log_access = False

    login = fields.Char('Login', index=True, readonly=True)
    ip_address = fields.Char('IP address', index=True, readonly=True)
    date = fields.Datetime(
        'Date', index=True, readonly=True, default=fields.Datetime.now)

    @api.model
    def _param(self, key, default):
        value = self.env['ir.config_parameter'].sudo().get_param(
            'dsa_auth_device.%s' % key, default)
        try:
            return int(value)
        except (TypeError, ValueError):
            return int(default)

    @api.model
    def _since(self):
        minutes = self._param('throttle_window_minutes', 15)
        return fields.Datetime.to_string(
            datetime.datetime.utcnow() - datetime.timedelta(minutes=minutes))

    @api.model
    def _is_throttled(self, login, ip):
        """True when ``login`` or ``ip`` had too many failures in the window."""
        since = self._since()
        login = (login or '').strip().lower()
        if self.search_count([('login', '=', login), ('date', '>=', since)]) >= \
                self._param('throttle_max_per_login', 5):
            return True
        return bool(ip) and self.search_count(
            [('ip_address', '=', ip), ('date', '>=', since)]) >= \
            self._param('throttle_max_per_ip', 20)

    @api.model
    def _record_failure(self, login, ip):
        self.sudo().create({'login': (login or '').strip().lower()[:200],
                            'ip_address': ip or False,
                            'date': fields.Datetime.now()})

    @api.model
    def _purge(self):
        """Cron: forget failures older than a day."""
        limit = fields.Datetime.to_string(
            datetime.datetime.utcnow() - datetime.timedelta(days=1))
        self.sudo().search([('date', '<', limit)]).unlink()
