from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext, html_escape

CHANNELS = [
    ('backend', 'Backend'),
    ('portal', 'Portal'),
    ('email', 'Email'),
    ('phone', 'Phone'),
]

PRIORITIES = [
    ('0', 'Low'),
    ('1', 'Normal'),
    ('2', 'High'),
    ('3', 'Urgent'),
]


class DsaTicket(models.Model):
    _name = 'dsa.ticket'
    _description = 'Service call'
    _inherit = ['mail.thread', 'mail.activity.mixin', 'portal.mixin', 'dsa.action.guard']
    _order = 'priority desc, id desc'
    _mail_post_access = 'read'

    name = fields.Char(
        'Reference', required=True, readonly=True, copy=False, default='/', index=True)
    subject = fields.Char(required=True, track_visibility='onchange')
    description = fields.Text()
    partner_id = fields.Many2one(
        'res.partner', 'Customer', index=True, track_visibility='onchange')
    commercial_partner_id = fields.Many2one(
        'res.partner', related='partner_id.commercial_partner_id', store=True,
        readonly=True, string='Customer company')
    plant_id = fields.Many2one(
        'dsa.plant', 'Plant', index=True, track_visibility='onchange',
        domain="[('partner_id', 'child_of', commercial_partner_id)]")
    channel = fields.Selection(
        CHANNELS, required=True, default='backend', track_visibility='onchange')
    stage_id = fields.Many2one(
        'dsa.ticket.stage', 'Stage', index=True, track_visibility='onchange',
        default=lambda self: self._default_stage_id(),
        group_expand='_read_group_stage_ids', copy=False)
    is_closed = fields.Boolean(related='stage_id.is_closed', store=True, readonly=True)
    priority = fields.Selection(PRIORITIES, default='1', index=True)
    user_id = fields.Many2one(
        'res.users', 'Assigned to', index=True, track_visibility='onchange',
        domain=[('share', '=', False)])
    triage = fields.Boolean(
        'To triage', track_visibility='onchange', copy=False,
        help='Opened by email from an address that matches no customer: a dispatcher '
             'must link it to the right customer.')
    email_from = fields.Char('Sender email')
    company_id = fields.Many2one(
        'res.company', default=lambda self: self.env.user.company_id)
    color = fields.Integer()
    date_closed = fields.Datetime('Closed on', readonly=True, copy=False)
    task_ids = fields.One2many('project.task', 'dsa_ticket_id', 'Interventions')
    # the portal conversation shows the customer's emails too, not only comments
    website_message_ids = fields.One2many(
        'mail.message', 'res_id', string='Website messages', auto_join=True,
        domain=lambda self: [('model', '=', self._name),
                             ('message_type', 'in', ('comment', 'email'))])
    task_count = fields.Integer('Intervention count', compute='_compute_task_count')

    @api.model
    def _default_stage_id(self):
        return self.env['dsa.ticket.stage'].search([], limit=1)

    @api.model
    def _read_group_stage_ids(self, stages, domain, order):
        return stages.search([], order=order)

    @api.multi
    def _compute_task_count(self):
        data = self.env['project.task'].read_group(
            [('dsa_ticket_id', 'in', self.ids)], ['dsa_ticket_id'], ['dsa_ticket_id'])
        counts = {d['dsa_ticket_id'][0]: d['dsa_ticket_id_count'] for d in data}
        for ticket in self:
            ticket.task_count = counts.get(ticket.id, 0)

    @api.multi
    def _compute_portal_url(self):
        for ticket in self:
            ticket.portal_url = '/my/ticket/%s' % ticket.id

    @api.onchange('plant_id')
    def _onchange_plant_id(self):
        if self.plant_id and not self.partner_id:
            self.partner_id = self.plant_id.partner_id

    @api.onchange('partner_id')
    def _onchange_partner_id(self):
        if self.partner_id:
            self.triage = False
            if not self.email_from:
                self.email_from = self.partner_id.email

    @api.model
    def create(self, vals):
        if vals.get('name', '/') == '/':
            vals['name'] = self.env['ir.sequence'].next_by_code('dsa.ticket') or '/'
        if vals.get('plant_id') and not vals.get('partner_id'):
            vals['partner_id'] = self.env['dsa.plant'].browse(vals['plant_id']).partner_id.id
        ticket = super(DsaTicket, self.with_context(mail_create_nolog=False)).create(vals)
        if ticket.partner_id:
            ticket.message_subscribe([ticket.partner_id.id])
        return ticket

    @api.model
    def _dsa_action_fields(self):
        """The closing date follows the stage: nobody writes it."""
        res = super(DsaTicket, self)._dsa_action_fields()
        res['date_closed'] = _('a closed stage (the closing date follows the stage)')
        return res

    @api.multi
    def write(self, vals):
        # the caller's values are checked before this method adds its own
        self._dsa_check_action_fields(vals)
        tickets = self
        if 'stage_id' in vals:
            stage = self.env['dsa.ticket.stage'].browse(vals['stage_id'])
            vals['date_closed'] = fields.Datetime.now() if stage.is_closed else False
            tickets = self._dsa_action_env(['date_closed'])
        if vals.get('partner_id'):
            vals.setdefault('triage', False)
        res = super(DsaTicket, tickets).write(vals)
        if vals.get('partner_id'):
            for ticket in self:
                ticket.message_subscribe([vals['partner_id']])
        return res

    @api.multi
    def name_get(self):
        return [(t.id, '%s %s' % (t.name, t.subject or '')) for t in self]

    @api.model
    def _name_search(self, name, args=None, operator='ilike', limit=100, name_get_uid=None):
        args = list(args or [])
        if name:
            args = ['|', ('name', operator, name), ('subject', operator, name)] + args
        return self.search(args, limit=limit).sudo(name_get_uid or self.env.uid).name_get()

    # ------------------------------------------------------------------ mail gateway

    @api.model
    def _dsa_partner_from_email(self, email):
        """Return the customer that the address ``email`` designates, or nothing.

        Only an address that staff set or confirmed counts (a customer can set
        their own to anybody's); an address shared by two companies, or known
        to none, designates nobody and the call goes to triage. Matched exactly
        and case-insensitively, SQL wildcards escaped: ``c_rla@x`` or ``%@x``
        never match another customer. See dsa_security's mail_thread.py."""
        return self.env['mail.thread']._dsa_author_from_email(email)

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A message to the service alias opens a call with channel 'email'.

        The sender is matched to a partner by email address; an unknown sender
        still gets a call, flagged for triage."""
        values = dict(custom_values or {})
        email_from = msg_dict.get('email_from') or ''
        # the gateway's author (dsa_security: a confirmed, unambiguous address)
        partner = self.env['res.partner'].browse(msg_dict.get('author_id') or [])
        if not partner:
            partner = self._dsa_partner_from_email(email_from)
        plants = self.env['dsa.plant']
        if partner:
            plants = plants.search(
                [('partner_id', 'child_of', partner.commercial_partner_id.id)], limit=2)
        values.update({
            'name': '/',  # mail.thread would put the subject here: the sequence gives it
            'subject': msg_dict.get('subject') or _('(no subject)'),
            'description': html2plaintext(msg_dict.get('body') or ''),
            'channel': 'email',
            'email_from': email_from,
            'partner_id': partner.id or False,
            'triage': not partner,
        })
        if len(plants) == 1:
            values.setdefault('plant_id', plants.id)
        return super(DsaTicket, self.with_context(mail_create_nosubscribe=True)).message_new(
            msg_dict, custom_values=values)

    @api.multi
    def _message_get_suggested_recipients(self):
        recipients = super(DsaTicket, self)._message_get_suggested_recipients()
        for ticket in self:
            if ticket.partner_id:
                ticket._message_add_suggested_recipient(
                    recipients, partner=ticket.partner_id, reason=_('Customer'))
            elif ticket.email_from:
                ticket._message_add_suggested_recipient(
                    recipients, email=ticket.email_from, reason=_('Customer email'))
        return recipients

    # ------------------------------------------------------------------ actions

    @api.multi
    def action_plan_intervention(self):
        """Create an intervention (project.task in the field-service project) for the call."""
        self.ensure_one()
        if not self.partner_id:
            raise UserError(_(
                'Call %s has no customer yet: link it to a customer before planning '
                'an intervention.') % self.name)
        task = self.env['project.task'].create(self._prepare_intervention_vals())
        if self.stage_id == self._default_stage_id():
            progress = self.env.ref('dsa_tts.dsa_ticket_stage_in_progress',
                                    raise_if_not_found=False)
            if progress:
                self.stage_id = progress
        return task._dsa_form_action()

    @api.multi
    def action_plan_intervention_dialog(self):
        """The call's Plan button: a dispatcher plans in one dialog (the
        intervention is created when the dialog is confirmed); a technician
        opens a draft intervention for the dispatcher to plan."""
        self.ensure_one()
        if not self.env.user.has_group('dsa_tts.group_manager'):
            return self.action_plan_intervention()
        if not self.partner_id:
            raise UserError(_(
                'Call %s has no customer yet: link it to a customer before planning '
                'an intervention.') % self.name)
        return {
            'type': 'ir.actions.act_window',
            'name': _('Plan an intervention'),
            'res_model': 'dsa.intervention.plan.wizard',
            'view_mode': 'form',
            'views': [(False, 'form')],
            'target': 'new',
            'context': {'default_ticket_id': self.id},
        }

    @api.multi
    def _prepare_intervention_vals(self):
        self.ensure_one()
        project = self.env['project.project']._dsa_field_service_project()
        return {
            'name': '%s: %s' % (self.name, self.subject),
            'project_id': project.id,
            'partner_id': self.partner_id.id,
            'dsa_ticket_id': self.id,
            'dsa_plant_id': self.plant_id.id,
            'dsa_kind': 'corrective',
            'description': self._dsa_description_html(),
            'user_id': False,
        }

    @api.multi
    def _dsa_description_html(self):
        """The call's description (typed by the customer) as HTML text for the
        intervention: escaped, its line breaks kept. Nothing becomes markup,
        not even a link (core's plaintext2html would make addresses clickable)."""
        self.ensure_one()
        if not self.description:
            return False
        text = self.description.replace('\r\n', '\n').replace('\r', '\n')
        return '<p>%s</p>' % html_escape(text).replace('\n', '<br/>')

    @api.multi
    def action_view_interventions(self):
        self.ensure_one()
        action = self.env.ref('dsa_tts.project_task_action_dsa_intervention').read()[0]
        action['domain'] = [('dsa_ticket_id', '=', self.id)]
        action['context'] = {'default_dsa_ticket_id': self.id}
        return action
