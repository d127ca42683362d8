from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# Fields whose change alters the zone scope embedded in the cached record rules.
ZONE_SCOPE_FIELDS = ('dsa_zone_ids', 'dsa_area_manager_id', 'dsa_agent_ids', 'groups_id',
                     'company_ids', 'partner_id')


class ResUsers(models.Model):
    _inherit = 'res.users'

    dsa_zone_ids = fields.Many2many(
        'dsa.zone', 'dsa_zone_res_users_rel', 'user_id', 'zone_id', string='Zones covered',
        help='Zones whose customers this agent sees.')
    dsa_area_manager_id = fields.Many2one(
        'res.users', string='Area manager', index=True, ondelete='set null',
        domain=[('share', '=', False)],
        help='The area manager sees everything this agent sees.')
    dsa_agent_ids = fields.One2many(
        'res.users', 'dsa_area_manager_id', string='Managed agents')
    dsa_inactivity_alert_date = fields.Datetime(
        string='Inactivity alert sent', copy=False, readonly=True,
        help='When Direction was last alerted that this user contributes nothing '
             '(cron dsa_crm.ir_cron_inactivity_alert).')

    @api.constrains('dsa_area_manager_id')
    def _check_dsa_area_manager(self):
        for user in self.filtered('dsa_area_manager_id'):
            manager = user.dsa_area_manager_id
            if manager == user:
                raise ValidationError(_('%s cannot be their own area manager.') % user.name)
            if not manager.has_group('dsa_crm.group_area_manager'):
                raise ValidationError(
                    _('%s cannot be the area manager of %s: they are not in the '
                      'Area manager group.') % (manager.name, user.name))

    @api.model
    def create(self, vals):
        user = super(ResUsers, self).create(vals)
        if any(key in vals for key in ZONE_SCOPE_FIELDS):
            self.env['ir.rule'].clear_caches()
        return user

    @api.multi
    def write(self, vals):
        res = super(ResUsers, self).write(vals)
        if any(key in vals for key in ZONE_SCOPE_FIELDS):
            # ir.rule caches the evaluated domain per (uid, model, mode), and the
            # domain embeds the zone ids: a new scope must be seen at once.
            self.env['ir.rule'].clear_caches()
        return res

    # ------------------------------------------------------------------
    # Zone scope, used by the record rules of security/dsa_crm_rules.xml
    # ------------------------------------------------------------------
    @api.multi
    def _dsa_crm_zone_ids(self):
        """Zone ids this user is restricted to, or False when not restricted.

        Agents see the customers of their zones; area managers also those of
        the zones of the agents they manage. Direction and Administration are
        not restricted, nor are users outside the sales force.
        """
        user = self[:1] or self.env.user
        if (not user.has_group('dsa_crm.group_agent')
                or user.has_group('dsa_crm.group_direction')
                or user.has_group('dsa_crm.group_administration')):
            return False
        user = user.sudo()
        zones = user.dsa_zone_ids
        if user.has_group('dsa_crm.group_area_manager'):
            zones |= user.dsa_agent_ids.mapped('dsa_zone_ids')
        return zones.ids

    @api.multi
    def _dsa_crm_unrestricted(self):
        return self._dsa_crm_zone_ids() is False

    @api.multi
    def _dsa_crm_zone_domain(self, zone_path='partner_id.dsa_zone_id'):
        """Record rule domain: records whose zone (reached by zone_path) is one
        of the user's zones.

        Usable as the whole domain of a global rule on any model with a partner
        many2one, e.g. ``user._dsa_crm_zone_domain('partner_id.dsa_zone_id')``,
        or with a stored zone field (``'dsa_zone_id'``); it is empty (no
        restriction) for users who are not zone-restricted.
        """
        zone_ids = self._dsa_crm_zone_ids()
        if zone_ids is False:
            return []
        return [(zone_path, 'in', zone_ids)]

    @api.multi
    def _dsa_crm_own_partner_ids(self):
        """Partners outside the zones that a zone-restricted user needs: their
        own, their companies', and for an area manager those of the agents
        they manage (to assign them orders and activities). A short list."""
        user = (self[:1] or self.env.user).sudo()
        partners = user.partner_id | user.company_ids.mapped('partner_id')
        if user.has_group('dsa_crm.group_area_manager'):
            partners |= user.dsa_agent_ids.mapped('partner_id')
        return partners.ids

    @api.multi
    def _dsa_crm_event_domain(self, prefix=''):
        """Record rule domain on calendar.event (``prefix`` 'event_id.' on
        calendar.attendee) for zone-restricted users: the meetings they (or,
        for an area manager, their agents) organise or attend, and those of
        the opportunities of their zones. Core lets every employee read every
        event, which named other zones' opportunities and attendees."""
        zone_ids = self._dsa_crm_zone_ids()
        if zone_ids is False:
            return []
        user = (self[:1] or self.env.user).sudo()
        team = user
        if user.has_group('dsa_crm.group_area_manager'):
            team |= user.dsa_agent_ids
        return ['|', '|', '|',
                (prefix + 'user_id', 'in', team.ids),
                (prefix + 'partner_ids', 'in', team.mapped('partner_id').ids),
                (prefix + 'opportunity_id.partner_id.dsa_zone_id', 'in', zone_ids),
                '&', (prefix + 'opportunity_id.partner_id', '=', False),
                (prefix + 'opportunity_id.user_id', 'in', team.ids)]

    @api.multi
    def _dsa_crm_partner_domain(self, path=''):
        """Record rule domain on res.partner for zone-restricted users.

        They see the customers (and contact persons) of their zones, their own
        partner and their company's (see _dsa_crm_own_partner_ids). They never
        see customers of other zones, customers without a zone, vendors,
        colleagues' partners, nor any other partner without a zone. Odoo
        applies this rule when a user record is read (res.users inherits
        res.partner): colleagues are shown through many2one fields, which Odoo
        resolves as superuser, not by reading res.users.

        ``path`` ('partner_id.') gives the same domain on a model with a
        partner many2one: its records that name a partner the user may read.
        """
        zone_ids = self._dsa_crm_zone_ids()
        if zone_ids is False:
            return []
        return ['|',
                (path + 'dsa_zone_id', 'in', zone_ids),
                (path[:-1] or 'id', 'in', self._dsa_crm_own_partner_ids())]
