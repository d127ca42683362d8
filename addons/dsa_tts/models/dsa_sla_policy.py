from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .dsa_ticket import PRIORITIES


class DsaSlaPolicy(models.Model):
    """A service level (issue 26): what the company promises per call priority,
    in working hours of a working-time calendar. The company's default one
    applies to calls without a contract; a running contract on the call's
    plant can carry its own, stricter one."""
    _name = 'dsa.sla.policy'
    _description = 'Service level'
    _inherit = ['mail.thread']
    _order = 'name, id'

    name = fields.Char(required=True, translate=True, track_visibility='onchange')
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        'res.company', 'Company', required=True,
        default=lambda self: self.env.user.company_id)
    calendar_id = fields.Many2one(
        'resource.calendar', 'Working time', required=True, track_visibility='onchange',
        default=lambda self: self.env.user.company_id.resource_calendar_id,
        help='The hours in which the clock runs; its global leaves (public holidays) '
             'do not count.')
    tz = fields.Selection(
        '_tz_get', 'Timezone', required=True, default='Europe/Rome',
        help='Timezone of the working hours of the calendar.')
    warn_share = fields.Float(
        'Warn at (%)', default=80.0, track_visibility='onchange',
        help='Share of a target after which the call is at risk and its owner is '
             'warned by an activity (e.g. 80: after 80% of the time allowed).')
    target_ids = fields.One2many(
        'dsa.sla.target', 'policy_id', 'Targets', copy=True,
        help='Time to first response and to resolution, per call priority.')
    description = fields.Text(
        'Text for the customer', translate=True,
        help='Printed on the service contract under the table of the targets.')

    _sql_constraints = [
        ('warn_share_range', 'CHECK (warn_share > 0 AND warn_share < 100)',
         'The warning share of a service level must be between 0 and 100%.'),
    ]

    @api.model
    def _tz_get(self):
        return self.env['res.partner']._fields['tz'].selection(self.env['res.partner'])

    @api.multi
    def _dsa_target(self, priority):
        """The target of ``priority`` (an empty record when there is none)."""
        self.ensure_one()
        return self.target_ids.filtered(lambda t: t.priority == priority)[:1]

    @api.multi
    def _dsa_check_stricter_than(self, default):
        """Refuse a contract service level that promises more time than the
        company's ``default`` for some priority: a contract only tightens it."""
        self.ensure_one()
        labels = dict(PRIORITIES)
        for base in default.target_ids:
            mine = self._dsa_target(base.priority)
            for name in ('response_hours', 'resolution_hours'):
                if base[name] and (not mine or not mine[name] or mine[name] > base[name]):
                    raise ValidationError(_(
                        'Service level %s: for priority %s the %s (%s working hours) is '
                        'longer than the company default %s (%s working hours).') % (
                        self.name, labels[base.priority], mine._fields[name].string,
                        mine[name] if mine else 0, default.name, base[name]))

    @api.model
    def _dsa_install_defaults(self):
        """At install and update: the standard service level becomes the
        default of the companies without one, and the stage "Waiting for the
        customer" stops the clock if no stage does yet (a choice made in
        the configuration is kept)."""
        standard = self.env.ref('dsa_tts.dsa_sla_policy_standard', raise_if_not_found=False)
        if standard:
            self.env['res.company'].sudo().search(
                [('dsa_sla_policy_id', '=', False)]).write({'dsa_sla_policy_id': standard.id})
        Stage = self.env['dsa.ticket.stage'].sudo()
        waiting = self.env.ref('dsa_tts.dsa_ticket_stage_waiting', raise_if_not_found=False)
        if waiting and not Stage.search_count([('sla_pause', '=', True)]):
            waiting.write({'sla_pause': True})
