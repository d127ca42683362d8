import datetime

from odoo import api, fields, models


class DsaAuthAttempt(models.Model):
    """A password check, for throttling per login name and per IP address.

    Every door that checks a password (res.users._login and res.users.check)
    first *reserves* an attempt: the row is inserted and committed in a cursor
    of its own, and only then are the attempts of the window counted,
    including the new one. Concurrent checks therefore always see each other:
    of N simultaneous attempts, the k-th to commit counts at least k rows, so
    no more than the limit ever reach the password. The row is removed when the
    password was right (or when the attempt is refused unchecked), and stays
    as a failed login otherwise, including when the request that carried it
    is rolled back.
    """
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
    def _normalize_login(self, login):
        """One spelling per login, the same when recording and when counting."""
        return (login or '').strip().lower()[:200]

    @api.model
    def _over_limit(self, login, ip):
        """True when ``login`` or ``ip`` has more attempts in the window than
        allowed. The caller's own reservation is among the rows counted."""
        since = self._since()
        if self.search_count([('login', '=', self._normalize_login(login)),
                              ('date', '>=', since)]) > \
                self._param('throttle_max_per_login', 5):
            return True
        return bool(ip) and self.search_count(
            [('ip_address', '=', ip), ('date', '>=', since)]) > \
            self._param('throttle_max_per_ip', 20)

    @api.model
    def _reserve(self, login, ip):
        """Reserve an attempt for ``login`` from ``ip``; the id, or None when
        throttled (the password must then not be checked).

        Commits: call it only in a cursor of its own (res.users does). The
        commit between the insert and the count is what makes concurrent
        attempts see each other."""
        attempt = self.sudo().create({'login': self._normalize_login(login),
                                      'ip_address': ip or False,
                                      'date': fields.Datetime.now()})
        # own cursor (res.users._dsa_reserve_attempt): the reservation must be
        # seen by the parallel attempts before this one counts
        self.env.cr.commit()  # pylint: disable=invalid-commit
        if not self._over_limit(login, ip):
            return attempt.id
        # refused unchecked: not a failed password, the window is not extended
        attempt.unlink()
        self.env.cr.commit()  # pylint: disable=invalid-commit
        return None

    @api.model
    def _release(self, attempt_id):
        """The password was right: the reserved attempt was no failure."""
        self.sudo().browse(attempt_id).exists().unlink()

    @api.model
    def _purge(self):
        """Cron: forget failures older than a day."""
        limit = fields.Datetime.to_string(
            datetime.datetime.utcnow() - datetime.timedelta(days=1))
        self.sudo().search([('date', '<', limit)]).unlink()
