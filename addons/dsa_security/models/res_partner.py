from odoo import SUPERUSER_ID, api, fields, models


class ResPartner(models.Model):
    """Signup links are for their recipient and the user administrators.

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
    def _dsa_demo_speak(self, lang, xmlids):
        """Demo data: the partners and users named by ``xmlids`` speak ``lang``,
        when that language is loaded in the database (``make run`` and ``make
        test`` load Italian); elsewhere they keep the database's language.
        Called by a ``<function>`` at the end of the suite's demo files."""
        if not self.env['res.lang'].search_count([('code', '=', lang)]):
            return False
        for xmlid in xmlids:
            self.env.ref(xmlid).write({'lang': lang})
        return True
